// Sessions that renew themselves: before a request, an OAuth target whose
// access token has less than five minutes left is refreshed — under the
// profile store's lock, so that processes started together refresh once and
// all use the result (each re-reads the stored session once it holds the
// lock, and finds it fresh). The new tokens are written and read back before
// they are used. The protocol (providers/<name>/oauth) is loaded only when a
// refresh is due.
import { BalanceError, isBalanceError } from '../base/errors.js';
import type { Credentials } from '../base/settings.js';
import type { HttpClient } from '../net/http.js';
import { SecretsNotSaved, type ProfileStore } from '../store/profile-store.js';
import type { FetchTarget, FreshCredentials } from './fetch.js';

/** The official clients refresh when less than this is left of the access token. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** What refreshing needs of the store (ProfileStore has it). */
export type SessionStore = Pick<ProfileStore, 'updateSecrets'>;

export class SessionRefresher implements FreshCredentials {
  /** The latest credentials of each profile refreshed in this process (a watch refreshes many times). */
  private readonly latest = new Map<string, Credentials>();

  constructor(
    private readonly store: SessionStore,
    private readonly now: () => number = Date.now,
    /** Tells the user what happened on its own (a keyring that could not keep the renewed session). */
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** The target's credentials, refreshed first when its OAuth session is about to expire. */
  async credentialsFor(target: FetchTarget, http: HttpClient): Promise<Credentials> {
    const { oauth } = target.provider;
    const credentials = this.latest.get(target.profile) ?? target.credentials;
    if (oauth === undefined || !this.isDue(target, credentials)) return credentials;
    try {
      const renewed = await this.store.updateSecrets(target.profile, async (current) => {
        // Another process may have refreshed while this one waited for the lock.
        if (!this.isDue(target, current.values)) return null;
        const flow = await oauth.load();
        return { credentials: await flow.refresh({ settings: target.settings, http, now: this.now }, current.values) };
      });
      if (renewed.keyringProblem !== null) {
        this.warn(`the system keyring could not keep the renewed session of profile ${target.profile} (${renewed.keyringProblem}); it is in the secrets file, readable only by you`);
      }
      this.latest.set(target.profile, renewed.secrets.values);
      return renewed.secrets.values;
    } catch (error) {
      if (isBalanceError(error) && error.code === 'invalid_grant') throw sessionEnded(target, error);
      if (error instanceof SecretsNotSaved) {
        throw new BalanceError('config', `The renewed ${target.provider.title} session of profile ${target.profile} could not be saved (${error.problems.join('; ')}).`, {
          provider: target.provider.name,
          hint: `Sign in again: balance auth login --profile ${target.profile}`,
          cause: error,
        });
      }
      throw error;
    }
  }

  private isDue(target: FetchTarget, credentials: Credentials): boolean {
    const facts = target.provider.oauth?.describe(credentials);
    if (facts === undefined || facts.clientId === '') return false; // app keys: nothing to refresh
    return facts.accessExpiresAt === null || facts.accessExpiresAt - this.now() < REFRESH_MARGIN_MS;
  }
}

function sessionEnded(target: FetchTarget, cause: BalanceError): BalanceError {
  return new BalanceError('auth', `The ${target.provider.title} session of profile ${target.profile} has ended; run \`balance auth login --profile ${target.profile}\`.`, {
    provider: target.provider.name,
    code: 'invalid_grant',
    cause,
  });
}
