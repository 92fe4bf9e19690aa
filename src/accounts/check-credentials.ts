// Whether a provider accepts a target's credentials right now, and what the
// key may do where the provider says (OKX: read, trade, withdraw).
import { isBalanceError, type BalanceError } from '../base/errors.js';
import { targetHttp, type FetchTarget } from './fetch.js';
import { credentialFacts, expiredError, hasExpired } from './credential-life.js';
import type { HttpClient } from '../net/http.js';
import type { KeyDescription } from '../base/settings.js';

export type CredentialCheck =
  | { readonly accepted: true; readonly key: KeyDescription | null }
  | { readonly accepted: false; readonly error: BalanceError };

/** One authenticated call: the key description where there is one, else a balance query. */
export async function checkCredentials(target: FetchTarget, http: HttpClient, now: () => number = Date.now): Promise<CredentialCheck> {
  // A token known to have expired is not sent: the answer is known.
  const facts = credentialFacts(target);
  if (hasExpired(facts, now())) return { accepted: false, error: expiredError(target, facts?.expiresAt ?? null) };
  // A clock the provider says is off is corrected for this check, as for a fetch.
  let offsetMs = 0;
  const request = {
    settings: target.settings,
    credentials: target.credentials,
    http: targetHttp(target, http),
    now: () => now() + offsetMs,
    correctClock: (deltaMs: number) => void (offsetMs += deltaMs),
  };
  try {
    if (target.provider.describeKey !== undefined) return { accepted: true, key: await target.provider.describeKey(request) };
    await target.provider.fetchAccounts({ ...request, currencies: [] });
    return { accepted: true, key: null };
  } catch (error) {
    if (!isBalanceError(error)) throw error;
    return { accepted: false, error };
  }
}
