// Before show, check and each refresh of --watch use credentials: profiles
// marked --auto-refresh have credentials that expire within 14 days renewed
// first (./renew.ts, under the store's lock), and every other target whose
// credentials expire within 14 days is warned about (once per run: the caller
// says when). Nothing here changes the exit code; an expired token is refused
// later, by the fetch.
import { isBalanceError } from '../base/errors.js';
import type { HttpClient } from '../net/http.js';
import type { ProfileStore } from '../store/profile-store.js';
import { credentialFacts, expiresSoon, expiryWarning, isoDay, renewalProblem } from './credential-life.js';
import type { ResolvedTarget } from './targets.js';

export interface BeforeUseOptions {
  readonly store: Pick<ProfileStore, 'updateSecrets'>;
  /** Made only when a renewal is due. */
  readonly http: () => HttpClient;
  /** A line for stderr that is no warning (a renewal done). */
  readonly say: (message: string) => void;
  readonly warn: (message: string) => void;
  /** Say which tokens expire within 14 days (once per run: the first time only). */
  readonly warnOfExpiry?: boolean;
  readonly now?: () => number;
}

export async function credentialsBeforeUse(targets: readonly ResolvedTarget[], options: BeforeUseOptions): Promise<ResolvedTarget[]> {
  const now = options.now ?? Date.now;
  const checked = await Promise.all(
    targets.map(async (target) => {
      let current = target;
      let shared: readonly string[] = [];
      const refresh = target.provider.refresh;
      const wanted = refresh?.automatic === true || target.stored?.autoRefresh === true;
      if (wanted && renewalProblem(target) === null && expiresSoon(credentialFacts(target), now(), refresh?.renewWithinMs)) {
        ({ target: current, shared } = await renewQuietly(target, options, now));
      }
      // Credentials renewed without being asked need no warning: they are renewed when it matters.
      const facts = credentialFacts(current);
      const warnable = options.warnOfExpiry !== false && refresh?.automatic !== true;
      if (warnable && facts?.expiresAt != null && expiresSoon(facts, now())) options.warn(expiryWarning(current, facts.expiresAt, now()));
      return { target: current, shared };
    }),
  );
  // A stored profile that held a token renewed here has the new one in the store now; in this run too.
  const renewedWith = new Map(checked.flatMap(({ target, shared }) => shared.map((name) => [name, target] as const)));
  return checked.map(({ target }) => {
    const renewed = renewedWith.get(target.profile);
    if (renewed === undefined || target.environmentOverride === true || target.stored === null || target.stored === undefined) return target;
    const keys = target.provider.secrets.map((secret) => secret.key);
    return { ...target, credentials: { ...target.credentials, ...Object.fromEntries(keys.map((key) => [key, renewed.credentials[key] ?? ''])) } };
  });
}

/** Renews, saying what happened; a failure is a warning, and the target goes on with what it has. */
async function renewQuietly(target: ResolvedTarget, options: BeforeUseOptions, now: () => number): Promise<{ target: ResolvedTarget; shared: readonly string[] }> {
  const provider = target.provider;
  try {
    // Loaded only when a renewal is due: it brings the store's writing side.
    const { renewCredentials, sharedNotSaved } = await import('./renew.js');
    const outcome = await renewCredentials(target, { store: options.store, http: options.http(), validForDays: provider.refresh?.maxValidDays ?? 90, when: 'when-due', now });
    if (outcome.kind === 'renewed') {
      const until = outcome.expiresAt === null ? '' : `; valid until ${isoDay(outcome.expiresAt)}`;
      if (provider.refresh?.automatic !== true) {
        options.say(`balance: renewed the ${provider.title} access token of profile ${target.profile} (--auto-refresh)${until}.`);
      }
      if (outcome.keyringProblem !== null) {
        options.warn(`the system keyring could not keep the new token of profile ${target.profile} (${outcome.keyringProblem}); it is in the secrets file, readable only by you`);
      }
      for (const name of outcome.shared) options.say(`balance: profile ${name} held the same ${provider.title} access token as profile ${target.profile}: it has the new one too.`);
      for (const { name, problem } of outcome.sharedProblems) {
        const error = sharedNotSaved(target, name, problem);
        options.warn(`${error.message} ${error.hint}`);
      }
      return { target: outcome.target, shared: outcome.shared };
    }
    return { target: outcome.target, shared: [] };
  } catch (error) {
    if (!isBalanceError(error)) throw error;
    options.warn(`could not renew the access token of profile ${target.profile}: ${error.message}${error.hint === undefined ? '' : ` ${error.hint}`}`);
    return { target, shared: [] };
  }
}
