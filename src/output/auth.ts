// Renderers for `balance auth status` and `balance auth list`: pure functions
// of what the commands found. Secrets arrive masked; nothing here sees one.
import type { ProfilesState } from '../store/profiles.js';
import { describeSource, environmentVariables, type SecretSource, type KeyDescription } from '../base/settings.js';
import { padEndTo, visibleWidth, wrapWords } from './text-width.js';

export const AUTH_SCHEMA_VERSION = 1;

export interface StatusSecret {
  readonly key: string;
  readonly label: string;
  /** "****" for a secret; a public key's first characters (at most a quarter) and "****". */
  readonly masked: string;
  readonly source: SecretSource;
}

export interface StatusEntry {
  readonly profile: string;
  readonly provider: string;
  readonly isDefault: boolean;
  /** Credentials from the environment alone: no stored profile. */
  readonly environmentOnly: boolean;
  /** Environment variables replace this stored profile's secrets. */
  readonly environmentOverride: boolean;
  readonly secrets: readonly StatusSecret[];
  /** accepted; rejected: the credentials are missing or refused; error: could not tell. */
  readonly status: 'accepted' | 'rejected' | 'error';
  readonly error: { readonly kind: string; readonly code: string | null; readonly message: string; readonly hint?: string | undefined } | null;
  readonly key: KeyDescription | null;
  /** An OAuth sign-in's session (Longbridge); null for app keys. */
  readonly session?: StatusSession | null;
  /** The proxy its requests go through, password masked, and where it was set; null: direct. */
  readonly proxy?: string | null;
  /** What the credentials say of themselves; null for a provider whose credentials say nothing (OKX), or a session. */
  readonly life: StatusLife | null;
}

export interface StatusLife {
  /** ISO 8601; null: the token does not say (expiry unknown). */
  readonly tokenExpiresAt: string | null;
  readonly tokenIssuedAt: string | null;
  /** Whole days left; null when unknown. */
  readonly daysLeft: number | null;
  readonly paperTrading: boolean | null;
  readonly dataCenter: string | null;
  readonly autoRefresh: boolean;
}

/** What `auth status` says of an OAuth session: nothing in it is secret. */
export interface StatusSession {
  /** The provider's title, e.g. "Longbridge". */
  readonly title: string;
  readonly clientId: string;
  /** x-dc-region: "us" or "ap". */
  readonly dataCenter: string;
  /** ISO 8601, or null when unknown. */
  readonly accessTokenExpiresAt: string | null;
  /** ISO 8601: the rolling session ends then unless it is used before. */
  readonly renewsUntil: string | null;
}

/** One line of a profile's block: "  label   value". */
export interface StatusLine {
  readonly label: string;
  readonly value: string;
}

/**
 * The lines of one profile's block, in order. Another line (a proxy, say) is
 * one more entry here; the layout below aligns and wraps whatever is listed.
 */
export function statusLines(entry: StatusEntry): StatusLine[] {
  const lines: StatusLine[] = [{ label: 'provider', value: entry.provider }];
  const state = entry.error === null ? entry.status : `${entry.status}: ${entry.error.message}`;
  lines.push({ label: 'status', value: state });
  const session = entry.session ?? null;
  if (session !== null) {
    const until = session.renewsUntil === null ? '' : `, session renews until ${session.renewsUntil.slice(0, 16).replace('T', ' ')} UTC`;
    lines.push({ label: 'signed in', value: `with ${session.title} (OAuth)${until}` });
    lines.push({ label: 'data center', value: session.dataCenter });
    lines.push({ label: 'client id', value: session.clientId });
  }
  if (entry.key !== null) lines.push({ label: 'permissions', value: entry.key.permissions.join(', ') || 'none reported' });
  if (entry.life !== null) lines.push(...lifeLines(entry.life));
  if (entry.proxy != null) lines.push({ label: 'proxy', value: entry.proxy });
  // One source for every secret (the keyring, or the file): said once, not per secret.
  const sources = new Set(entry.secrets.map((secret) => describeSource(secret.source)));
  const shared = sources.size === 1 && entry.secrets[0]!.source.kind !== 'env' ? entry.secrets[0]!.source : null;
  for (const secret of entry.secrets) {
    const masked = secret.masked === '' ? '(empty)' : secret.masked;
    lines.push({ label: secret.label, value: shared === null ? `${masked} (${describeSource(secret.source)})` : masked });
  }
  if (shared !== null) lines.push({ label: 'stored in', value: shared.kind === 'keyring' ? 'the system keyring' : describeSource(shared) });
  return lines;
}

