// `balance auth login`: secrets from a prompt or stdin, checked with one
// authenticated balance call, then saved as a profile — secrets in the
// keyring (or the 0600 file), settings in the settings file.
import { BalanceError, ExitCode, isBalanceError, usageError } from '../../base/errors.js';
import { fetchAccountSet } from '../../accounts/fetch.js';
import { startDeadline } from '../../net/deadline.js';
import { createHttpClient } from '../../net/http.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName } from '../../store/profiles.js';
import { PROVIDER_NAMES } from '../../base/model.js';
import { isRealProviderName, loadProvider } from '../../providers/registry.js';
import type { Provider } from '../../providers/types.js';
import type { Io } from '../../terminal/io.js';
import { PromptEnded, PromptInterrupted, type Prompter } from '../../terminal/prompt.js';
import { parseTimeout, type ShowOptions } from '../show.js';
import { readSecrets } from './read-secrets.js';
import type { CredentialFacts, Credentials, SettingsInput } from '../../base/settings.js';
import { describeValidity, expiredError, EXPIRY_WARNING_DAYS, hasExpired, storedFactsOf } from '../../accounts/credential-life.js';

/** The connection flags are show's: they are what the profile saves. */
export interface LoginOptions
  extends Pick<ShowOptions, 'provider' | 'profile' | 'baseUrl' | 'site' | 'region' | 'demoTrading' | 'legacyApi' | 'funding' | 'timeout' | 'debug'> {
  withStdin?: boolean;
  verify?: boolean;
  insecureStorage?: boolean;
  autoRefresh?: boolean;
}

export async function runLogin(options: LoginOptions, io: Io): Promise<number> {
  const provider = await providerFor(options.provider);
  const name = checkProfileName(options.profile ?? provider.name);
  const timeoutMs = parseTimeout(options.timeout);
  const store = openStoredProfiles(io.env, { warn: (message) => io.err(`balance: warning: ${message}\n`) });
  // A broken settings file stops login before any question is asked.
  await store.readState();

  let prompter: Prompter | undefined;
  const openPrompter = async (): Promise<Prompter> => (prompter ??= await io.openPrompter());
  try {
    let settings = settingsFrom(options);
    provider.resolveSettings(settings, {}); // flags that do not fit the provider: exit 2 before the questions
    if (options.autoRefresh === true && provider.refresh === undefined) {
      throw usageError(`--auto-refresh applies to longport and longbridge only: ${provider.title} credentials cannot be renewed by balance.`);
    }
    const credentials = await readSecrets(provider, options.withStdin === true, io, openPrompter);
    if (options.withStdin !== true && provider.name === 'okx') settings = await askOkxChoices(settings, await openPrompter());
    prompter?.close();

    // What the token says of itself is checked before any request: another app's token, or an expired one, is not sent.
    const facts = provider.describeCredentials?.(credentials) ?? null;
    if (facts?.mismatch != null) {
      throw new BalanceError('auth', `Not saved: ${facts.mismatch}.`, {
        provider: provider.name,
        hint: 'Give the app key and app secret of the app the token was issued for, or issue a token for this app in the developer portal.',
      });
    }
    const target = { provider, profile: name, credentials, stored: null };
    if (hasExpired(facts, Date.now())) {
      const error = expiredError(target, facts?.expiresAt ?? null);
      throw new BalanceError('auth', `Not saved: ${error.message}`, { provider: provider.name, hint: 'Issue a new access token in the developer portal and log in with it.' });
    }

    if (options.verify !== false) await verify(provider, name, settings, credentials, timeoutMs, io, options.debug === true);
    const saved = await store.save({
      name,
      provider,
      credentials,
      settings,
      storage: options.insecureStorage === true ? 'file' : 'auto',
      facts: storedFactsOf(facts),
      autoRefresh: options.autoRefresh === true,
    });

    if (saved.keyringProblem !== null) io.err(`balance: the system keyring cannot be used (${saved.keyringProblem}).\n`);
    if (saved.profile.secretStore === 'file') io.err(`balance: credentials saved in plain text at ${store.paths.secretsFile}\n`);
    const where = saved.profile.secretStore === 'keyring' ? 'in the system keyring' : 'in the secrets file (readable only by you)';
    const verb = saved.replaced === null ? 'Saved' : 'Replaced';
    io.err(`${verb} profile ${name} (${provider.name}); its secrets are ${where}.\n`);
    if (saved.madeDefault) io.err(`${name} is the default profile: \`balance show\` uses it.\n`);
    if (facts !== null) sayTokenLife(name, facts, options.autoRefresh === true, io);
    for (const warning of saved.warnings) io.err(`balance: warning: ${warning}\n`);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof PromptInterrupted) return ExitCode.interrupted;
    if (error instanceof PromptEnded) throw usageError('Input ended before every secret was given; nothing was saved.');
    throw error;
  } finally {
    prompter?.close();
  }
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

/** One authenticated balance call; credentials the provider refuses are not saved. */
async function verify(
  provider: Provider,
  profile: string,
  settings: SettingsInput,
  credentials: Credentials,
  timeoutMs: number,
  io: Io,
  debug: boolean,
): Promise<void> {
  io.err(`Checking the credentials with ${provider.title}…\n`);
  const http = createHttpClient({ deadline: startDeadline(timeoutMs), ...(debug ? { debug: (line: string) => io.err(`[debug] ${line}\n`) } : {}) });
  try {
    await fetchAccountSet(
      // The login's settings are its command line: they beat OKX_BASE_URL, OKX_SITE… from
      // the shell, so the check runs against the host that is saved.
      { provider, profile, settings: provider.resolveSettings(settings, io.env), credentials },
      { currencies: [], http },
    );
  } catch (error) {
    if (!isBalanceError(error)) throw error;
    throw new BalanceError(error.kind, `Not saved: ${error.message}`, {
      ...(error.hint === undefined ? {} : { hint: `${error.hint}${error.kind === 'auth' ? '' : ' Or skip the check with --no-verify.'}` }),
      cause: error,
    });
  }
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
