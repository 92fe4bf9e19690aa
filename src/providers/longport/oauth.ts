// Longbridge OAuth 2.0, as the official CLI speaks it: dynamic client
// registration (RFC 7591) and its deletion (RFC 7592), the device flow
// (RFC 8628) and the refresh grant (RFC 6749). Hand-written over src/net/http
// (see docs/development.md, Dependencies): loaded only by `auth` commands and
// when a refresh is due. No token, code or registration token is ever put in
// a message; the server's error text is shown only through redaction.
import * as v from 'valibot';
import { BalanceError, isBalanceError } from '../../base/errors.js';
import { registerSecret } from '../../base/redact.js';
import { serverText } from '../../base/text.js';
import { isLoopbackHost } from '../../net/base-url.js';
import { sleep } from '../../net/deadline.js';
import type { HttpMethod, HttpResponse } from '../../net/http.js';
import { parseBodyJson, validate } from '../../net/response.js';
import type { Credentials } from '../../base/settings.js';
import type { DeviceAuthorization, OAuthClient, OAuthContext, OAuthFlow } from '../types.js';
import { LONGBRIDGE } from './brand.js';
import { DATA_CENTER_HEADER, oauthDataCenter, type DataCenter } from './data-center.js';
import { judgeRound, POLLED_DATA_CENTERS, type DataCenterAnswer, type Polled } from './device-polls.js';
import { SESSION, SESSION_DAYS } from './oauth-session.js';

const PROVIDER = LONGBRIDGE.title;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628: without an interval, 5 s; slow_down adds 5 s. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;
/** The reference: an access token lasts 3600 s when expires_in is absent. */
const DEFAULT_EXPIRES_S = 3600;

const text = v.pipe(v.string(), v.minLength(1));
const registration = v.looseObject({ client_id: text, registration_access_token: text, registration_client_uri: v.optional(text) });
const deviceAnswer = v.looseObject({
  device_code: text,
  user_code: text,
  verification_uri: text,
  verification_uri_complete: v.optional(text),
  expires_in: v.optional(v.number(), 300),
  interval: v.optional(v.number(), DEFAULT_INTERVAL_S),
});
const tokenAnswer = v.looseObject({ access_token: text, refresh_token: v.optional(text), expires_in: v.optional(v.number()) });
const errorAnswer = v.looseObject({ error: v.string(), error_description: v.optional(v.string()) });
type TokenAnswer = v.InferOutput<typeof tokenAnswer>;
type ErrorAnswer = v.InferOutput<typeof errorAnswer>;

export const flow: OAuthFlow = { register, authorizeDevice, waitForApproval, refresh, clientOf, revokeClient };

async function register(context: OAuthContext, clientName: string): Promise<OAuthClient> {
  const body = JSON.stringify({
    client_name: clientName,
    // The device flow needs no redirect; the server asks for one, as for the official CLI.
    redirect_uris: ['http://localhost:8910/callback'],
    grant_types: [DEVICE_GRANT, 'refresh_token'],
    token_endpoint_auth_method: 'none',
  });
  const answer = await call(context, 'POST', '/oauth2/register', { body, type: 'application/json' }, (response) =>
    response.status === 200 || response.status === 201 ? validate(PROVIDER, registration, json(response), 'client registration') : fail(response, 'registering balance as a client'),
  );
  registerSecret(answer.registration_access_token);
  const base = context.settings.baseUrl;
  const registrationUri = answer.registration_client_uri ?? `${base.href.replace(/\/+$/, '')}/oauth2/register/${encodeURIComponent(answer.client_id)}`;
  checkRegistrationUri(base, registrationUri);
  return { clientId: answer.client_id, registrationToken: answer.registration_access_token, registrationUri };
}

