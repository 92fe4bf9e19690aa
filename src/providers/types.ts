// What a provider folder exports. Adding a provider means writing one object
// of this shape and one line in registry.ts.
import type { Account, AccountValue, RealProviderName } from '../base/model.js';
import type { HttpClient } from '../net/http.js';
import type { ConnectionSettings, CredentialFacts, Credentials, Env, EnvVarDoc, KeyDescription, SecretSpec, SettingName, SettingsInput } from '../base/settings.js';

/** What any signed request needs. */
export interface SignedRequestContext {
  readonly settings: ConnectionSettings;
  readonly credentials: Credentials;
  readonly http: HttpClient;
  /** Current time in ms, for request timestamps: the provider's clock once an offset is measured. */
  readonly now: () => number;
  /**
   * Adds a measured offset (the provider's clock minus `now()`, in ms) to
   * `now`, for this request and later ones to the same server.
   */
  readonly correctClock: (deltaMs: number) => void;
}

export interface FetchRequest extends SignedRequestContext {
  /** Upper-case currency codes to ask for; empty for all. */
  readonly currencies: readonly string[];
}

/** What valuing one provider/profile in one currency needs. */
export interface ValueRequest extends SignedRequestContext {
  /** Upper-case currency code, one the provider values in (ValuationSupport.currencies). */
  readonly currency: string;
  /** The accounts just fetched, before any currency filter: their figures may already hold the value. */
  readonly accounts: readonly Account[];
}

/** How a provider values a whole account in one currency, from its own figures. */
export interface ValuationSupport {
  /**
   * The currencies it can value in with these settings; null when that is
   * known only from the answer (the 2022 API values in the account's own currency).
   */
  currencies(settings: ConnectionSettings): readonly string[] | null;
  /** The value, or why there is none; throws when a request fails. */
  value(request: ValueRequest): Promise<AccountValue>;
  /** Sample figures for the sample accounts, by currency (or why there is none, as for a real account). */
  sampleValues: Readonly<Record<string, AccountValue>>;
}

export interface Provider {
  readonly name: RealProviderName;
  /** Display name, e.g. "Longport". */
  readonly title: string;
  /** Environment prefixes, own first, then fallbacks (LONGBRIDGE_, LONGPORT_). */
  readonly envPrefixes: readonly string[];
  readonly secrets: readonly SecretSpec[];
  /**
   * The SecretSpec.key that names the account (the API key, the app key): two
   * targets of a provider with the same one, host and demo setting are one account.
   */
  readonly accountSecret: string;
  /**
   * The settings it takes; resolveSettings refuses the others (a usage error).
   * With --all-profiles each flag goes only to the providers that take it.
   */
  readonly settings: readonly SettingName[];
  /** Every variable the provider reads, for --help, README and `balance providers`. */
  readonly envVars: readonly EnvVarDoc[];
  /** Default host(s), for documentation. */
  readonly defaultHosts: readonly string[];
  resolveSettings(flags: SettingsInput, env: Env, stored?: SettingsInput): ConnectionSettings;
  fetchAccounts(request: FetchRequest): Promise<Account[]>;
  /**
   * The key's permissions, where the provider can tell. A successful answer
   * also proves the credentials are accepted.
   */
  describeKey?(request: SignedRequestContext): Promise<KeyDescription>;
  /**
   * What the credentials say about themselves (expiry, paper trading, data
   * center), read without a request; absent for providers whose keys say nothing.
   */
  describeCredentials?(credentials: Credentials): CredentialFacts;
  /** Credentials that can be renewed before they expire (Longport access tokens). */
  readonly refresh?: CredentialRefresh;
  /** Built-in sample accounts from the provider's documented example responses. */
  sampleAccounts?(): Account[];
  /** --value-in: the whole account valued in one currency by the provider. Loaded only when used. */
  valuation?(): Promise<ValuationSupport>;
  /** Sign-in with OAuth 2.0 (Longbridge): sessions live in stored profiles only. */
  readonly oauth?: OAuthSupport;
}

