// `balance auth login`: secrets from a prompt or stdin, checked with one
// authenticated balance call, then saved as a profile — secrets in the
// keyring (or the 0600 file), settings in the settings file. Longbridge signs
// in with the browser by default (./oauth-login.ts), app keys one key away.
import { BalanceError, ExitCode, usageError } from '../../base/errors.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName, findProfile } from '../../store/profiles.js';
import { PROVIDER_NAMES } from '../../base/model.js';
import { isRealProviderName, loadProvider } from '../../providers/registry.js';
import type { Provider } from '../../providers/types.js';
import type { Io } from '../../terminal/io.js';
import { PromptEnded, PromptInterrupted, type Prompter } from '../../terminal/prompt.js';
import { parseTimeout, type ShowOptions } from '../show.js';
import { confirm } from './confirm.js';
import { readSecrets, secretOrder } from './read-secrets.js';
import { hostOf, reportSaved } from './saved.js';
import { verify } from './verify.js';
import { PROXY_PASSWORD, proxyHasUser, type CredentialFacts, type SettingsInput } from '../../base/settings.js';
import { describeValidity, expiredError, EXPIRY_WARNING_DAYS, hasExpired, storedFactsOf } from '../../accounts/credential-life.js';
import { checkProxyFlag, describeProxy, isDirect, parseProxyUrl, withoutPassword, withPassword } from '../../net/proxy.js';

/** The connection flags are show's: they are what the profile saves. */
export interface LoginOptions
  extends Pick<ShowOptions, 'provider' | 'profile' | 'baseUrl' | 'site' | 'region' | 'demoTrading' | 'legacyApi' | 'funding' | 'proxy' | 'timeout' | 'debug'> {
  withStdin?: boolean;
  verify?: boolean;
  insecureStorage?: boolean;
  /** Longbridge: the app-key prompts instead of the browser sign-in. */
  appKey?: boolean;
  /** false with --no-browser: the link is printed and no browser is opened. */
  browser?: boolean;
  /** Replace a profile of the same name without asking, even one of another provider. */
  force?: boolean;
  /** Longport/Longbridge: renew the access token before use when it expires within 14 days. */
  autoRefresh?: boolean;
}

