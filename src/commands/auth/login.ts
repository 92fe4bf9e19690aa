// `balance auth login`: secrets from a prompt or stdin, checked with one
// authenticated balance call, then saved as a profile — secrets in the
// keyring (or the 0600 file), settings in the settings file. Longbridge signs
// in with the browser by default (./oauth-login.ts), app keys one key away.
import { ExitCode, usageError } from '../../base/errors.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName, findProfile } from '../../store/profiles.js';
import { PROVIDER_NAMES } from '../../base/model.js';
import { isRealProviderName, loadProvider } from '../../providers/registry.js';
import type { Provider } from '../../providers/types.js';
import type { Io } from '../../terminal/io.js';
import { PromptEnded, PromptInterrupted, type Prompter } from '../../terminal/prompt.js';
import { parseTimeout, type ShowOptions } from '../show.js';
import { readSecrets } from './read-secrets.js';
import { reportSaved } from './saved.js';
import { verify } from './verify.js';
import type { SettingsInput } from '../../base/settings.js';

/** The connection flags are show's: they are what the profile saves. */
export interface LoginOptions
  extends Pick<ShowOptions, 'provider' | 'profile' | 'baseUrl' | 'site' | 'region' | 'demoTrading' | 'legacyApi' | 'funding' | 'timeout' | 'debug'> {
  withStdin?: boolean;
  verify?: boolean;
  insecureStorage?: boolean;
  /** Longbridge: the app-key prompts instead of the browser sign-in. */
  appKey?: boolean;
  /** false with --no-browser: the link is printed and no browser is opened. */
  browser?: boolean;
}

export async function runLogin(options: LoginOptions, io: Io): Promise<number> {
  const store = openStoredProfiles(io.env, { warn: (message) => io.err(`balance: warning: ${message}\n`) });
  // A broken settings file stops login before any question is asked.
  const state = await store.readState();
  // `auth login --profile X` signs in again to a stored profile's provider.
  const storedProvider = options.provider === undefined && options.profile !== undefined ? findProfile(state, checkProfileName(options.profile))?.provider : undefined;
  const provider = await providerFor(options.provider ?? storedProvider);
  const name = checkProfileName(options.profile ?? provider.name);
  const timeoutMs = parseTimeout(options.timeout);

  // The 2022 pre-release API (--legacy-api) predates the sign-in: app keys only.
  if (provider.oauth !== undefined && options.appKey !== true && options.withStdin !== true && options.legacyApi !== true) {
    provider.resolveSettings(settingsFrom(options), {}); // flags that do not fit: exit 2 before anything else
    const choice = io.stdinIsTTY ? await chooseSignIn(provider, io) : 'browser';
    if (choice === 'interrupted') return ExitCode.interrupted;
    if (choice === 'browser') {
      const { runOAuthLogin } = await import('./oauth-login.js');
      return runOAuthLogin({ provider, oauth: provider.oauth, name, settings: settingsFrom(options), store, timeoutMs, options }, io);
    }
  } else if (provider.name === 'longport' && options.withStdin !== true) {
    io.err('Longport signs in with app keys. To sign in with your browser instead, without app keys: balance auth login --provider longbridge\n');
  }

  let prompter: Prompter | undefined;
  const openPrompter = async (): Promise<Prompter> => (prompter ??= await io.openPrompter());
  try {
    let settings = settingsFrom(options);
    provider.resolveSettings(settings, {}); // flags that do not fit the provider: exit 2 before the questions
    const credentials = await readSecrets(provider, options.withStdin === true, io, openPrompter);
    if (options.withStdin !== true && provider.name === 'okx') settings = await askOkxChoices(settings, await openPrompter());
    prompter?.close();

    if (options.verify !== false) await verify(provider, name, settings, credentials, timeoutMs, io, options.debug === true);
    const saved = await store.save({ name, provider, credentials, settings, storage: options.insecureStorage === true ? 'file' : 'auto' });
    reportSaved(saved, store.paths.secretsFile, provider.name, io);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof PromptInterrupted) return ExitCode.interrupted;
    if (error instanceof PromptEnded) throw usageError('Input ended before every secret was given; nothing was saved.');
    throw error;
  } finally {
    prompter?.close();
  }
}

/**
 * On a terminal: the browser sign-in on Enter, the app-key questions on "k".
 * Raw keys, so one keypress decides; Ctrl-C leaves.
 */
async function chooseSignIn(provider: Provider, io: Io): Promise<'browser' | 'keys' | 'interrupted'> {
  const { processTerminal } = await import('../../terminal/terminal.js');
  io.err(`Sign in to ${provider.title} in your browser: press Enter. To type an app key, secret and access token instead, press k.\n`);
  return new Promise((resolve) => {
    const stop = processTerminal().readKeys((key) => {
      const choice = key === '\r' || key === '\n' ? 'browser' : key === 'k' || key === 'K' ? 'keys' : key === '\u0003' || key === '\u0004' ? 'interrupted' : null;
      if (choice === null) return;
      stop();
      resolve(choice);
    });
  });
}

async function providerFor(name: string | undefined): Promise<Provider> {
  if (name === undefined || !isRealProviderName(name)) {
    throw usageError(
      name === undefined ? 'auth login needs --provider.' : `Unknown provider "${name}".`,
      `Choose one of: ${PROVIDER_NAMES.filter((provider) => provider !== 'sample').join(', ')}.`,
    );
  }
  return loadProvider(name);
}

/** The settings flags given, and only those, are saved with the profile. */
function settingsFrom(options: LoginOptions): SettingsInput {
  const settings: { -readonly [K in keyof SettingsInput]: SettingsInput[K] } = {};
  if (options.baseUrl !== undefined) settings.baseUrl = options.baseUrl;
  if (options.site !== undefined) settings.site = options.site;
  if (options.region !== undefined) settings.region = options.region;
  if (options.demoTrading === true) settings.demoTrading = true;
  if (options.legacyApi === true) settings.legacyApi = true;
  if (options.funding === true) settings.funding = true;
  return settings;
}

/** On a terminal, OKX's site and demo-trading choice are asked when no flag gave them. */
async function askOkxChoices(settings: SettingsInput, prompter: Prompter): Promise<SettingsInput> {
  let next = settings;
  if (next.site === undefined && next.baseUrl === undefined) {
    const answer = (await prompter.ask('OKX site — global (www.okx.com), eea (my.okx.com), us (app.okx.com) [global]: ')).trim().toLowerCase();
    if (answer !== '' && !['global', 'eea', 'us'].includes(answer)) throw usageError(`"${answer.slice(0, 20)}" is not an OKX site.`, 'Answer global, eea or us (or pass --site).');
    if (answer !== '' && answer !== 'global') next = { ...next, site: answer };
  }
  if (next.demoTrading === undefined) {
    const answer = (await prompter.ask('Is this a demo-trading key? [y/N]: ')).trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') next = { ...next, demoTrading: true };
  }
  return next;
}
