// Renderers for `balance auth status` and `balance auth list`: pure functions
// of what the commands found. Secrets arrive masked; nothing here sees one.
import type { ProfilesState } from '../store/profiles.js';
import { describeSource, environmentVariables, type SecretSource, type KeyDescription } from '../base/settings.js';

export const AUTH_SCHEMA_VERSION = 1;

export interface StatusSecret {
  readonly key: string;
  readonly label: string;
  /** First four characters and "****". */
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
  /** The proxy its requests go through, password masked, and where it was set; null: direct. */
  readonly proxy?: string | null;
}

/** One line per profile. */
export function renderStatusText(entries: readonly StatusEntry[]): string {
  return entries
    .map((entry) => {
      const name = `${entry.profile}${entry.isDefault ? ' (default)' : ''}${entry.environmentOnly ? ' (environment)' : ''}`;
      const state = entry.error === null ? entry.status : `${entry.status}: ${entry.error.message}`;
      const fields = [name, entry.provider, state];
      if (entry.secrets.length > 0) {
        fields.push(entry.secrets.map((secret) => `${secret.label} ${secret.masked} (${describeSource(secret.source)})`).join(', '));
      }
      if (entry.key !== null) fields.push(`permissions: ${entry.key.permissions.join(',') || 'none reported'}`);
      if (entry.proxy != null) fields.push(`proxy: ${entry.proxy}`);
      return `${fields.join('  ')}\n`;
    })
    .join('');
}

export function renderStatusJson(entries: readonly StatusEntry[], options: { pretty: boolean }): string {
  const document = {
    schemaVersion: AUTH_SCHEMA_VERSION,
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
      proxy: entry.proxy ?? null,
      error: entry.error === null ? null : { kind: entry.error.kind, code: entry.error.code, message: entry.error.message },
    })),
  };
  return `${JSON.stringify(document, null, options.pretty ? 2 : undefined)}\n`;
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

/** `auth list`: aligned columns with a header on a terminal, TSV without one otherwise. */
export function renderProfileList(state: ProfilesState, options: { isTTY: boolean }): string {
  const rows = state.profiles.map((profile) => [
    profile.name,
    profile.provider,
    profile.name === state.defaultProfile ? 'yes' : 'no',
    profile.secretStore,
  ]);
  if (!options.isTTY) return rows.map((row) => `${row.join('\t')}\n`).join('');
  const table = [['PROFILE', 'PROVIDER', 'DEFAULT', 'SECRETS'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) => `${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`).join('');
}

export function renderProfileListJson(state: ProfilesState, options: { pretty: boolean }): string {
  const document = {
    schemaVersion: AUTH_SCHEMA_VERSION,
    defaultProfile: state.defaultProfile,
    profiles: state.profiles.map((profile) => ({
      name: profile.name,
      provider: profile.provider,
      default: profile.name === state.defaultProfile,
      secrets: profile.secretStore,
      settings: profile.settings,
      savedAt: profile.savedAt === '' ? null : profile.savedAt,
    })),
  };
  return `${JSON.stringify(document, null, options.pretty ? 2 : undefined)}\n`;
}
