// One signed GET, one answer read: fetchAccounts() builds the request,
// readAccounts() turns the response (or a sample body) into accounts.
import { offsetFromDateHeader, withClockCorrection } from '../../net/clock.js';
import { BalanceError, isBalanceError } from '../../base/errors.js';
import { requestTarget, type HttpRequest, type HttpResponse } from '../../net/http.js';
import { credentialTag, type RateRule } from '../../net/rate-limit.js';
import { parseBodyJson, validate } from '../../net/response.js';
import type { Account } from '../../base/model.js';
import type { FetchRequest, SignedRequestContext } from '../types.js';
import { DATA_CENTER_HEADER, dataCenterOf } from './data-center.js';
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

export async function fetchAccounts(brand: Brand, request: FetchRequest): Promise<Account[]> {
  const { settings } = request;
  const path = settings.legacyApi ? LEGACY_ACCOUNT_PATH : ACCOUNT_PATH;
  return sendSigned(brand, request, path, accountQuery(settings.legacyApi, request.currencies), (response) => readAccounts(brand, response));
}

/**
 * One signed GET (API-key mode), with the data center's header, the clock
 * check of a rejected signature and the trade rate limit; `read` turns the
 * answer into a result or throws.
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
  const appKey = secret(brand, request.credentials, 'appKey');
  const appSecret = secret(brand, request.credentials, 'appSecret');
  const accessToken = secret(brand, request.credentials, 'accessToken');
  const dataCenter = dataCenterOf(request.credentials);
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
    // Longport and Longbridge are one platform: one budget per app key, whichever name is used.
    rateLimit: { key: `longport trade ${credentialTag(appKey)}`, rule: TRADE_RATE_RULE },
    headers: () => {
      exchange.sentAt = request.now();
      const headers = signedRequestHeaders({
        method: 'GET',
        path: requestTarget(target),
        query,
        appKey,
        appSecret,
        accessToken,
        timestamp: formatTimestamp(exchange.sentAt),
      });
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
