// The OAuth 2.0 side of the fake Longbridge server (mounted by ./longport.ts):
// dynamic client registration (RFC 7591) and its deletion (RFC 7592), device
// authorization (RFC 8628) with authorization_pending and slow_down, approval
// or denial on demand (or after a number of polls), the refresh grant with
// rotation and invalid_grant, and the check of bearer calls to the API: a
// live access token, X-Api-Key equal to its client id, X-Timestamp, the
// x-dc-region its prefix names, and no signature. Two data centers behind one
// host, told apart by x-dc-region (absent: ap): the device code is replicated
// to both, the one that holds the account (`dataCenter`) approves or denies
// and issues tokens with its prefix, the other answers authorization_pending;
// a session is refreshed only in its own. Written from the reference
// (../shared/reference/longport.md), not from src/.
import type { IncomingHttpHeaders } from 'node:http';
import { LONGBRIDGE_OAUTH } from '../secrets.js';

export interface LongbridgeOAuthOptions {
  /** Seconds between polls the device authorization asks for (default 1). */
  readonly interval?: number;
  /** Lifetime of a device code in seconds (default 300). */
  readonly deviceExpiresIn?: number;
  /** Lifetime of an access token in seconds (default 3600); leave out expires_in with null. */
  readonly accessExpiresIn?: number | null;
  /** Approve by itself at this poll (1 = the first); on demand only when absent. */
  readonly approveAtPoll?: number | undefined;
  /** Answer slow_down to this many polls first. */
  readonly slowDownPolls?: number;
  /** The data center that holds the account: it approves (default ap); the other keeps answering authorization_pending. */
  readonly dataCenter?: DataCenter;
  /** Data centers that answer every poll with a gateway's HTTP 503 page (no OAuth answer). */
  readonly downDataCenters?: readonly DataCenter[];
  /** Prefix of the access tokens issued; by default that of `dataCenter` ("us_" for the US, none for ap). */
  readonly tokenPrefix?: string;
  /** A refresh answers a new refresh token (default true); false leaves refresh_token out. */
  readonly rotate?: boolean;
  /** Wait this long before answering a refresh (to make processes overlap). */
  readonly refreshDelayMs?: number;
}

export type DataCenter = 'ap' | 'us';

export interface TokenRequest {
  readonly grantType: string;
  readonly at: number;
  /** The x-dc-region header as sent. */
  readonly region: string | undefined;
  /** error, or "ok". */
  readonly answer: string;
}

export interface LongbridgeOAuthServer {
  /** Every poll and refresh, in order. */
  readonly tokenRequests: TokenRequest[];
  /** Client ids registered, and those deleted again (RFC 7592). */
  readonly registered: string[];
  readonly deleted: string[];
  /** Approves or denies the pending device authorizations. */
  approve(): void;
  deny(): void;
  /** Every refresh token stops working: the next refresh is invalid_grant. */
  endSessions(): void;
  /** The access tokens that are live now. */
  liveAccessTokens(): string[];
  /** Changes the options for what is issued from now on. */
  configure(options: LongbridgeOAuthOptions): void;
}

export interface OAuthAnswer {
  readonly status: number;
  readonly body: string;
  readonly delayMs?: number;
  /** application/json unless said. */
  readonly contentType?: string;
}

