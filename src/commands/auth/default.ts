// `balance auth default [name]`: sets the profile a bare `balance show` uses,
// or prints it.
import { ExitCode } from '../../base/errors.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName } from '../../store/profiles.js';
import type { Io } from '../../terminal/io.js';

export async function runDefault(name: string | undefined, io: Io): Promise<number> {
  const store = openStoredProfiles(io.env);
  if (name === undefined) {
    const { defaultProfile } = await store.readState();
    if (defaultProfile === null) io.err('No default profile is set; choose one with `balance auth default <name>`.\n');
    else io.out(`${defaultProfile}\n`);
    return ExitCode.ok;
  }
  const profile = await store.setDefault(checkProfileName(name));
  io.err(`${profile.name} (${profile.provider}) is the default profile now.\n`);
  return ExitCode.ok;
}