export async function runLogin(options: LoginOptions, io: Io): Promise<number> {
  const store = openStoredProfiles(io.env, { warn: (message) => io.err(`balance: warning: ${message}\n`) });
  // A store this user cannot change, or a broken settings file, stops login before any question is asked.
  store.checkAccess('write');
  const state = await store.readState();
  // `auth login --profile X` signs in again to a stored profile's provider.
  const storedProvider = options.provider === undefined && options.profile !== undefined ? findProfile(state, checkProfileName(options.profile))?.provider : undefined;
  const provider = await providerFor(options.provider ?? storedProvider);
  const name = checkProfileName(options.profile ?? provider.name);
  const timeoutMs = parseTimeout(options.timeout);
  const withStdin = options.withStdin === true;
  if (withStdin && io.stdinIsTTY) {
    // Typed at a terminal, the lines would be echoed, and nothing says when to stop.
    throw usageError(
      '--with-stdin reads the secrets from a pipe or a file; typed at a terminal they would be shown on the screen.',
      `Leave out --with-stdin: balance then asks for each (${secretOrder(provider)}) without showing what you type.`,
    );
  }
  const existing = findProfile(state, name);
  const flags = settingsFrom(options);
  provider.resolveSettings(flags, {}); // flags that do not fit the provider: exit 2 before the questions
  provider.resolveSettings(flags, io.env); // and variables that do not either
  const interactive = !withStdin && io.stdinIsTTY;
  if (existing !== undefined && options.force !== true && !interactive && existing.provider !== provider.name) {
    throw usageError(
      `Profile ${name} holds ${(await loadProvider(existing.provider)).title} credentials; logging in to ${provider.title} under that name would replace them.`,
      `Choose another name with --profile, or add --force to replace it.`,
    );
  }

  let prompter: Prompter | undefined;
  const openPrompter = async (): Promise<Prompter> => (prompter ??= await io.openPrompter());
  try {
    if (existing !== undefined && options.force !== true && interactive) {
      const saved = existing.savedAt === '' ? '' : `, saved ${existing.savedAt.slice(0, 10)}`;
      if (!(await confirm(io, `Profile ${name} exists (${existing.provider}${saved}). Replace it? [y/N]: `, await openPrompter()))) {
        io.err(`Kept profile ${name}; nothing was saved.\n`);
        return ExitCode.usage;
      }
      prompter?.close();
      prompter = undefined;
    }

    // The 2022 pre-release API (--legacy-api) predates the sign-in: app keys only.
    if (provider.oauth !== undefined && options.appKey !== true && !withStdin && options.legacyApi !== true) {
      const choice = io.stdinIsTTY ? await chooseSignIn(provider, io) : 'browser';
      if (choice === 'interrupted') return ExitCode.interrupted;
      if (choice === 'browser') {
        const { runOAuthLogin } = await import('./oauth-login.js');
        const { settings } = settingsToSave(provider, flags, io.env);
        return await runOAuthLogin({ provider, oauth: provider.oauth, name, settings, store, timeoutMs, options }, io);
      }
    } else if (provider.name === 'longport' && !withStdin) {
      io.err('Longport signs in with app keys. To sign in with your browser instead, without app keys: balance auth login --provider longbridge\n');
    }

    if (options.autoRefresh === true && provider.refresh === undefined) {
      throw usageError(`--auto-refresh applies to longport and longbridge only: ${provider.title} credentials cannot be renewed by balance.`);
    }
    // A proxy saved with a user: its password is asked (or read) after the provider's secrets.
    const extra = proxyHasUser(flags.proxy) ? [PROXY_PASSWORD] : [];
    const credentials = await readSecrets(provider, withStdin, io, openPrompter, extra);
    const asked = interactive && provider.name === 'okx' ? await askOkxChoices(flags, io.env, await openPrompter()) : flags;
    prompter?.close();

    // What the token says of itself is checked before any request: another app's token, or an expired one, is not sent.
    const facts = provider.describeCredentials?.(credentials) ?? null;
    if (facts?.mismatch != null) {
      throw new BalanceError('auth', `Not saved: ${facts.mismatch}.`, {
        provider: provider.name,
        hint: 'Give the app key and app secret of the app the token was issued for, or issue a token for this app in the developer portal.',
      });
    }
    if (hasExpired(facts, Date.now())) {
      const error = expiredError({ provider, profile: name, credentials, stored: null }, facts?.expiresAt ?? null);
      throw new BalanceError('auth', `Not saved: ${error.message}`, { provider: provider.name, hint: 'Issue a new access token in the developer portal and log in with it.' });
    }

    // What the check uses is what is saved: settings the environment decided are saved too.
    const { settings, fromEnvironment } = settingsToSave(provider, asked, io.env);
    const host = hostOf(provider.resolveSettings(settings, {}).baseUrl);
    const source = fromEnvironment.length === 0 ? '' : ` (from ${fromEnvironment.join(', ')})`;
    if (options.verify !== false) await verify(provider, name, settings, credentials, options.proxy, timeoutMs, io, options.debug === true);
    // App keys in place of a browser sign-in: its registered client, read before the
    // session is overwritten, is deleted once the new profile is saved (as logout does).
    const replacedSession = existing?.auth === 'oauth' ? await import('./revoke-clients.js') : null;
    const orphans = replacedSession === null || existing === undefined ? [] : await replacedSession.unusedClients([existing], state.profiles, store, io);
    const saved = await store.save({
      name,
      provider,
      credentials,
      settings,
      storage: options.insecureStorage === true ? 'file' : 'auto',
      facts: storedFactsOf(facts),
      autoRefresh: options.autoRefresh === true,
    });
    reportSaved(saved, store.paths.secretsFile, provider.name, io, `${host}${source}`);
    if (replacedSession !== null) await replacedSession.deleteClients(orphans, io);
    if (facts !== null) sayTokenLife(name, facts, options.autoRefresh === true, io);
    if (settings.proxy !== undefined) {
      const proxy = describeProxy(withPassword(settings.proxy, credentials[PROXY_PASSWORD.key], '--proxy'));
      io.err(`Its requests go through the proxy ${proxy}, unless --proxy or the environment (HTTPS_PROXY, ALL_PROXY…) names another.\n`);
    }
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

/** The variables that choose a provider's host and account (not its secrets): OKX_BASE_URL, OKX_SITE, LONGPORT_HTTP_URL… */
const HOST_VARIABLE = /(_BASE_URL|_HTTP_URL|_SITE|_REGION|_DEMO_TRADING)$/;

/**
 * The settings to save: the flags, plus what the environment decided for the
 * host and the account (site, region, demo trading, base URL), so a later run
 * without those variables goes where the login's check went. Also the
 * variables that decided it.
 */
function settingsToSave(provider: Provider, flags: SettingsInput, env: Io['env']): { settings: SettingsInput; fromEnvironment: string[] } {
  const checked = provider.resolveSettings(flags, env);
  const alone = provider.resolveSettings(flags, {});
  const next: { -readonly [K in keyof SettingsInput]: SettingsInput[K] } = { ...flags };
  if (checked.demoTrading !== alone.demoTrading) next.demoTrading = checked.demoTrading;
  // The host as the environment chose it: by site or region where that gives it, else the URL itself.
  const host = (settings: SettingsInput): string => provider.resolveSettings(settings, {}).baseUrl.href;
  if (host(next) !== checked.baseUrl.href) {
    const named = {
      ...next,
      ...(checked.site === null || checked.site === alone.site ? {} : { site: checked.site }),
      ...(checked.region === null || checked.region === alone.region ? {} : { region: checked.region }),
    };
    if (host(named) === checked.baseUrl.href) Object.assign(next, named);
    else next.baseUrl = hostOf(checked.baseUrl);
  }
  const changed = JSON.stringify(next) !== JSON.stringify(flags);
  const fromEnvironment = changed
    ? provider.envVars.map((variable) => variable.name).filter((variable) => HOST_VARIABLE.test(variable) && (env[variable]?.trim() ?? '') !== '')
    : [];
  return { settings: next, fromEnvironment };
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
  checkProxyFlag(options.proxy);
  // --proxy none saves none; a URL is saved without a password (the flag cannot carry one).
  if (options.proxy !== undefined && !isDirect(options.proxy)) settings.proxy = withoutPassword(parseProxyUrl(options.proxy, '--proxy', { passwordAllowed: false })).url;
  return settings;
}

/**
 * On a terminal, OKX's site and demo-trading choice are asked when neither a
 * flag nor the environment (OKX_SITE, OKX_BASE_URL, OKX_DEMO_TRADING) gave them.
 */
async function askOkxChoices(settings: SettingsInput, env: Io['env'], prompter: Prompter): Promise<SettingsInput> {
  const set = (name: string): boolean => (env[name]?.trim() ?? '') !== '';
  let next = settings;
  if (next.site === undefined && next.baseUrl === undefined && !set('OKX_SITE') && !set('OKX_BASE_URL')) {
    const answer = (await prompter.ask('OKX site — global (www.okx.com), eea (my.okx.com), us (app.okx.com) [global]: ')).trim().toLowerCase();
    if (answer !== '' && !['global', 'eea', 'us'].includes(answer)) throw usageError(`"${answer.slice(0, 20)}" is not an OKX site.`, 'Answer global, eea or us (or pass --site).');
    if (answer !== '' && answer !== 'global') next = { ...next, site: answer };
  }
  if (next.demoTrading === undefined && !set('OKX_DEMO_TRADING')) {
    const answer = (await prompter.ask('Is this a demo-trading key? [y/N]: ')).trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') next = { ...next, demoTrading: true };
  }
  return next;
}
/** The token's life as it says it: until when, paper trading, the data center, and whether balance renews it. */
function sayTokenLife(profile: string, facts: CredentialFacts, autoRefresh: boolean, io: Io): void {
  const now = Date.now();
  const validity = facts.expiresAt === null ? 'its expiry is unknown (the token does not say)' : describeValidity(facts.expiresAt, now);
  const extras = [facts.paperTrading === true ? 'a paper-trading account' : null, facts.dataCenter === null ? null : `data center ${facts.dataCenter}`]
    .filter((part) => part !== null)
    .join(', ');
  io.err(`Access token ${validity}${extras === '' ? '' : ` (${extras})`}.\n`);
  if (autoRefresh) io.err(`It will be renewed before use when it expires within ${EXPIRY_WARNING_DAYS} days.\n`);
  else if (facts.expiresAt !== null) io.err(`Renew it before then with \`balance auth refresh --profile ${profile}\`.\n`);
}