export interface BearerRejection {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

interface Client {
  readonly id: string;
  readonly registrationToken: string;
}

interface Device {
  readonly code: string;
  readonly clientId: string;
  readonly expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
  /** Polls each data center has had. */
  readonly polls: Record<DataCenter, number>;
}

interface Session {
  readonly clientId: string;
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  ended: boolean;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export function createLongbridgeOAuth(baseUrl: () => string, initial: LongbridgeOAuthOptions = {}, now: () => number = Date.now): LongbridgeOAuthServer & {
  route(method: string, path: string, headers: IncomingHttpHeaders, body: string): OAuthAnswer | null;
  verifyBearer(headers: IncomingHttpHeaders, clockMs: number): BearerRejection | null;
} {
  let options: LongbridgeOAuthOptions = { ...initial };
  let serial = 0;
  const clients = new Map<string, Client>();
  const devices: Device[] = [];
  const sessions: Session[] = [];
  const tokenRequests: TokenRequest[] = [];
  const registered: string[] = [];
  const deleted: string[] = [];

  const json = (status: number, body: unknown, delayMs?: number): OAuthAnswer => ({ status, body: JSON.stringify(body), ...(delayMs === undefined ? {} : { delayMs }) });
  const oauthError = (status: number, error: string): OAuthAnswer => json(status, { error });

  const tokenPrefix = (): string => options.tokenPrefix ?? (options.dataCenter === 'us' ? 'us_' : '');

  function issue(clientId: string): Session {
    serial += 1;
    const expires = options.accessExpiresIn === undefined ? 3600 : options.accessExpiresIn;
    const session: Session = {
      clientId,
      accessToken: `${tokenPrefix()}m_${LONGBRIDGE_OAUTH.accessToken}-${serial}`,
      accessExpiresAt: now() + (expires ?? 3600) * 1000,
      refreshToken: `${LONGBRIDGE_OAUTH.refreshToken}-${serial}`,
      ended: false,
    };
    sessions.push(session);
    return session;
  }

  function tokens(session: Session, withRefresh: boolean): unknown {
    const expires = options.accessExpiresIn === undefined ? 3600 : options.accessExpiresIn;
    return {
      access_token: session.accessToken,
      token_type: 'Bearer',
      ...(expires === null ? {} : { expires_in: expires }),
      ...(withRefresh ? { refresh_token: session.refreshToken } : {}),
    };
  }

  function register(body: string): OAuthAnswer {
    let metadata: { client_name?: unknown; redirect_uris?: unknown };
    try {
      metadata = JSON.parse(body) as typeof metadata;
    } catch {
      return oauthError(400, 'invalid_client_metadata');
    }
    if (typeof metadata.client_name !== 'string' || !Array.isArray(metadata.redirect_uris)) return oauthError(400, 'invalid_client_metadata');
    serial += 1;
    const client: Client = { id: `balance-e2e-client-${serial}`, registrationToken: `${LONGBRIDGE_OAUTH.registrationToken}-${serial}` };
    clients.set(client.id, client);
    registered.push(client.id);
    return json(201, {
      client_id: client.id,
      client_name: metadata.client_name,
      registration_access_token: client.registrationToken,
      registration_client_uri: `${baseUrl()}/oauth2/register/${client.id}`,
    });
  }

  function authorize(form: URLSearchParams): OAuthAnswer {
    const client = clients.get(form.get('client_id') ?? '');
    if (client === undefined) return oauthError(401, 'invalid_client');
    serial += 1;
    const device: Device = {
      code: `${LONGBRIDGE_OAUTH.deviceCode}-${serial}`,
      clientId: client.id,
      expiresAt: now() + (options.deviceExpiresIn ?? 300) * 1000,
      state: 'pending',
      polls: { ap: 0, us: 0 },
    };
    devices.push(device);
    return json(200, {
      device_code: device.code,
      user_code: 'WDJB-MJHT',
      verification_uri: 'https://open.longbridge.example/device',
      verification_uri_complete: 'https://open.longbridge.example/device?user_code=WDJB-MJHT',
      expires_in: options.deviceExpiresIn ?? 300,
      interval: options.interval ?? 1,
    });
  }

  function poll(form: URLSearchParams, region: DataCenter): string | OAuthAnswer {
    if (options.downDataCenters?.includes(region) === true) return { status: 503, contentType: 'text/html', body: '<html><body>503 Service Unavailable: no healthy upstream</body></html>' };
    const device = devices.find((entry) => entry.code === form.get('device_code'));
    if (device === undefined || device.clientId !== form.get('client_id')) return oauthError(400, 'invalid_grant');
    device.polls[region] += 1;
    const polls = device.polls[region];
    if (now() >= device.expiresAt) return oauthError(400, 'expired_token');
    if (polls <= (options.slowDownPolls ?? 0)) return oauthError(400, 'slow_down');
    // The replica in the data center that does not hold the account never hears of the approval.
    if (region !== (options.dataCenter ?? 'ap')) return oauthError(400, 'authorization_pending');
    if (device.state === 'used') return oauthError(400, 'invalid_grant');
    if (device.state === 'pending' && options.approveAtPoll !== undefined && polls >= options.approveAtPoll) device.state = 'approved';
    if (device.state === 'denied') return oauthError(400, 'access_denied');
    if (device.state === 'pending') return oauthError(400, 'authorization_pending');
    device.state = 'used';
    return json(200, tokens(issue(device.clientId), true));
  }

  function refresh(form: URLSearchParams, region: DataCenter): OAuthAnswer {
    const session = sessions.find((entry) => entry.refreshToken === form.get('refresh_token') && entry.clientId === form.get('client_id'));
    // A session lives in the data center its access token's prefix names; the other does not know it.
    if (session === undefined || session.ended || dataCenterOf(session.accessToken) !== region) return oauthError(400, 'invalid_grant');
    serial += 1;
    const expires = options.accessExpiresIn === undefined ? 3600 : options.accessExpiresIn;
    session.accessToken = `${tokenPrefix()}m_${LONGBRIDGE_OAUTH.accessToken}-${serial}`;
    session.accessExpiresAt = now() + (expires ?? 3600) * 1000;
    const rotate = options.rotate ?? true;
    if (rotate) session.refreshToken = `${LONGBRIDGE_OAUTH.refreshToken}-${serial}`;
    return { ...json(200, tokens(session, rotate)), ...(options.refreshDelayMs === undefined ? {} : { delayMs: options.refreshDelayMs }) };
  }

  function token(headers: IncomingHttpHeaders, body: string): OAuthAnswer {
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type') ?? '';
    const header = single(headers['x-dc-region']);
    // The gateway treats an absent header as ap; it knows no other data center.
    const region = header === undefined ? 'ap' : header === 'ap' || header === 'us' ? header : null;
    const result =
      region === null
        ? oauthError(400, 'invalid_request')
        : grantType === DEVICE_GRANT
          ? poll(form, region)
          : grantType === 'refresh_token'
            ? refresh(form, region)
            : oauthError(400, 'unsupported_grant_type');
    const answer = typeof result === 'string' ? oauthError(400, result) : result;
    tokenRequests.push({ grantType, at: Date.now(), region: header, answer: answer.status === 200 ? 'ok' : errorOf(answer) });
    return answer;
  }

  function deleteClient(clientId: string, headers: IncomingHttpHeaders): OAuthAnswer {
    const client = clients.get(clientId);
    if (client === undefined) return oauthError(404, 'invalid_client');
    if (single(headers.authorization) !== `Bearer ${client.registrationToken}`) return oauthError(401, 'invalid_token');
    clients.delete(clientId);
    deleted.push(clientId);
    for (const session of sessions) if (session.clientId === clientId) session.ended = true;
    return { status: 204, body: '' };
  }

  return {
    tokenRequests,
    registered,
    deleted,
    approve: () => devices.forEach((device) => device.state === 'pending' && (device.state = 'approved')),
    deny: () => devices.forEach((device) => device.state === 'pending' && (device.state = 'denied')),
    endSessions: () => sessions.forEach((session) => (session.ended = true)),
    liveAccessTokens: () => sessions.filter((session) => !session.ended && session.accessExpiresAt > now()).map((session) => session.accessToken),
    configure: (more) => void (options = { ...options, ...more }),

    route(method, path, headers, body) {
      if (method === 'POST' && path === '/oauth2/register') return register(body);
      if (method === 'POST' && path === '/oauth2/device/authorize') return authorize(new URLSearchParams(body));
      if (method === 'POST' && path === '/oauth2/token') return token(headers, body);
      const deleting = /^\/oauth2\/register\/([^/]+)$/.exec(path);
      if (method === 'DELETE' && deleting !== null) return deleteClient(decodeURIComponent(deleting[1]!), headers);
      return null;
    },

    verifyBearer(headers, clockMs) {
      const authorization = single(headers.authorization) ?? '';
      const token = authorization.slice('Bearer '.length);
      if (headers['x-api-signature'] !== undefined) return { status: 403, code: 403201, message: 'signature invalid' };
      const session = sessions.find((entry) => entry.accessToken === token && !entry.ended);
      if (session === undefined) return { status: 401, code: 401004, message: 'token invalid' };
      if (session.accessExpiresAt <= now()) return { status: 401, code: 401003, message: 'token expired' };
      if (single(headers['x-api-key']) !== session.clientId) return { status: 403, code: 403203, message: 'app key illegal' };
      const timestamp = Number(single(headers['x-timestamp']));
      if (!Number.isFinite(timestamp) || Math.abs(timestamp - clockMs / 1000) > 300) return { status: 403, code: 403201, message: 'timestamp invalid' };
      if ((single(headers['x-dc-region']) ?? 'ap') !== dataCenterOf(token)) return { status: 403, code: 403210, message: 'wrong data center' };
      return null;
    },
  };
}

/** The data center an access token belongs to, from its prefix. */
function dataCenterOf(accessToken: string): DataCenter {
  return accessToken.startsWith('us_') ? 'us' : 'ap';
}

/** The OAuth error of an answer, or `HTTP <status>` when it has none (a gateway's page). */
function errorOf(answer: OAuthAnswer): string {
  try {
    return (JSON.parse(answer.body) as { error?: string }).error ?? `HTTP ${answer.status}`;
  } catch {
    return `HTTP ${answer.status}`;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