/** An API-key token's life: its expiry, the renewal mark, paper trading, the data center. */
function lifeLines(life: StatusLife): StatusLine[] {
  const expiry =
    life.tokenExpiresAt === null || life.daysLeft === null
      ? 'unknown (the token does not say)'
      : life.daysLeft < 0
        ? `expired on ${life.tokenExpiresAt.slice(0, 10)}`
        : `valid until ${life.tokenExpiresAt.slice(0, 10)} (${life.daysLeft} day${life.daysLeft === 1 ? '' : 's'})`;
  const lines: StatusLine[] = [{ label: 'token expiry', value: expiry }];
  if (life.autoRefresh) lines.push({ label: 'auto-refresh', value: 'on' });
  if (life.paperTrading === true) lines.push({ label: 'account', value: 'paper trading' });
  if (life.dataCenter !== null) lines.push({ label: 'data center', value: life.dataCenter });
  return lines;
}

/** The heading of a profile's block. */
function statusHeading(entry: StatusEntry): string {
  return `${entry.profile}${entry.isDefault ? ' (default)' : ''}${entry.environmentOnly ? " (the environment's credentials)" : ''}`;
}

const INDENT = '  ';
const GAP = '  ';
/** Values get at least this many columns, however narrow the terminal. */
const MIN_VALUE_WIDTH = 20;

/** A block per profile, like `gh auth status`: labels aligned across blocks, values wrapped to `width` columns. */
export function renderStatusText(entries: readonly StatusEntry[], options: { width: number }): string {
  const blocks = entries.map((entry) => ({ heading: statusHeading(entry), lines: statusLines(entry) }));
  const labelWidth = Math.max(0, ...blocks.flatMap((block) => block.lines.map((line) => visibleWidth(line.label))));
  const valueColumn = INDENT.length + labelWidth + GAP.length;
  const valueWidth = Math.max(MIN_VALUE_WIDTH, options.width - valueColumn);
  const continuation = ' '.repeat(valueColumn);
  return blocks
    .map((block) => {
      const body = block.lines.flatMap((line) =>
        fitValue(line.value, valueWidth).map((part, index) => (index === 0 ? `${INDENT}${padEndTo(line.label, labelWidth)}${GAP}${part}` : `${continuation}${part}`)),
      );
      return [block.heading, ...body].map((line) => `${line}\n`).join('');
    })
    .join('\n');
}

