// `balance auth logout`: a profile's secrets out of every store that holds
// them, and its settings out of the settings file.
import { ExitCode, usageError } from '../../base/errors.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName } from '../../store/profiles.js';
import type { Io } from '../../terminal/io.js';

export interface LogoutOptions {
  profile?: string;
  all?: boolean;
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
