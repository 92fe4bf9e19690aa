// What `auth login` says once a profile is saved, whichever way it signed in.
import type { SaveResult } from '../../store/profile-store.js';
import type { Io } from '../../terminal/io.js';

/** The host a URL names, as a user writes it: no trailing slash. */
export function hostOf(url: URL): string {
  return url.href.replace(/\/+$/, '');
}

/** `host`: where the profile goes, and which variables chose it, e.g. "https://www.okx.com (from OKX_SITE)". */
export function reportSaved(saved: SaveResult, secretsFile: string, what: string, io: Io, host?: string): void {
  const { profile } = saved;
  if (saved.keyringProblem !== null) io.err(`balance: the system keyring cannot be used (${saved.keyringProblem}).\n`);
  if (profile.secretStore === 'file') io.err(`balance: credentials saved in plain text at ${secretsFile}\n`);
  const where = profile.secretStore === 'keyring' ? 'in the system keyring' : 'in the secrets file (readable only by you)';
  const verb = saved.replaced === null ? 'Saved' : 'Replaced';
  io.err(`${verb} profile ${profile.name} (${what})${host === undefined ? '' : ` for ${host}`}; its ${profile.auth === 'oauth' ? 'session is' : 'secrets are'} ${where}.\n`);
  if (saved.madeDefault) io.err(`${profile.name} is the default profile: \`balance show\` uses it.\n`);
  for (const warning of saved.warnings) io.err(`balance: warning: ${warning}\n`);
}
