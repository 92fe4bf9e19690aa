// `balance auth list`: the stored profiles, their providers, which is the default.
import { ExitCode } from '../../base/errors.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import type { Io } from '../../terminal/io.js';
import { profilesIn, renderProfileList, renderProfileListJson } from '../../output/auth.js';

export async function runList(options: { json?: boolean }, io: Io): Promise<number> {
  const store = openStoredProfiles(io.env);
  const settingsFile = store.paths.settingsFile;
  const state = await store.readState();
  if (options.json === true) {
    io.out(renderProfileListJson(state, { pretty: io.stdoutIsTTY, settingsFile }));
  } else if (state.profiles.length === 0) {
    io.err(`No profiles are stored (in ${settingsFile}). Log in with \`balance auth login --provider <name>\`.\n`);
  } else {
    io.err(`${profilesIn(settingsFile)}\n`);
    io.out(renderProfileList(state, { isTTY: io.stdoutIsTTY }));
  }
  return ExitCode.ok;
}
