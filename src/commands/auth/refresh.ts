// `balance auth refresh [--profile NAME | --all] [--valid-for DAYS]`: renews
// stored Longport/Longbridge access tokens where they are stored
// (src/accounts/renew.ts: under the store's lock, written and read back,
// the secrets file when the keyring cannot keep them). `--auto-refresh on|off`
// only marks profiles for renewal before use.
import { ExitCode, isBalanceError, usageError, type BalanceError } from '../../base/errors.js';
import { describeValidity, EXPIRY_WARNING_DAYS, renewalProblem } from '../../accounts/credential-life.js';
import { renewCredentials, sharedNotSaved } from '../../accounts/renew.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { environmentTargets, resolveStoredTargets, type ResolvedTarget } from '../../accounts/targets.js';
import { startDeadline } from '../../net/deadline.js';
import { createHttpClient } from '../../net/http.js';
import { loadProvider } from '../../providers/registry.js';
import { checkProfileName, findProfile, unknownProfile, type StoredProfile } from '../../store/profiles.js';
import type { ProfileStore } from '../../store/profile-store.js';
import type { Io } from '../../terminal/io.js';
import { parseTimeout } from '../show.js';

export interface RefreshOptions {
  profile?: string;
  all?: boolean;
  validFor?: string;
  autoRefresh?: string;
  timeout?: string;
  debug?: boolean;
}

export async function runRefresh(options: RefreshOptions, io: Io): Promise<number> {
  if (options.all === true && options.profile !== undefined) throw usageError('Give either --profile or --all, not both.');
  const validForDays = parseValidFor(options.validFor);
  const timeoutMs = parseTimeout(options.timeout);
  const store = openStoredProfiles(io.env, { warn: (message) => io.err(`balance: warning: ${message}\n`) });
  if (options.autoRefresh !== undefined) return markAutoRefresh(options, options.autoRefresh === 'on', store, io);
  const { targets, unresolved } = await chooseTargets(options, store, io);
  const failures: BalanceError[] = [];
  for (const { profile, error } of unresolved) {
    failures.push(error);
    io.err(`balance: profile ${profile}: ${error.message}\n`);
    if (error.hint !== undefined) io.err(`  ${error.hint}\n`);
  }
  if (targets.length === 0 && failures.length === 0) {
    io.err('No stored profile has a token that balance can renew (Longport or Longbridge).\n');
    return ExitCode.ok;
  }
  for (const target of targets) {
    const problem = renewalProblem(target);
    if (problem !== null) {
      const sentence = target.stored ? `Profile ${target.profile}: ${problem}.` : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
      throw usageError(sentence, refreshHint(target));
    }
    const max = target.provider.refresh?.maxValidDays ?? validForDays;
    if (validForDays > max) throw usageError(`--valid-for ${validForDays}: ${target.provider.title} grants at most ${max} days.`);
  }

  const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
  const deadline = startDeadline(timeoutMs * Math.max(1, targets.length));
  try {
    const http = createHttpClient({ deadline, ...(debug === undefined ? {} : { debug }) });
    // One after another: each holds the store's lock while its provider answers.
    // A profile that held the same token as one renewed before it was dealt with then.
    const handled = new Set<string>();
    for (const target of targets) {
      if (handled.has(target.profile)) continue;
      try {
        const outcome = await renewCredentials(target, { store, http, validForDays, when: 'always' });
        const until = outcome.kind === 'not-due' ? '' : outcome.expiresAt === null ? '; its expiry is unknown' : `; ${describeValidity(outcome.expiresAt, Date.now())}`;
        if (outcome.kind === 'renewed') {
          const where = outcome.target.stored?.secretStore === 'keyring' ? 'the system keyring' : `the secrets file (${store.paths.secretsFile}, readable only by you)`;
          if (outcome.keyringProblem !== null) {
            io.err(
              `balance: warning: the system keyring could not keep the new token of profile ${target.profile} (${outcome.keyringProblem}); it was saved in the secrets file instead. ` +
                `The old entries left in the keyring are removed by \`balance auth logout\` or a new \`balance auth login\` of the profile.\n`,
            );
          }
          io.err(`Renewed the access token of profile ${target.profile}, saved in ${where}${until}.\n`);
          for (const name of outcome.shared) {
            handled.add(name);
            io.err(`Profile ${name} held the same access token as profile ${target.profile}: it has the new one too.\n`);
          }
          for (const { name, problem } of outcome.sharedProblems) {
            handled.add(name);
            const error = sharedNotSaved(target, name, problem);
            failures.push(error);
            io.err(`balance: ${error.message}\n  ${error.hint}\n`);
          }
        } else if (outcome.kind === 'renewed-elsewhere') {
          io.err(`The access token of profile ${target.profile} was renewed by another balance process meanwhile${until}; nothing to do.\n`);
        }
      } catch (error) {
        if (!isBalanceError(error)) throw error;
        failures.push(error);
        io.err(`balance: ${options.all === true ? `profile ${target.profile}: ` : ''}${error.message}\n`);
        if (error.hint !== undefined) io.err(`  ${error.hint}\n`);
      }
    }
  } finally {
    deadline.dispose();
  }
  return failures[0]?.exitCode ?? ExitCode.ok;
}

