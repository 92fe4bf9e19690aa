// The profile store, opened with what it cannot know itself: which secrets
// each provider has, from the provider registry. Commands open the store here.
import type { RealProviderName } from '../base/model.js';
import type { Env, SecretSpec } from '../base/settings.js';
import { loadProvider } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import { openProfileStore, type ProfileStore, type StoreOptions } from '../store/profile-store.js';
import type { AuthKind } from '../store/profiles.js';

/** What a profile of this provider stores: its app keys, or its OAuth session. */
export function secretsFor(provider: Provider, auth: AuthKind | undefined): readonly SecretSpec[] {
  return auth === 'oauth' ? (provider.oauth?.secrets ?? []) : provider.secrets;
}

/** Each of the provider's secrets for that way of signing in, in order. */
export async function secretKeysFromRegistry(provider: RealProviderName, auth: AuthKind = 'keys'): Promise<readonly SecretSpec[]> {
  return secretsFor(await loadProvider(provider), auth);
}

export function openStoredProfiles(env: Env, options: Omit<StoreOptions, 'secretKeys'> = {}): ProfileStore {
  return openProfileStore(env, { ...options, secretKeys: secretKeysFromRegistry });
}