/** A value in lines of at most `width` columns: broken at spaces, and a word too long for a line (a path) cut, after a "/" where it can be. */
function fitValue(value: string, width: number): string[] {
  return wrapWords(value, width).flatMap((line) => {
    const parts: string[] = [];
    let rest = line;
    while (visibleWidth(rest) > width) {
      let cut = 0;
      let used = 0;
      for (const char of rest) {
        if (used + visibleWidth(char) > width) break;
        used += visibleWidth(char);
        cut += char.length;
      }
      const slash = rest.lastIndexOf('/', cut - 1);
      const at = slash > 0 ? slash + 1 : Math.max(1, cut);
      parts.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    return [...parts, rest];
  });
}

/** The line that says where the settings live, for `auth list` and `auth status`. */
export function profilesIn(settingsFile: string): string {
  return `Profiles in ${settingsFile}`;
}

export function renderStatusJson(entries: readonly StatusEntry[], options: { pretty: boolean; settingsFile: string }): string {
  const document = {
    schemaVersion: AUTH_SCHEMA_VERSION,
    settingsFile: options.settingsFile,
    profiles: entries.map((entry) => ({
      profile: entry.profile,
      provider: entry.provider,
      default: entry.isDefault,
      environmentOnly: entry.environmentOnly,
      environmentOverride: entry.environmentOverride,
      status: entry.status,
      secrets: entry.secrets.map((secret) => ({ key: secret.key, label: secret.label, masked: secret.masked, source: secret.source })),
      permissions: entry.key?.permissions ?? null,
      canTrade: entry.key?.canTrade ?? null,
      canWithdraw: entry.key?.canWithdraw ?? null,
      session:
        entry.session === undefined || entry.session === null
          ? null
          : {
              kind: 'oauth',
              clientId: entry.session.clientId,
              dataCenter: entry.session.dataCenter,
              accessTokenExpiresAt: entry.session.accessTokenExpiresAt,
              renewsUntil: entry.session.renewsUntil,
            },
      proxy: entry.proxy ?? null,
      error: entry.error === null ? null : { kind: entry.error.kind, code: entry.error.code, message: entry.error.message },
      tokenExpiresAt: entry.life?.tokenExpiresAt ?? null,
      tokenIssuedAt: entry.life?.tokenIssuedAt ?? null,
      paperTrading: entry.life?.paperTrading ?? null,
      dataCenter: entry.life?.dataCenter ?? null,
      autoRefresh: entry.life?.autoRefresh ?? false,
    })),
  };
  return `${JSON.stringify(document, null, options.pretty ? 2 : undefined)}\n`;
}

/** "token valid until 2027-03-02 (88 days)" or "token expiry unknown"; "paper trading"; "data center us". */
function lifeFields(life: StatusLife): string[] {
  const fields: string[] = [];
  if (life.tokenExpiresAt === null || life.daysLeft === null) fields.push('token expiry unknown');
  else if (life.daysLeft < 0) fields.push(`token expired on ${life.tokenExpiresAt.slice(0, 10)}`);
  else fields.push(`token valid until ${life.tokenExpiresAt.slice(0, 10)} (${life.daysLeft} day${life.daysLeft === 1 ? '' : 's'})`);
  if (life.autoRefresh) fields.push('auto-refresh on');
  if (life.paperTrading === true) fields.push('paper trading');
  if (life.dataCenter !== null) fields.push(`data center ${life.dataCenter}`);
  return fields;
}

/** Lines for stderr: keys that can do more than read, environment overrides, what to do about failures. */
export function statusNotes(entries: readonly StatusEntry[]): string[] {
  const notes: string[] = [];
  for (const entry of entries) {
    const powers = [entry.key?.canTrade ? 'trade' : null, entry.key?.canWithdraw ? 'withdraw' : null].filter((power) => power !== null);
    if (powers.length > 0) {
      notes.push(`warning: profile ${entry.profile}: this key can ${powers.join(' and ')}; balance needs read access only — create a read-only key.`);
    }
    if (entry.environmentOverride) {
      const variables = environmentVariables(entry.secrets.map((secret) => secret.source));
      notes.push(`note: profile ${entry.profile}: ${variables.join(', ')} from the environment replace its stored credentials.`);
    }
    if (entry.error?.hint !== undefined) notes.push(`profile ${entry.profile}: ${entry.error.hint}`);
  }
  return notes;
}

/** How a profile signs in: "app keys", or "OAuth" (a Longbridge browser sign-in). */
function signInOf(profile: ProfilesState['profiles'][number]): string {
  return profile.auth === 'oauth' ? 'OAuth' : 'app keys';
}

/**
 * `auth list`: aligned columns with a header on a terminal, TSV without one
 * otherwise. The last column is how the profile signs in (TSV and JSON: keys
 * or oauth).
 */
export function renderProfileList(state: ProfilesState, options: { isTTY: boolean }): string {
  const rows = state.profiles.map((profile) => [
    profile.name,
    profile.provider,
    profile.name === state.defaultProfile ? 'yes' : 'no',
    profile.secretStore,
    options.isTTY ? signInOf(profile) : (profile.auth ?? 'keys'),
  ]);
  if (!options.isTTY) return rows.map((row) => `${row.join('\t')}\n`).join('');
  const table = [['PROFILE', 'PROVIDER', 'DEFAULT', 'SECRETS', 'SIGN-IN'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) => `${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`).join('');
}

export function renderProfileListJson(state: ProfilesState, options: { pretty: boolean; settingsFile: string }): string {
  const document = {
    schemaVersion: AUTH_SCHEMA_VERSION,
    settingsFile: options.settingsFile,
    defaultProfile: state.defaultProfile,
    profiles: state.profiles.map((profile) => ({
      name: profile.name,
      provider: profile.provider,
      default: profile.name === state.defaultProfile,
      secrets: profile.secretStore,
      auth: profile.auth ?? 'keys',
      settings: profile.settings,
      savedAt: profile.savedAt === '' ? null : profile.savedAt,
      // As recorded at login or the last `auth refresh`: no secret is read to list profiles.
      tokenExpiresAt: profile.facts?.tokenExpiresAt ?? null,
      tokenIssuedAt: profile.facts?.tokenIssuedAt ?? null,
      paperTrading: profile.facts?.paperTrading ?? null,
      autoRefresh: profile.autoRefresh === true,
    })),
  };
  return `${JSON.stringify(document, null, options.pretty ? 2 : undefined)}\n`;
}
