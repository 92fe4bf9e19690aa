// What a provider folder exports. Adding a provider means writing one object
// of this shape and one line in registry.ts.
import type { Account, RealProviderName } from '../base/model.js';
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
