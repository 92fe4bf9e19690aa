// One signed GET, one answer read: fetchAccounts() builds the request,
// readAccounts() turns the response (or a sample body) into accounts.
import { offsetFromDateHeader, withClockCorrection } from '../../net/clock.js';
import { BalanceError, isBalanceError } from '../../base/errors.js';
import { requestTarget, type HttpRequest, type HttpResponse } from '../../net/http.js';
import { credentialTag, type RateRule } from '../../net/rate-limit.js';
import { parseBodyJson, validate } from '../../net/response.js';
import type { Account } from '../../base/model.js';
import type { FetchRequest, SignedRequestContext } from '../types.js';
import { DATA_CENTER_HEADER, dataCenterOf, oauthDataCenter, type DataCenter } from './data-center.js';
import { isOAuthSession, SESSION } from './oauth-session.js';
import { ACCOUNT_PATH, LEGACY_ACCOUNT_PATH, SECRETS, type Brand } from './brand.js';
import { apiError, SIGNATURE_REJECTED } from './errors.js';
import { toAccounts } from './map.js';
import { bareBody, envelopeBody, isBareList, responseHead, serverMessage } from './schema.js';
import { formatTimestamp, signedRequestHeaders } from './sign.js';
import type { Credentials } from '../../base/settings.js';

/** Longport's limit for trade endpoints: 30 calls in 30 s, at least 20 ms apart. */
export const TRADE_RATE_RULE: RateRule = { limit: 30, windowMs: 30_000, minIntervalMs: 20 };

/**
 * A clock off by more than this could explain a rejected signature. The Date
 * header has whole seconds, so smaller offsets cannot be told from noise.
 */
const SKEW_EXPLAINS_MS = 2_000;

/** `query`: the one sent, by default the one the currency filter asks for (valuation asks for its own). */
export async function fetchAccounts(
  brand: Brand,
  request: FetchRequest,
  query: string = accountQuery(request.settings.legacyApi, request.currencies),
): Promise<Account[]> {
  const path = request.settings.legacyApi ? LEGACY_ACCOUNT_PATH : ACCOUNT_PATH;
  return sendSigned(brand, request, path, query, (response) => readAccounts(brand, response));
}

/**
 * One GET, signed with the app key (or, for an OAuth session, with its bearer
 * token), with the data center's header, the clock check of a rejected
 * signature and the trade rate limit; `read` turns the answer into a result or
 * throws.
 */
export async function sendSigned<T>(
  brand: Brand,
  request: SignedRequestContext,
  path: string,
  query: string,
  read: (response: HttpResponse) => T,
  options: { readonly idempotent?: boolean } = {},
): Promise<T> {
  const { settings } = request;
  const sign = isOAuthSession(request.credentials) ? bearerHeaders(request.credentials) : keyHeaders(brand, request.credentials);
  const { dataCenter } = sign;
  const target = { baseUrl: settings.baseUrl, path };
  /** When the last attempt was signed and answered, and the server's Date, for the clock check. */
  let exchange = { sentAt: 0, receivedAt: 0, date: null as string | null };
  const httpRequest: HttpRequest = {
    provider: brand.title,
    method: 'GET',
    ...target,
    query,
    ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
    debugNote: `data center ${dataCenter}, ${DATA_CENTER_HEADER}: ${dataCenter}`,
    // Longport and Longbridge are one platform: one budget per app key (or session), whichever name is used.
    rateLimit: { key: `longport trade ${credentialTag(sign.identity)}`, rule: TRADE_RATE_RULE },
    headers: () => {
      exchange.sentAt = request.now();
      const headers = sign.headers(requestTarget(target), query, formatTimestamp(exchange.sentAt));
      // Not signed: the official SDK sends it beside the signed headers.
      headers[DATA_CENTER_HEADER] = dataCenter;
      return settings.language === null ? headers : { ...headers, 'Accept-Language': settings.language };
    },
  };
  const answer = (response: HttpResponse): T => {
    exchange = { sentAt: exchange.sentAt, receivedAt: request.now(), date: response.headers.get('date') };
    return read(response);
  };
  // A rejected signature that the server's clock explains: correct the clock and try once more.
  const skew = (error: unknown): number | null => {
    if (!isBalanceError(error) || error.code !== SIGNATURE_REJECTED) return null;
    const offset = offsetFromDateHeader(exchange.date, exchange.sentAt, exchange.receivedAt);
    return offset !== null && Math.abs(offset) > SKEW_EXPLAINS_MS ? offset : null;
  };
  return withClockCorrection(() => request.http.send(httpRequest, answer), skew, request.correctClock);
}

