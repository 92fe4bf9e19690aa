// How long a target's credentials live: what they say about themselves
// (Provider.describeCredentials, else the facts stored with the profile),
// the warning when they expire within 14 days, and the error when they have
// expired — said with the date and what to do, before any request is sent.
import { BalanceError } from '../base/errors.js';
import type { CredentialFacts, SecretSource } from '../base/settings.js';
import type { StoredProfile } from '../store/profiles.js';
import type { Provider } from '../providers/types.js';

/** What of a target (a FetchTarget will do) the expiry of its credentials depends on. */
export interface CredentialTarget {
  readonly provider: Provider;
  readonly profile: string;
  readonly credentials: Readonly<Record<string, string>>;
  readonly stored?: StoredProfile | null;
  readonly sources?: Readonly<Record<string, SecretSource>>;
  readonly environmentOverride?: boolean;
}

/** Credentials expiring within this many days are warned about, and renewed when the profile says so. */
export const EXPIRY_WARNING_DAYS = 14;

const DAY_MS = 86_400_000;

/** What the target's credentials say, or null for a provider whose credentials say nothing. */
export function credentialFacts(target: CredentialTarget): CredentialFacts | null {
  const facts = target.provider.describeCredentials?.(target.credentials) ?? null;
  if (facts === null || facts.expiresAt !== null) return facts;
  // An opaque token renewed by `balance auth refresh`: its expiry was kept with the profile.
  const stored = target.stored?.facts;
  if (stored?.tokenExpiresAt === undefined || target.environmentOverride === true) return facts;
  const expiresAt = new Date(stored.tokenExpiresAt);
  if (Number.isNaN(expiresAt.getTime())) return facts;
  const issuedAt = stored.tokenIssuedAt === undefined ? null : new Date(stored.tokenIssuedAt);
  return { ...facts, expiresAt, issuedAt: issuedAt !== null && !Number.isNaN(issuedAt.getTime()) ? issuedAt : facts.issuedAt, paperTrading: facts.paperTrading ?? stored.paperTrading ?? null };
}

/** "2026-12-10" (UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole days left (0 in the last day); negative once expired. */
export function daysLeft(expiresAt: Date, now: number): number {
  return Math.floor((expiresAt.getTime() - now) / DAY_MS);
}

/** "in 6 days (2026-12-10)", "within a day (2026-12-10)". */
export function describeExpiry(expiresAt: Date, now: number): string {
  const days = daysLeft(expiresAt, now);
  const when = days < 1 ? 'within a day' : `in ${days} day${days === 1 ? '' : 's'}`;
  return `${when} (${isoDay(expiresAt)})`;
}

/** "valid until 2027-03-02, 88 days"; "expired on 2026-11-30" once past. */
export function describeValidity(expiresAt: Date, now: number): string {
  const days = daysLeft(expiresAt, now);
  if (expiresAt.getTime() <= now) return `expired on ${isoDay(expiresAt)}`;
  return `valid until ${isoDay(expiresAt)}, ${days < 1 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}`;
}

/** Whether credentials that say this expire within the warning window (and have not expired). */
export function expiresSoon(facts: CredentialFacts | null, now: number, withinMs: number = EXPIRY_WARNING_DAYS * DAY_MS): boolean {
  const at = facts?.expiresAt?.getTime();
  return at !== undefined && at > now && at - now < withinMs;
}

export function hasExpired(facts: CredentialFacts | null, now: number): boolean {
  const at = facts?.expiresAt?.getTime();
  return at !== undefined && at <= now;
}

/** What the secret that expires is called, e.g. "access token". */
function tokenLabel(target: CredentialTarget): string {
  return target.provider.secrets.find((secret) => secret.key === 'accessToken')?.label ?? 'credentials';
}

/** The variable the token came from, when it came from the environment. */
function tokenVariable(target: CredentialTarget): string | null {
  const source: SecretSource | undefined = target.sources?.accessToken;
  return source?.kind === 'env' ? source.variable : null;
}

/** The stderr line for credentials that expire soon: which, when, and what to run. */
export function expiryWarning(target: CredentialTarget, expiresAt: Date, now: number): string {
  const label = tokenLabel(target);
  const variable = tokenVariable(target);
  if (variable !== null || target.stored === null || target.stored === undefined) {
    return (
      `the ${label} in ${variable ?? 'the environment'} expires ${describeExpiry(expiresAt, now)}; ` +
      `issue a new one in the ${target.provider.title} developer portal, or store it as a profile ` +
      `(\`balance auth login --provider ${target.provider.name}\`) so that \`balance auth refresh\` can renew it`
    );
  }
  return `the ${label} of profile ${target.profile} expires ${describeExpiry(expiresAt, now)}; run \`balance auth refresh --profile ${target.profile}\``;
}

/** Exit 4: the token has expired (known from its `exp`, or the provider's 401003). It cannot be renewed. */
export function expiredError(target: CredentialTarget, expiresAt: Date | null, cause?: unknown): BalanceError {
  const label = tokenLabel(target);
  const variable = tokenVariable(target);
  const whose = variable !== null ? `in ${variable}` : target.stored ? `of profile ${target.profile}` : 'given';
  // The provider's own word (401003) is quoted; a date read from the token needed no request.
  const code = cause === undefined ? '' : ' (401003)';
  const when = expiresAt === null ? `has expired${code}` : `expired on ${isoDay(expiresAt)}${code}`;
  const portal = `Issue a new one in the ${target.provider.title} developer portal`;
  const hint =
    variable !== null || !target.stored
      ? `${portal} and set ${variable ?? 'it in the environment'}.`
      : `${portal}, then run \`balance auth login --provider ${target.provider.name} --profile ${target.profile}\`.`;
  return new BalanceError('auth', `The ${target.provider.title} ${label} ${whose} ${when}; an expired token cannot be renewed.`, {
    provider: target.provider.name,
    ...(cause === undefined ? {} : { code: '401003' }),
    hint,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The stored facts for a profile's settings entry. */
export function storedFactsOf(facts: Pick<CredentialFacts, 'expiresAt' | 'issuedAt' | 'paperTrading'> | null): StoredProfile['facts'] {
  if (facts === null) return undefined;
  const stored = {
    ...(facts.expiresAt === null ? {} : { tokenExpiresAt: facts.expiresAt.toISOString() }),
    ...(facts.issuedAt === null ? {} : { tokenIssuedAt: facts.issuedAt.toISOString() }),
    ...(facts.paperTrading === null ? {} : { paperTrading: facts.paperTrading }),
  };
  return Object.keys(stored).length === 0 ? undefined : stored;
}

/** Why balance cannot renew these credentials in place, or null when it can: a stored profile of a provider that renews. */
export function renewalProblem(target: CredentialTarget): string | null {
  if (target.provider.refresh === undefined) return `${target.provider.title} credentials cannot be renewed by balance`;
  if (target.stored === null || target.stored === undefined || target.environmentOverride === true) {
    return 'credentials from the environment cannot be renewed in place: balance cannot change your environment variables';
  }
  if (target.stored.auth === 'oauth') return `it is signed in with ${target.provider.title} (OAuth), and its session renews itself before each use`;
  return null;
}