async function authorizeDevice(context: OAuthContext, client: OAuthClient): Promise<DeviceAuthorization> {
  const started = context.now();
  const answer = await call(context, 'POST', '/oauth2/device/authorize', form({ client_id: client.clientId }), (response) =>
    response.status === 200 ? validate(PROVIDER, deviceAnswer, json(response), 'device authorization') : fail(response, 'starting the sign-in'),
  );
  registerSecret(answer.device_code);
  return {
    deviceCode: answer.device_code,
    userCode: answer.user_code,
    verificationUri: answer.verification_uri,
    verificationUriComplete: answer.verification_uri_complete ?? null,
    expiresAt: started + Math.max(1, answer.expires_in) * 1000,
    intervalSeconds: Math.max(0, answer.interval),
  };
}

async function waitForApproval(
  context: OAuthContext,
  client: OAuthClient,
  device: DeviceAuthorization,
  onPoll?: (event: { readonly intervalSeconds: number }) => void,
): Promise<Credentials> {
  let interval = device.intervalSeconds;
  /** Data centers that failed the last round while another still said pending. */
  let trouble: readonly Polled<TokenAnswer, ErrorAnswer>[] = [];
  for (;;) {
    const wait = interval * 1000;
    if (context.now() + wait >= device.expiresAt) throw expired(trouble);
    await sleep(wait, context.signal);
    const requestedAt = context.now();
    onPoll?.({ intervalSeconds: interval });
    // The device code is replicated to every data center; the one holding the account answers the approval.
    // One poll to each per round, side by side: each sees no more than one poll per interval.
    const round = await Promise.all(POLLED_DATA_CENTERS.map(async (dataCenter) => ({ dataCenter, answer: await pollOnce(context, client, device, dataCenter) })));
    context.signal?.throwIfAborted();
    const judged = judgeRound(round);
    if (judged.verdict === 'signed-in') return sessionCredentials(client, judged.tokens, requestedAt, null);
    if (judged.verdict === 'poll-again') {
      trouble = judged.trouble;
      if (judged.slowDown) {
        interval += SLOW_DOWN_S;
        onPoll?.({ intervalSeconds: interval });
      }
      continue;
    }
    const { answer } = judged.by;
    if ('failure' in answer) throw answer.failure;
    if (!('error' in answer)) throw new Error('a sign-in ended without a reason');
    switch (answer.error.error) {
      case 'access_denied':
        throw new BalanceError('auth', `The ${PROVIDER} sign-in was denied; nothing was saved.`, {
          provider: LONGBRIDGE.name,
          code: 'access_denied',
          hint: 'Run the login again and approve it, or sign in with app keys (--app-key).',
        });
      case 'expired_token':
        // Had another data center failed, the approval may have been waiting there.
        throw expired(round);
      default:
        throw refused(answer.error, 'the sign-in');
    }
  }
}

/** One poll of one data center: tokens, its OAuth error, or the failure to get either (kept, not thrown). */
async function pollOnce(context: OAuthContext, client: OAuthClient, device: DeviceAuthorization, dataCenter: DataCenter): Promise<DataCenterAnswer<TokenAnswer, ErrorAnswer>> {
  let outcome: { readonly approved: HttpResponse } | { readonly error: ErrorAnswer };
  try {
    outcome = await call(context, 'POST', '/oauth2/token', form({ client_id: client.clientId, grant_type: DEVICE_GRANT, device_code: device.deviceCode }, dataCenter), (response) =>
      response.status === 200 ? { approved: response } : { error: oauthError(response, 'waiting for the sign-in') },
    );
  } catch (failure) {
    return { failure };
  }
  // An approval that cannot be read is not waited out: it ends the sign-in.
  return 'approved' in outcome ? { tokens: validate(PROVIDER, tokenAnswer, json(outcome.approved), 'token answer') } : outcome;
}

