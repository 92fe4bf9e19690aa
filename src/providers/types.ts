// What a provider folder exports. Adding a provider means writing one object
// of this shape and one line in registry.ts.
import type { Account, AccountValue, RealProviderName } from '../base/model.js';
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
  /** Built-in sample accounts from the provider's documented example responses. */
  sampleAccounts?(): Account[];
  /** --value-in: the whole account valued in one currency by the provider. Loaded only when used. */
  valuation?(): Promise<ValuationSupport>;
}