function parseValidFor(text: string | undefined): number {
  if (text === undefined) return 90;
  const days = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || days < 1 || days > 3650) throw usageError(`--valid-for takes a whole number of days from 1 to 90; got "${text}".`);
  return days;
}

/** --auto-refresh on|off: only the mark in the settings file; no secret is read, no request made. */
async function markAutoRefresh(options: RefreshOptions, on: boolean, store: ProfileStore, io: Io): Promise<number> {
  const state = await store.readState();
  let chosen: readonly StoredProfile[];
  if (options.all === true) chosen = state.profiles;
  else {
    const name = options.profile === undefined ? state.defaultProfile : checkProfileName(options.profile);
    if (name === null) throw usageError('No default profile is set.', 'Name the profile with --profile.');
    chosen = [findProfile(state, name) ?? unknownProfile(name, state)];
  }
  const renewable: StoredProfile[] = [];
  for (const profile of chosen) {
    const provider = await loadProvider(profile.provider);
    if (provider.refresh !== undefined) renewable.push(profile);
    else if (options.all !== true) throw usageError(`Profile ${profile.name}: ${provider.title} credentials cannot be renewed by balance.`);
  }
  for (const profile of renewable) {
    await store.setAutoRefresh(profile.name, on);
    io.err(
      on
        ? `Profile ${profile.name}: its access token will be renewed before use when it expires within ${EXPIRY_WARNING_DAYS} days. It was not renewed now.\n`
        : `Profile ${profile.name}: its access token will not be renewed automatically.\n`,
    );
  }
  if (renewable.length === 0) io.err('No stored profile has a token that balance can renew (Longport or Longbridge).\n');
  return ExitCode.ok;
}

/**
 * --all: every stored profile of a provider that can renew. --profile: that
 * stored profile, whatever the environment holds (its stored token is the one
 * renewed). Neither: Longport/Longbridge credentials in the environment are
 * an error (they cannot be renewed in place), else the default profile.
 */
async function chooseTargets(
  options: RefreshOptions,
  store: ProfileStore,
  io: Io,
): Promise<{ targets: ResolvedTarget[]; unresolved: { profile: string; error: BalanceError }[] }> {
  const context = { env: io.env, profiles: store };
  const state = await store.readState();
  let chosen: StoredProfile[];
  if (options.all === true) {
    chosen = [];
    for (const profile of state.profiles) if (profile.auth !== 'oauth' && (await loadProvider(profile.provider)).refresh !== undefined) chosen.push(profile);
  } else if (options.profile !== undefined) {
    const name = checkProfileName(options.profile);
    chosen = [findProfile(state, name) ?? unknownProfile(name, state)];
  } else {
    const fromEnv = (await environmentTargets({}, io.env)).filter((outcome) => outcome.ok && outcome.target.provider.refresh !== undefined);
    if (fromEnv[0]?.ok === true) return { targets: [fromEnv[0].target], unresolved: [] };
    const fallback = state.defaultProfile === null ? undefined : findProfile(state, state.defaultProfile);
    if (fallback === undefined) throw usageError('No default profile is set.', 'Name the profile to renew with --profile, or renew them all with --all.');
    chosen = [fallback];
  }
  const targets: ResolvedTarget[] = [];
  const unresolved: { profile: string; error: BalanceError }[] = [];
  // A profile whose secrets cannot be read (a locked keyring) does not stop the others.
  for (const outcome of await resolveStoredTargets(chosen, () => ({}), context, 'ignore')) {
    if (outcome.ok) targets.push(outcome.target);
    else if (options.all === true) unresolved.push({ profile: outcome.profile, error: outcome.error });
    else throw outcome.error;
  }
  return { targets, unresolved };
}

function refreshHint(target: ResolvedTarget): string | undefined {
  if (target.provider.refresh === undefined) return undefined;
  return `Issue a new token in the ${target.provider.title} developer portal and set it in the environment, or store the credentials as a profile with \`balance auth login --provider ${target.provider.name}\`.`;
}
