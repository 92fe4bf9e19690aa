// The profile store, opened with what it cannot know itself: which secrets
// each provider has, from the provider registry. Commands open the store here.
import type { RealProviderName } from '../base/model.js';
import type { Env } from '../base/settings.js';
import { loadProvider } from '../providers/registry.js';
import { openProfileStore, type ProfileStore, type StoreOptions } from '../store/profile-store.js';

/** SecretSpec.key of each of the provider's secrets, in order. */
export async function secretKeysFromRegistry(provider: RealProviderName): Promise<readonly string[]> {
  return (await loadProvider(provider)).secrets.map((secret) => secret.key);
}

export function openStoredProfiles(env: Env, options: Omit<StoreOptions, 'secretKeys'> = {}): ProfileStore {
  return openProfileStore(env, { ...options, secretKeys: secretKeysFromRegistry });
}