interface RequestSigner {
  /** What the rate limit is counted by. */
  readonly identity: string;
  /** x-dc-region. */
  readonly dataCenter: DataCenter;
  headers(path: string, query: string, timestamp: string): Record<string, string>;
}

/** API-key mode: the HMAC signature over the request. */
function keyHeaders(brand: Brand, credentials: Credentials): RequestSigner {
  const appKey = secret(brand, credentials, 'appKey');
  const appSecret = secret(brand, credentials, 'appSecret');
  const accessToken = secret(brand, credentials, 'accessToken');
  return {
    identity: appKey,
    dataCenter: dataCenterOf(credentials),
    headers: (path, query, timestamp) => signedRequestHeaders({ method: 'GET', path, query, appKey, appSecret, accessToken, timestamp }),
  };
}

/** OAuth mode: the bearer token and the client id as X-Api-Key; no signature. */
function bearerHeaders(credentials: Credentials): RequestSigner {
  const accessToken = credentials[SESSION.accessToken] ?? '';
  return {
    identity: accessToken,
    dataCenter: oauthDataCenter(accessToken),
    headers: (_path, _query, timestamp) => ({
      Authorization: `Bearer ${accessToken}`,
      'X-Api-Key': credentials[SESSION.clientId] ?? '',
      'X-Timestamp': timestamp,
      'Content-Type': 'application/json; charset=utf-8',
    }),
  };
}

/** The currencies the endpoint's `currency` parameter accepts. */
export const QUERY_CURRENCIES: readonly string[] = ['HKD', 'USD', 'CNH'];

/**
 * The endpoint takes a single currency (HKD, USD or CNH), in which it gives
 * the account-level figures. With several, or another one (USDT), ask for the
 * default view; the caller filters the rows either way. The 2022 API takes no
 * query at all.
 */
export function accountQuery(legacyApi: boolean, currencies: readonly string[]): string {
  const [only] = currencies;
  if (legacyApi || currencies.length !== 1 || only === undefined || !QUERY_CURRENCIES.includes(only)) return '';
  return new URLSearchParams({ currency: only }).toString();
}

/** Reads a response body: an error answer throws, a balance becomes accounts. */
export function readAccounts(brand: Brand, response: Pick<HttpResponse, 'status' | 'body'>): Account[] {
  const { status, body } = response;
  const json = parseJsonOrStatus(brand, status, body);
  const head = validate(brand.title, responseHead, json, 'response');
  const code = head.code?.trim() ?? null;
  if ((code !== null && code !== '0') || status >= 400) {
    throw apiError(brand, status, code === '0' ? null : code, serverMessage(head));
  }
  const items = isBareList(head)
    ? validate(brand.title, bareBody, json, 'balance').list
    : validate(brand.title, envelopeBody, json, 'balance').data.list;
  return toAccounts(items);
}

/** An error status with a body that is not JSON (a proxy's page) is still that status. */
export function parseJsonOrStatus(brand: Brand, status: number, body: string): unknown {
  try {
    return parseBodyJson(brand.title, body, status);
  } catch (error) {
    if (status >= 400) throw apiError(brand, status, null, null);
    throw error;
  }
}

function secret(brand: Brand, credentials: Credentials, key: string): string {
  const value = credentials[key];
  if (value !== undefined && value !== '') return value;
  const label = SECRETS.find((spec) => spec.key === key)?.label ?? key;
  throw new BalanceError('auth', `${brand.title} credentials are incomplete: no ${label}.`, { provider: brand.name });
}
