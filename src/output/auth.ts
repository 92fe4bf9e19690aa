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
  /** What the credentials say of themselves; null for a provider whose credentials say nothing (OKX). */
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
      if (entry.life !== null) fields.push(...lifeFields(entry.life));
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
      // As recorded at login or the last `auth refresh`: no secret is read to list profiles.
      tokenExpiresAt: profile.facts?.tokenExpiresAt ?? null,
      tokenIssuedAt: profile.facts?.tokenIssuedAt ?? null,
      paperTrading: profile.facts?.paperTrading ?? null,
      autoRefresh: profile.autoRefresh === true,
    })),
  };
  return `${JSON.stringify(document, null, options.pretty ? 2 : undefined)}\n`;
}
