// `balance auth status`: for each profile, where its secrets come from
// (masked), and whether the provider accepts them right now.
import { checkCredentials } from '../../accounts/check-credentials.js';
import { ExitCode, isBalanceError, type BalanceError } from '../../base/errors.js';
import { startDeadline } from '../../net/deadline.js';
import { createHttpClient } from '../../net/http.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName, findProfile, unknownProfile } from '../../store/profiles.js';
import { maskSecret } from '../../base/redact.js';
import { ENVIRONMENT_PROFILE, environmentTargets, resolveStoredTargets, type ResolvedTarget, type TargetOutcome } from '../../accounts/targets.js';
import { credentialFacts, daysLeft } from '../../accounts/credential-life.js';
import type { RealProviderName } from '../../base/model.js';
import type { Io } from '../../terminal/io.js';
import { profilesIn, renderStatusJson, renderStatusText, statusNotes, type StatusEntry, type StatusLife, type StatusSession } from '../../output/auth.js';
import { SessionRefresher } from '../../accounts/session-refresh.js';
import { secretsFor } from '../../accounts/stored-profiles.js';
import type { Provider } from '../../providers/types.js';
import type { Credentials } from '../../base/settings.js';
import { parseTimeout } from '../show.js';
import { describeProxy } from '../../net/proxy.js';

export interface StatusOptions {
  profile?: string;
  json?: boolean;
  timeout?: string;
  debug?: boolean;
}

export async function runStatus(options: StatusOptions, io: Io): Promise<number> {
  const timeoutMs = parseTimeout(options.timeout);
  const store = openStoredProfiles(io.env, { warn: (message) => io.err(`balance: warning: ${message}\n`) });
  const state = await store.readState();
  const name = options.profile === undefined ? undefined : checkProfileName(options.profile);
  const chosen = name === undefined ? state.profiles : [findProfile(state, name) ?? unknownProfile(name, state, store.settingsFile)];

  const context = { env: io.env, profiles: store };
  const outcomes = await resolveStoredTargets(chosen, () => ({}), context, 'override');
  if (name === undefined) {
    // Providers with credentials in the environment and no stored profile of their own.
    const covered = new Set(state.profiles.map((profile) => profile.provider));
    outcomes.push(...(await environmentTargets({}, io.env)).filter((outcome) => !covered.has(providerOf(outcome))));
  }
  const settingsFile = store.paths.settingsFile;
  if (outcomes.length === 0) {
    if (options.json === true) io.out(renderStatusJson([], { pretty: io.stdoutIsTTY, settingsFile }));
    io.err(`balance: no profiles are stored (in ${settingsFile}) and no provider credentials are in the environment.\n  Log in with \`balance auth login --provider <name>\`.\n`);
    return ExitCode.credentials;
  }

  const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
  debug?.(`profiles in ${settingsFile}`);
  const http = createHttpClient({ deadline: startDeadline(timeoutMs), ...(debug === undefined ? {} : { debug }) });
  const sessions = new SessionRefresher(store, Date.now, (message) => io.err(`balance: warning: ${message}\n`));
  const errors: BalanceError[] = [];
  const failed = (error: BalanceError): Pick<StatusEntry, 'status' | 'error'> => {
    errors.push(error);
    return {
      status: error.kind === 'auth' ? 'rejected' : 'error',
      error: { kind: error.kind, code: error.code ?? null, message: error.message, hint: error.hint },
    };
  };
  const entries = await Promise.all(
    outcomes.map(async (outcome): Promise<StatusEntry> => {
      const profile = outcome.ok ? outcome.target.profile : outcome.profile;
      const base = {
        profile,
        provider: providerOf(outcome),
        isDefault: state.defaultProfile === profile, // "default" (the environment's) is never a stored name
        environmentOnly: outcome.ok ? outcome.target.stored === null : outcome.profile === ENVIRONMENT_PROFILE,
        environmentOverride: outcome.ok && outcome.target.environmentOverride,
      };
      if (!outcome.ok) return { ...base, secrets: [], ...failed(outcome.error), key: null, proxy: null, life: null };
      const { target } = outcome;
      const proxy = target.proxy == null ? null : `${describeProxy(target.proxy.url)} (${target.proxy.source})`;
      // A session, unless the environment's app keys replace it.
      const oauth = target.stored?.auth === 'oauth' && !target.environmentOverride;
      // An OAuth session's tokens are not shown even in part; where they are kept is.
      const secrets = secretsFor(target.provider, oauth ? 'oauth' : 'keys')
        .filter((secret) => secret.notSecret !== true && target.sources[secret.key] !== undefined)
        .map((secret) => ({
          key: secret.key,
          label: secret.label,
          masked: oauth ? '****' : maskSecret(target.credentials[secret.key] ?? '', { isPublic: secret.isPublic === true }),
          source: target.sources[secret.key]!,
        }));
      // A session's life is its own (below); an API key's token says its expiry.
      const life = oauth ? null : lifeOf(target);
      let credentials: Credentials;
      try {
        credentials = await sessions.credentialsFor(target, http);
      } catch (error) {
        if (!isBalanceError(error)) throw error;
        return { ...base, secrets, ...failed(error), key: null, proxy, life, session: oauth ? describeSession(target.provider, target.credentials) : null };
      }
      const session = oauth ? describeSession(target.provider, credentials) : null;
      const check = await checkCredentials({ ...target, credentials }, http);
      if (!check.accepted) return { ...base, secrets, ...failed(check.error), key: null, proxy, life, session };
      return { ...base, secrets, status: 'accepted', error: null, key: check.key, proxy, life, session };
    }),
  );

  if (options.json === true) {
    io.out(renderStatusJson(entries, { pretty: io.stdoutIsTTY, settingsFile }));
  } else {
    io.err(`${profilesIn(settingsFile)}\n`);
    // Fitted to a terminal; a pipe gets every value on one line, for grep.
    io.out(renderStatusText(entries, { width: io.stdoutIsTTY ? io.columns : Number.POSITIVE_INFINITY }));
  }
  for (const note of statusNotes(entries)) io.err(`balance: ${note}\n`);
  // Any profile rejected: 4; else the first other failure's code.
  if (errors.some((error) => error.kind === 'auth')) return ExitCode.credentials;
  return errors[0]?.exitCode ?? ExitCode.ok;
}

function describeSession(provider: Provider, credentials: Credentials): StatusSession | null {
  const facts = provider.oauth?.describe(credentials);
  if (facts === undefined) return null;
  const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());
  return {
    title: provider.title,
    clientId: facts.clientId,
    dataCenter: facts.dataCenter,
    accessTokenExpiresAt: iso(facts.accessExpiresAt),
    renewsUntil: iso(facts.renewsUntil),
  };
}

function lifeOf(target: ResolvedTarget): StatusLife | null {
  const facts = credentialFacts(target);
  if (facts === null) return null;
  return {
    tokenExpiresAt: facts.expiresAt?.toISOString() ?? null,
    tokenIssuedAt: facts.issuedAt?.toISOString() ?? null,
    daysLeft: facts.expiresAt === null ? null : daysLeft(facts.expiresAt, Date.now()),
    paperTrading: facts.paperTrading,
    dataCenter: facts.dataCenter,
    autoRefresh: target.stored?.autoRefresh === true,
  };
}

function providerOf(outcome: TargetOutcome): RealProviderName {
  return outcome.ok ? outcome.target.provider.name : outcome.provider;
}
