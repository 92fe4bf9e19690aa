// `balance auth status`: for each profile, where its secrets come from
// (masked), and whether the provider accepts them right now.
import { checkCredentials } from '../../accounts/check-credentials.js';
import { ExitCode, type BalanceError } from '../../base/errors.js';
import { startDeadline } from '../../net/deadline.js';
import { createHttpClient } from '../../net/http.js';
import { openStoredProfiles } from '../../accounts/stored-profiles.js';
import { checkProfileName, findProfile, unknownProfile } from '../../store/profiles.js';
import { maskSecret } from '../../base/redact.js';
import { ENVIRONMENT_PROFILE, environmentTargets, resolveStoredTargets, type ResolvedTarget, type TargetOutcome } from '../../accounts/targets.js';
import { credentialFacts, daysLeft } from '../../accounts/credential-life.js';
import type { RealProviderName } from '../../base/model.js';
import type { Io } from '../../terminal/io.js';
import { renderStatusJson, renderStatusText, statusNotes, type StatusEntry, type StatusLife } from '../../output/auth.js';
import { parseTimeout } from '../show.js';

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
  const chosen = name === undefined ? state.profiles : [findProfile(state, name) ?? unknownProfile(name, state)];

  const context = { env: io.env, profiles: store };
  const outcomes = await resolveStoredTargets(chosen, () => ({}), context, 'override');
  if (name === undefined) {
    // Providers with credentials in the environment and no stored profile of their own.
    const covered = new Set(state.profiles.map((profile) => profile.provider));
    outcomes.push(...(await environmentTargets({}, io.env)).filter((outcome) => !covered.has(providerOf(outcome))));
  }
  if (outcomes.length === 0) {
    if (options.json === true) io.out(renderStatusJson([], { pretty: io.stdoutIsTTY }));
    io.err('balance: no profiles are stored and no provider credentials are in the environment.\n  Log in with `balance auth login --provider <name>`.\n');
    return ExitCode.credentials;
  }

  const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
  const http = createHttpClient({ deadline: startDeadline(timeoutMs), ...(debug === undefined ? {} : { debug }) });
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
      if (!outcome.ok) return { ...base, secrets: [], ...failed(outcome.error), key: null, life: null };
      const { target } = outcome;
      const secrets = target.provider.secrets.map((secret) => ({
        key: secret.key,
        label: secret.label,
        masked: maskSecret(target.credentials[secret.key] ?? ''),
        source: target.sources[secret.key]!,
      }));
      const life = lifeOf(target);
      const check = await checkCredentials(target, http);
      if (!check.accepted) return { ...base, secrets, ...failed(check.error), key: null, life };
      return { ...base, secrets, status: 'accepted', error: null, key: check.key, life };
    }),
  );

  io.out(options.json === true ? renderStatusJson(entries, { pretty: io.stdoutIsTTY }) : renderStatusText(entries));
  for (const note of statusNotes(entries)) io.err(`balance: ${note}\n`);
  // Any profile rejected: 4; else the first other failure's code.
  if (errors.some((error) => error.kind === 'auth')) return ExitCode.credentials;
  return errors[0]?.exitCode ?? ExitCode.ok;
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
