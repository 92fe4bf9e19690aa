// What a provider folder exports. Adding a provider means writing one object
// of this shape and one line in registry.ts.
import type { Account, RealProviderName } from '../base/model.js';
import type { HttpClient } from '../net/http.js';
import type { ConnectionSettings, Credentials, Env, EnvVarDoc, KeyDescription, SecretSpec, SettingName, SettingsInput } from '../base/settings.js';

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
  /** Built-in sample accounts from the provider's documented example responses. */
  sampleAccounts?(): Account[];
}
