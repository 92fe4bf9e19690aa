// On logout, the OAuth clients that only the profiles leaving used are
// deleted with the provider (RFC 7592), so no sign-in is left registered to
// this machine. A client that cannot be deleted is said and left; the profile
// is removed all the same. The deletion goes the way the profile's requests go:
// through the proxy of the environment or the one saved with the profile.
import { isBalanceError } from '../../base/errors.js';
import { targetHttp } from '../../accounts/fetch.js';
import { storedProxy } from '../../accounts/targets.js';
import { startDeadline } from '../../net/deadline.js';
import { createHttpClient } from '../../net/http.js';
import { chooseProxy, type ProxyRoute } from '../../net/proxy.js';
import { loadProvider } from '../../providers/registry.js';
import type { OAuthClient, Provider } from '../../providers/types.js';
import type { Credentials } from '../../base/settings.js';
import type { ProfileStore } from '../../store/profile-store.js';
import type { StoredProfile } from '../../store/profiles.js';
import type { Io } from '../../terminal/io.js';

const REVOKE_TIMEOUT_MS = 10_000;

export async function revokeUnusedClients(leaving: readonly StoredProfile[], all: readonly StoredProfile[], store: ProfileStore, io: Io): Promise<void> {
  await deleteClients(await unusedClients(leaving, all, store, io), io);
}

/** A registered client to delete, the profile whose settings say where, and the proxy to go through (null: direct). */
export interface UnusedClient {
  readonly profile: StoredProfile;
  readonly client: OAuthClient;
  readonly proxy: ProxyRoute | null;
}

/**
 * The clients that only the profiles leaving use, read from their stored
 * sessions: read before those secrets are removed or replaced.
 */
export async function unusedClients(leaving: readonly StoredProfile[], all: readonly StoredProfile[], store: ProfileStore, io: Io): Promise<UnusedClient[]> {
  const sessions = all.filter((profile) => profile.auth === 'oauth');
  const secrets = await store.loadSecrets(sessions);
  const leavingNames = new Set(leaving.map((profile) => profile.name));
  const kept = new Set<string>();
  const toRevoke = new Map<string, UnusedClient>();
  for (const profile of sessions) {
    const provider = await loadProvider(profile.provider);
    const outcome = secrets.get(profile.name);
    if (provider.oauth === undefined || outcome === undefined) continue;
    if (!outcome.ok) {
      if (leavingNames.has(profile.name)) io.err(`balance: warning: the session of profile ${profile.name} could not be read (${outcome.error.message}); its registered client was not deleted.\n`);
      continue;
    }
    const flow = await provider.oauth.load();
    const client = flow.clientOf(outcome.secrets.values);
    if (client === null) continue;
    if (!leavingNames.has(profile.name)) {
      kept.add(client.clientId);
      continue;
    }
    toRevoke.set(client.clientId, { profile, client, proxy: proxyOf(provider, profile, outcome.secrets.values, io) });
  }
  return [...toRevoke].filter(([clientId]) => !kept.has(clientId)).map(([, unused]) => unused);
}

/**
 * The proxy the profile's requests take, read while its secrets (the proxy's
 * password among them) are at hand. Settings that cannot be read mean none:
 * the deletion then fails on them too, and says so.
 */
function proxyOf(provider: Provider, profile: StoredProfile, secrets: Credentials, io: Io): ProxyRoute | null {
  try {
    const { baseUrl } = provider.resolveSettings({}, io.env, profile.settings);
    return chooseProxy(baseUrl, { env: io.env, profile: storedProxy(profile, secrets) });
  } catch (error) {
    if (!isBalanceError(error)) throw error;
    return null;
  }
}

/** Deletes each client with its provider (RFC 7592); one that cannot be deleted is said and left. */
export async function deleteClients(unused: readonly UnusedClient[], io: Io): Promise<void> {
  for (const { profile, client, proxy } of unused) {
    const { clientId } = client;
    const provider = await loadProvider(profile.provider);
    const deadline = startDeadline(REVOKE_TIMEOUT_MS);
    try {
      const flow = await provider.oauth!.load();
      const settings = provider.resolveSettings({}, io.env, profile.settings);
      await flow.revokeClient({ settings, http: targetHttp({ proxy }, createHttpClient({ deadline })), now: Date.now }, client);
      io.err(`Deleted the client balance registered with ${provider.title} (client id ${clientId}).\n`);
    } catch (error) {
      if (!isBalanceError(error)) throw error;
      io.err(`balance: warning: the client balance registered with ${provider.title} (client id ${clientId}) could not be deleted: ${error.message}\n  Remove it in your ${provider.title} account's list of signed-in apps.\n`);
    } finally {
      deadline.dispose();
    }
  }
}
