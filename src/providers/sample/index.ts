// Built-in sample data: one account set per real provider, from that
// provider's documented example response run through its real parser and
// mapper. No request is made.
import type { AccountSet } from '../../base/model.js';
import { loadAllProviders } from '../registry.js';

export const SAMPLE_PROFILE = 'sample';

export async function sampleAccountSets(): Promise<AccountSet[]> {
  const providers = await loadAllProviders();
  return providers.flatMap((provider) =>
    provider.sampleAccounts === undefined
      ? []
      : [{ provider: provider.name, profile: SAMPLE_PROFILE, sample: true, accounts: provider.sampleAccounts() }],
  );
}
