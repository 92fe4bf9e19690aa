// `balance auth default [name]`: sets the profile a bare `balance show` uses,
// or prints it.
import { ExitCode } from '../../core/errors.js';
import { openProfileStore } from '../../core/profile-store.js';
import { checkProfileName } from '../../core/profiles.js';
import type { Io } from '../../io.js';

export async function runDefault(name: string | undefined, io: Io): Promise<number> {
  const store = openProfileStore(io.env);
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
