// `balance auth logout`: a profile's secrets out of every store that holds
// them, and its settings out of the settings file. An OAuth session's
// registered client is deleted with the provider (RFC 7592) when no other
// profile still uses it.
import { ExitCode, usageError } from '../../base/errors.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName } from '../../store/profiles.js';
import type { Io } from '../../terminal/io.js';
import { PromptInterrupted } from '../../terminal/prompt.js';
import { confirm } from './confirm.js';

export interface LogoutOptions {
  profile?: string;
  all?: boolean;
  /** --all without asking (scripts). */
  yes?: boolean;
}

export async function runLogout(options: LogoutOptions, io: Io): Promise<number> {
  if (options.all === true && options.profile !== undefined) throw usageError('Give either --profile or --all, not both.');
  const store = openStoredProfiles(io.env, { warn: (message) => io.err(`balance: warning: ${message}\n`) });
  const state = await store.readState();
  if (state.profiles.length === 0 && options.profile === undefined) {
    io.err(`No profiles are stored (in ${store.paths.settingsFile}); nothing to remove.\n`);
    return ExitCode.ok;
  }
  let names: string[] | 'all';
  if (options.all === true) names = 'all';
  else if (options.profile !== undefined) names = [checkProfileName(options.profile)];
  else if (state.profiles.length === 1) names = [state.profiles[0]!.name];
  else throw usageError(`Several profiles are stored (${state.profiles.map((p) => p.name).join(', ')}).`, 'Name one with --profile, or remove them all with --all.');

  if (names === 'all' && options.yes !== true) {
    store.checkAccess('write');
    const one = state.profiles.length === 1;
    const listed = one ? `profile ${state.profiles[0]!.name}` : `all ${state.profiles.length} profiles (${state.profiles.map((p) => p.name).join(', ')})`;
    if (!io.stdinIsTTY) throw usageError(`--all removes ${listed}; in a script, confirm it with --yes.`, 'balance auth logout --all --yes');
    let yes: boolean;
    try {
      yes = await confirm(io, `Remove ${listed} and ${one ? 'its' : 'their'} secrets? [y/N]: `);
    } catch (error) {
      if (error instanceof PromptInterrupted) return ExitCode.interrupted;
      throw error;
    }
    if (!yes) {
      io.err('Nothing was removed.\n');
      return ExitCode.usage;
    }
  }

  const leaving = names === 'all' ? state.profiles : names.flatMap((name) => state.profiles.filter((profile) => profile.name === name));
  if (leaving.some((profile) => profile.auth === 'oauth')) {
    const { revokeUnusedClients } = await import('./revoke-clients.js');
    await revokeUnusedClients(leaving, state.profiles, store, io);
  }
  const result = await store.remove(names);
  for (const profile of result.removed) {
    const where = profile.secretStore === 'keyring' ? 'the system keyring' : 'the secrets file';
    io.err(`Removed profile ${profile.name} (${profile.provider}) and its secrets from ${where}.\n`);
  }
  for (const warning of result.warnings) io.err(`balance: warning: ${warning}\n`);
  if (result.defaultCleared && result.removed.length < state.profiles.length) {
    io.err('There is no default profile now; choose one with `balance auth default <name>`.\n');
  }
  return ExitCode.ok;
}
