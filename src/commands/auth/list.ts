// `balance auth list`: the stored profiles, their providers, which is the default.
import { ExitCode } from '../../base/errors.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import type { Io } from '../../terminal/io.js';
import { renderProfileList, renderProfileListJson } from '../../output/auth.js';

export async function runList(options: { json?: boolean }, io: Io): Promise<number> {
  const state = await openStoredProfiles(io.env).readState();
  if (options.json === true) {
    io.out(renderProfileListJson(state, { pretty: io.stdoutIsTTY }));
  } else if (state.profiles.length === 0) {
    io.err('No profiles are stored. Log in with `balance auth login --provider <name>`.\n');
  } else {
    io.out(renderProfileList(state, { isTTY: io.stdoutIsTTY }));
  }
  return ExitCode.ok;
}
