// Renewing a stored profile's credentials before they expire (`balance auth
// refresh`, and `--auto-refresh` profiles before show, check and --watch use
// them). The provider invalidates the old credentials as soon as it answers,
// so the whole exchange runs under the store's lock (ProfileStore.updateSecrets):
// taken before the request, released once the new secrets are written and read
// back. A second process that waited on the lock finds secrets other than the
// ones it loaded, and uses those instead of asking again.
import { BalanceError, isBalanceError } from '../base/errors.js';
import type { HttpClient } from '../net/http.js';
import { SecretsNotSaved, type ProfileStore } from '../store/profile-store.js';
import type { StoredProfile } from '../store/profiles.js';
import { credentialFacts, expiredError, expiresSoon, hasExpired, renewalProblem, storedFactsOf } from './credential-life.js';
import type { ResolvedTarget } from './targets.js';
import type { CredentialFacts, Credentials } from '../base/settings.js';

export type RenewOutcome =
  /**
   * Renewed now: the target carries the new credentials. `shared`: other
   * stored profiles that held the very same credentials, which the provider
   * has just invalidated, and that were given the new ones too;
   * `sharedProblems`: those that could not be, each with why.
   */
  | {
      readonly kind: 'renewed';
      readonly target: ResolvedTarget;
      readonly expiresAt: Date | null;
      readonly keyringProblem: string | null;
      readonly shared: readonly string[];
      readonly sharedProblems: readonly { readonly name: string; readonly problem: string }[];
    }
  /** Another process renewed them while this one waited: the target carries those. */
  | { readonly kind: 'renewed-elsewhere'; readonly target: ResolvedTarget; readonly expiresAt: Date | null }
  /** Not due (automatic renewal only). */
  | { readonly kind: 'not-due'; readonly target: ResolvedTarget };

export interface RenewOptions {
  readonly store: Pick<ProfileStore, 'updateSecrets'>;
  readonly http: HttpClient;
  /** Days the new credentials should be valid (at most the provider's maximum). */
  readonly validForDays: number;
  /** 'always' (auth refresh) or 'when-due' (within the provider's renewal window, 14 days by default: renewal before use). */
  readonly when: 'always' | 'when-due';
  readonly now?: () => number;
}

export async function renewCredentials(target: ResolvedTarget, options: RenewOptions): Promise<RenewOutcome> {
  const refresh = target.provider.refresh;
  const problem = renewalProblem(target);
  if (refresh === undefined || problem !== null) throw new BalanceError('usage', `Profile ${target.profile}: ${problem}.`);
  const now = options.now ?? Date.now;
  const seen = target.credentials;
  let outcome = 'not-due' as 'renewed' | 'renewed-elsewhere' | 'not-due';
  let expiresAt = null as Date | null;
  let result;
  try {
    result = await options.store.updateSecrets(target.profile, async (current, profile) => {
      const stored = withProfile(target, profile, current.values);
      const facts = credentialFacts(stored);
      if (!sameCredentials(current.values, seen)) {
        outcome = 'renewed-elsewhere';
        expiresAt = facts?.expiresAt ?? null;
        return null;
      }
      if (options.when === 'when-due' && !expiresSoon(facts, now(), refresh.renewWithinMs)) return null;
      if (hasExpired(facts, now())) throw expiredError(stored, facts?.expiresAt ?? null);
      const days = Math.min(options.validForDays, refresh.maxValidDays);
      let offsetMs = 0;
      const renewed = await refresh.renew(
        {
          settings: target.settings,
          credentials: current.values,
          http: options.http,
          now: () => now() + offsetMs,
          correctClock: (deltaMs) => void (offsetMs += deltaMs),
        },
        new Date(now() + days * 86_400_000),
      );
      outcome = 'renewed';
      const newFacts: CredentialFacts | null = target.provider.describeCredentials?.(renewed.credentials) ?? null;
      expiresAt = newFacts?.expiresAt ?? renewed.expiresAt;
      return {
        credentials: renewed.credentials,
        facts: storedFactsOf({
          expiresAt,
          issuedAt: newFacts?.issuedAt ?? renewed.issuedAt,
          paperTrading: newFacts?.paperTrading ?? facts?.paperTrading ?? null,
        }),
      };
    }, { sameAs: target.provider.secrets.map((secret) => secret.key) });
  } catch (error) {
    if (error instanceof SecretsNotSaved) throw notSavedError(target, error);
    if (isBalanceError(error) && error.kind === 'network' && outcome === 'not-due') throw unansweredError(target, error);
    if (isBalanceError(error) && error.code === '401003') throw expiredError(target, null, error);
    throw error;
  }
  const next = withProfile(target, result.profile, result.secrets.values, result.secrets.sources);
  if (outcome === 'renewed') {
    return { kind: 'renewed', target: next, expiresAt, keyringProblem: result.keyringProblem, shared: result.shared ?? [], sharedProblems: result.sharedProblems ?? [] };
  }
  if (outcome === 'renewed-elsewhere') return { kind: 'renewed-elsewhere', target: next, expiresAt };
  return { kind: 'not-due', target: next };
}

function withProfile(target: ResolvedTarget, stored: StoredProfile, credentials: Credentials, sources = target.sources): ResolvedTarget {
  return { ...target, stored, credentials, sources };
}

function sameCredentials(a: Credentials, b: Credentials): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Another profile held the credentials just renewed (so they are invalid there
 * now), and the new ones could not be saved with it: what happened and what to do.
 */
export function sharedNotSaved(target: ResolvedTarget, name: string, problem: string): BalanceError {
  return new BalanceError('provider', `Profile ${name} held the same access token as profile ${target.profile}, which is now replaced, and the new one could not be saved with it (${problem}).`, {
    provider: target.provider.name,
    hint: `Profile ${target.profile} has the new token. Remove the copy (balance auth logout --profile ${name}), or log it in again with a token of its own.`,
  });
}

/** Exit 1: the provider has replaced the credentials, and nothing could keep the new ones. */
function notSavedError(target: ResolvedTarget, error: SecretsNotSaved): BalanceError {
  const label = target.provider.secrets.find((secret) => secret.key === 'accessToken')?.label ?? 'credentials';
  return new BalanceError(
    'provider',
    `${target.provider.title} invalidated the old ${label} of profile ${target.profile}, and the new one could not be saved (${error.problems.join('; ')}).`,
    {
      provider: target.provider.name,
      hint: `Issue a new ${label} in the ${target.provider.title} developer portal, then run \`balance auth login --provider ${target.provider.name} --profile ${target.profile}\`.`,
      cause: error,
    },
  );
}

/**
 * The refresh was sent and no answer came (a timeout, a reset): the provider
 * may have replaced the token all the same, and the new one is then lost.
 * It is not sent again; the stored token is left as it was.
 */
function unansweredError(target: ResolvedTarget, error: BalanceError): BalanceError {
  return new BalanceError('network', `${error.message} The token refresh was not repeated: it may have reached ${target.provider.title}.`, {
    provider: target.provider.name,
    hint:
      `Run \`balance auth status --profile ${target.profile}\`: if the stored token still works, try the refresh again; ` +
      `if it is rejected (401004), issue a new one in the developer portal and run \`balance auth login --provider ${target.provider.name} --profile ${target.profile}\`.`,
    cause: error,
  });
}
