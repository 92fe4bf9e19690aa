// What every layer may say about a provider's inputs without knowing the
// provider: the environment, secrets by name and where each came from, the settings a flag or a stored
// profile gives and what they resolve to, and what a key may do. Plain types;
// the contract a provider implements is in src/providers/types.ts.

export type Env = Readonly<Record<string, string | undefined>>;

/** Secrets by SecretSpec.key, e.g. { appKey, appSecret, accessToken }. */
export type Credentials = Readonly<Record<string, string>>;

export interface SecretSpec {
  /** Key in Credentials and in the credential store. */
  readonly key: string;
  /** How a person calls it, e.g. "app secret". */
  readonly label: string;
  /** Variable name without the prefix, e.g. "APP_SECRET". */
  readonly envSuffix: string;
  /** Kept with the secrets but not one (an OAuth client id, an expiry time): not masked in messages. */
  readonly notSecret?: boolean;
  /** The public half of a key pair (the key, not its secret): `auth status` may show a prefix of it. */
  readonly isPublic?: boolean;
}

export interface EnvVarDoc {
  readonly name: string;
  readonly description: string;
}

export type Region = 'global' | 'cn';
export type OkxSite = 'global' | 'eea' | 'us';

/** Non-secret connection settings, as given by flags or a stored profile. */
export interface SettingsInput {
  readonly baseUrl?: string | undefined;
  readonly region?: string | undefined;
  readonly site?: string | undefined;
  readonly demoTrading?: boolean | undefined;
  readonly legacyApi?: boolean | undefined;
  /** OKX: also fetch the funding account. */
  readonly funding?: boolean | undefined;
  /**
   * The proxy (--proxy, or saved with a profile): a URL without its password,
   * which is a secret kept with the profile's secrets (PROXY_PASSWORD). Every
   * provider takes it; "none" on the command line goes direct.
   */
  readonly proxy?: string | undefined;
}

/** A provider's own setting, by its SettingsInput key; each is a flag of show, check and auth login. */
export type SettingName = Exclude<keyof SettingsInput, 'proxy'>;

/** A saved proxy's password: kept with the profile's secrets, never in the settings file. */
export const PROXY_PASSWORD: SecretSpec = { key: 'proxyPassword', label: 'proxy password', envSuffix: '' };

/** Whether a saved proxy URL names a user (then its password is among the profile's secrets). */
export function proxyHasUser(proxy: string | undefined): boolean {
  return proxy !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/@]+@/i.test(proxy.trim());
}

/** Settings after precedence (flag > environment > stored profile > default). */
export interface ConnectionSettings {
  readonly baseUrl: URL;
  readonly region: Region | null;
  readonly site: OkxSite | null;
  readonly demoTrading: boolean;
  readonly legacyApi: boolean;
  /** Accept-Language for Longport, when set. */
  readonly language: string | null;
  /** OKX: also fetch the funding account (GET /api/v5/asset/balances). */
  readonly funding: boolean;
}

/** What a provider says about an API key itself, for `balance auth status`. */
export interface KeyDescription {
  /** The provider's own permission names, e.g. ["read_only", "trade"]. */
  readonly permissions: readonly string[];
  readonly canTrade: boolean;
  readonly canWithdraw: boolean;
}

/** Where a secret came from, for `auth status` and messages. */
export type SecretSource =
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'keyring'; readonly service: string; readonly account: string }
  | { readonly kind: 'file'; readonly path: string };

/** "keyring", the file's path, or the variable's name. */
export function describeSource(source: SecretSource): string {
  switch (source.kind) {
    case 'env':
      return source.variable;
    case 'keyring':
      return 'keyring';
    case 'file':
      return source.path;
  }
}

/** The variables among the sources, in order. */
export function environmentVariables(sources: readonly SecretSource[]): string[] {
  return sources.flatMap((source) => (source.kind === 'env' ? [source.variable] : []));
}

/**
 * What a provider can read from the credentials themselves, without a request
 * (a Longport token's expiry and account channel). null: it does not say.
 */
export interface CredentialFacts {
  readonly expiresAt: Date | null;
  readonly issuedAt: Date | null;
  /** A paper-trading (practice) account. */
  readonly paperTrading: boolean | null;
  /** The provider's data center for these credentials ("us", "ap"), where it has several. */
  readonly dataCenter: string | null;
  /** Why the credentials cannot work together (a token issued for another app key), or null. */
  readonly mismatch: string | null;
}

/** The start of a key, for messages: at most its first quarter and never more than four characters. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, Math.min(4, Math.floor(key.length / 4)))}…`;
}