async function refresh(context: OAuthContext, credentials: Credentials): Promise<Credentials> {
  const client = clientOf(credentials);
  const refreshToken = credentials[SESSION.refreshToken];
  if (client === null || refreshToken === undefined || refreshToken === '') {
    throw new BalanceError('auth', `The stored ${PROVIDER} session is incomplete.`, { provider: LONGBRIDGE.name, code: 'invalid_grant' });
  }
  const region = oauthDataCenter(credentials[SESSION.accessToken] ?? '');
  const requestedAt = context.now();
  const outcome = await call(context, 'POST', '/oauth2/token', form({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: client.clientId }, region), (response) => {
    if (response.status === 200) return { tokens: validate(PROVIDER, tokenAnswer, json(response), 'token answer') };
    if (response.status >= 500 || response.status === 429) return fail(response, 'renewing the session');
    return { error: oauthError(response, 'renewing the session') };
  });
  if ('error' in outcome) {
    if (outcome.error.error === 'invalid_grant') {
      throw new BalanceError('auth', `${PROVIDER} ended the session (invalid_grant).`, { provider: LONGBRIDGE.name, code: 'invalid_grant' });
    }
    throw refused(outcome.error, 'renewing the session');
  }
  return sessionCredentials(client, outcome.tokens, requestedAt, refreshToken);
}

function clientOf(credentials: Credentials): OAuthClient | null {
  const clientId = credentials[SESSION.clientId];
  const registrationToken = credentials[SESSION.registrationToken];
  const registrationUri = credentials[SESSION.registrationUri];
  if (!clientId || !registrationToken || !registrationUri) return null;
  return { clientId, registrationToken, registrationUri };
}

async function revokeClient(context: OAuthContext, client: OAuthClient): Promise<void> {
  checkRegistrationUri(context.settings.baseUrl, client.registrationUri);
  const target = new URL(client.registrationUri);
  await context.http.send(
    {
      provider: PROVIDER,
      method: 'DELETE',
      baseUrl: new URL(target.origin),
      path: target.pathname,
      query: target.search.replace(/^\?/, ''),
      headers: () => ({ Authorization: `Bearer ${client.registrationToken}` }),
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    },
    (response) => (response.status < 300 || response.status === 404 || response.status === 401 ? undefined : fail(response, 'deleting the registered client')),
  );
}

// ---- pieces -----------------------------------------------------------------

function sessionCredentials(client: OAuthClient, tokens: TokenAnswer, issuedAt: number, previousRefresh: string | null): Credentials {
  registerSecret(tokens.access_token);
  const refreshToken = tokens.refresh_token ?? previousRefresh;
  if (refreshToken === null) {
    throw new BalanceError('response', `${PROVIDER} signed in without a refresh token; the session could not renew itself.`, {
      provider: LONGBRIDGE.name,
      hint: 'Try again later, or sign in with app keys (--app-key).',
    });
  }
  registerSecret(refreshToken);
  return {
    [SESSION.clientId]: client.clientId,
    [SESSION.accessToken]: tokens.access_token,
    [SESSION.refreshToken]: refreshToken,
    [SESSION.expiresAt]: new Date(issuedAt + (tokens.expires_in ?? DEFAULT_EXPIRES_S) * 1000).toISOString(),
    [SESSION.renewsUntil]: new Date(issuedAt + SESSION_DAYS * 86_400_000).toISOString(),
    [SESSION.registrationToken]: client.registrationToken,
    [SESSION.registrationUri]: client.registrationUri,
  };
}

interface Body {
  readonly body: string;
  readonly type: string;
  readonly region?: DataCenter;
}

function form(fields: Record<string, string>, region?: DataCenter): Body {
  return { body: new URLSearchParams(fields).toString(), type: 'application/x-www-form-urlencoded', ...(region === undefined ? {} : { region }) };
}

function call<T>(context: OAuthContext, method: HttpMethod, path: string, body: Body, read: (response: HttpResponse) => T): Promise<T> {
  return context.http.send(
    {
      provider: PROVIDER,
      method,
      baseUrl: context.settings.baseUrl,
      path,
      query: '',
      body: body.body,
      headers: () => ({
        'Content-Type': body.type,
        Accept: 'application/json',
        ...(body.region === undefined ? {} : { [DATA_CENTER_HEADER]: body.region }),
      }),
      ...(body.region === undefined ? {} : { debugNote: `data center ${body.region}, ${DATA_CENTER_HEADER}: ${body.region}` }),
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    },
    read,
  );
}