/**
 * An OAuth 2.0 session kept with a stored profile's secrets. What is cheap to
 * know (expiry, data center) is answered here; the protocol itself is loaded
 * with load() only by `auth` commands and when a refresh is due.
 */
export interface OAuthSupport {
  /** What a session stores with the profile's secrets (tokens, expiry, the registered client). */
  readonly secrets: readonly SecretSpec[];
  /** Non-secret facts about a stored session, for `auth status` and the refresh decision. */
  describe(credentials: Credentials): OAuthSessionFacts;
  load(): Promise<OAuthFlow>;
}

export interface OAuthSessionFacts {
  readonly clientId: string;
  /** The data center the access token belongs to ("us", "ap"): x-dc-region. */
  readonly dataCenter: string;
  /** When the access token expires (ms), or null when unknown. */
  readonly accessExpiresAt: number | null;
  /** When the rolling session ends unless it is used (ms), or null when unknown. */
  readonly renewsUntil: number | null;
}

/** What an OAuth call needs: where, how, and when it is. */
export interface OAuthContext {
  readonly settings: ConnectionSettings;
  readonly http: HttpClient;
  readonly now: () => number;
  /** Ends waits and requests early (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** A registered client (RFC 7591): the id, and what deletes it again (RFC 7592). */
export interface OAuthClient {
  readonly clientId: string;
  readonly registrationToken: string;
  readonly registrationUri: string;
}

/** A device authorization (RFC 8628): what the user is shown, and what the client polls with. */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string | null;
  /** When the device code expires (ms). */
  readonly expiresAt: number;
  /** Seconds between polls, as the server asked. */
  readonly intervalSeconds: number;
}

export interface OAuthFlow {
  /** Registers a client named `clientName`. */
  register(context: OAuthContext, clientName: string): Promise<OAuthClient>;
  authorizeDevice(context: OAuthContext, client: OAuthClient): Promise<DeviceAuthorization>;
  /**
   * Polls until the user approves (the session's credentials, client included),
   * honouring the interval, slow_down and the expiry; denied or expired is an
   * auth error. `onPoll` hears of each poll and of each interval change.
   */
  waitForApproval(
    context: OAuthContext,
    client: OAuthClient,
    device: DeviceAuthorization,
    onPoll?: (event: { readonly intervalSeconds: number }) => void,
  ): Promise<Credentials>;
  /** New credentials for a session (the refresh grant); a refresh token that comes back unchanged is kept. */
  refresh(context: OAuthContext, credentials: Credentials): Promise<Credentials>;
  /** The session's client as stored, for reuse by another sign-in. */
  clientOf(credentials: Credentials): OAuthClient | null;
  /** Deletes the registered client (RFC 7592); one already gone is fine. */
  revokeClient(context: OAuthContext, client: OAuthClient): Promise<void>;
}

/** Renewing credentials with the provider: the old ones stop working as soon as it answers. */
export interface CredentialRefresh {
  /** The longest validity the provider grants, in days. */
  readonly maxValidDays: number;
  /**
   * Renewed before use without being asked (short-lived OAuth access tokens);
   * otherwise only for a profile marked autoRefresh, and no expiry warning is
   * said for automatic ones.
   */
  readonly automatic?: boolean;
  /** How close to expiry renewal before use starts, in ms; 14 days unless given. */
  readonly renewWithinMs?: number;
  /**
   * Asks for new credentials valid until `expiresAt`; resolves to the whole
   * new set (the secrets that did not change included) and their validity.
   */
  renew(request: SignedRequestContext, expiresAt: Date): Promise<RenewedCredentials>;
}

export interface RenewedCredentials {
  readonly credentials: Credentials;
  readonly expiresAt: Date | null;
  readonly issuedAt: Date | null;
}