/** Plain JSON.parse: no amounts here, and valibot wants numbers as numbers. Broken JSON gets the usual message. */
function json(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return parseBodyJson(PROVIDER, response.body, response.status);
  }
}

/** An OAuth error answer ({"error": …}); anything else is the status's error. */
function oauthError(response: HttpResponse, doing: string): ErrorAnswer {
  let parsed: unknown;
  try {
    parsed = json(response);
  } catch {
    return fail(response, doing);
  }
  const result = v.safeParse(errorAnswer, parsed);
  return result.success ? result.output : fail(response, doing);
}

function fail(response: HttpResponse, doing: string): never {
  let detail = '';
  try {
    const result = v.safeParse(errorAnswer, json(response));
    if (result.success) detail = `: ${serverText(result.output.error, 60)}`;
  } catch {
    // Not JSON: the status says it.
  }
  throw new BalanceError(response.status >= 500 || response.status === 429 ? 'provider' : 'auth', `${PROVIDER} answered HTTP ${response.status} while ${doing}${detail}.`, {
    provider: LONGBRIDGE.name,
    status: response.status,
    retryable: false,
    hint: response.status >= 500 ? 'Try again later.' : 'Check the base URL; run with --debug for details.',
  });
}

function refused(error: ErrorAnswer, doing: string): BalanceError {
  const description = error.error_description === undefined ? '' : ` (${serverText(error.error_description, 120)})`;
  return new BalanceError('auth', `${PROVIDER} refused ${doing}: ${serverText(error.error, 60)}${description}.`, {
    provider: LONGBRIDGE.name,
    code: error.error,
    hint: 'Sign in again with `balance auth login --provider longbridge`.',
  });
}

/** `trouble`: data centers that failed the last poll; the approval may have been waiting in one of them. */
function expired(trouble: readonly Polled<TokenAnswer, ErrorAnswer>[]): BalanceError {
  // A data center that found the code expired too says nothing more.
  const [first] = trouble.filter(({ answer }) => !('error' in answer && answer.error.error === 'expired_token'));
  const hint =
    first === undefined
      ? 'Run the login again and approve it within the time shown.'
      : `The ${DATA_CENTER_NAMES[first.dataCenter]} data center did not answer the last poll as expected (${troubleText(first)}); if your account is held there, try again later.`;
  return new BalanceError('auth', `The ${PROVIDER} sign-in code expired before it was approved; nothing was saved.`, {
    provider: LONGBRIDGE.name,
    code: 'expired_token',
    hint,
  });
}

const DATA_CENTER_NAMES: Record<DataCenter, string> = { ap: 'Asia-Pacific', us: 'US' };

function troubleText(polled: Polled<TokenAnswer, ErrorAnswer>): string {
  const { answer } = polled;
  if ('error' in answer) return `it answered ${serverText(answer.error.error, 60)}`;
  if ('failure' in answer && isBalanceError(answer.failure)) return answer.failure.message.replace(/\.$/, '');
  return 'no answer';
}

/** The registration token goes only to the API's own origin, over https (http to loopback). */
function checkRegistrationUri(base: URL, uri: string): void {
  let target: URL | null = null;
  try {
    target = new URL(uri);
  } catch {
    target = null;
  }
  const safe =
    target !== null &&
    target.origin === base.origin &&
    (target.protocol === 'https:' || (target.protocol === 'http:' && isLoopbackHost(target.hostname)));
  if (!safe) {
    throw new BalanceError('response', `${PROVIDER} gave a client registration address outside ${base.origin}; it is not used.`, {
      provider: LONGBRIDGE.name,
      hint: 'Check the base URL.',
    });
  }
}
