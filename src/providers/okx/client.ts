// Signed GETs against OKX API v5, and the balance query built from them.
import * as v from 'valibot';
import { offsetFromServerTime, withClockCorrection } from '../../net/clock.js';
import { BalanceError, isBalanceError } from '../../base/errors.js';
import { requestTarget, type HttpRequest, type HttpResponse } from '../../net/http.js';
import type { Account } from '../../base/model.js';
import { credentialTag, type RateLimit, type RateRule } from '../../net/rate-limit.js';
import { parseBodyJson, validate } from '../../net/response.js';
import type { FetchRequest, SignedRequestContext } from '../types.js';
import { httpStatusError, okxError } from './errors.js';
import { mapAccount, mapFundingAccount } from './map.js';
import { accountConfigBody, assetBalancesBody, balanceBody, envelope, maxWithdrawalBody, serverTimeBody } from './schema.js';
import { formatTimestamp, signedHeaders, type OkxKey } from './sign.js';
import type { KeyDescription } from '../../base/settings.js';

const TITLE = 'OKX';
export const BALANCE_PATH = '/api/v5/account/balance';
export const MAX_WITHDRAWAL_PATH = '/api/v5/account/max-withdrawal';
export const ASSET_BALANCES_PATH = '/api/v5/asset/balances';
export const SERVER_TIME_PATH = '/api/v5/public/time';
export const ACCOUNT_CONFIG_PATH = '/api/v5/account/config';
export const ASSET_VALUATION_PATH = '/api/v5/asset/asset-valuation';

/** OKX's documented limits: per user for private endpoints, per IP for public ones. */
const RATE_RULES: Readonly<Record<string, RateRule>> = {
  [BALANCE_PATH]: { limit: 10, windowMs: 2_000 },
  [MAX_WITHDRAWAL_PATH]: { limit: 20, windowMs: 2_000 },
  [ASSET_BALANCES_PATH]: { limit: 6, windowMs: 1_000 },
  [SERVER_TIME_PATH]: { limit: 10, windowMs: 2_000 },
  [ACCOUNT_CONFIG_PATH]: { limit: 5, windowMs: 2_000 },
  [ASSET_VALUATION_PATH]: { limit: 1, windowMs: 1_000 },
};

function rateLimit(path: string, who: string): RateLimit | undefined {
  const rule = RATE_RULES[path];
  return rule === undefined ? undefined : { key: `okx ${path} ${who}`, rule };
}

/** `ccy=BTC,ETH`: the raw comma, as the official samples send and sign it. */
export function currencyQuery(currencies: readonly string[]): string {
  return currencies.length === 0 ? '' : `ccy=${currencies.map(encodeURIComponent).join(',')}`;
}

function okxKey(request: SignedRequestContext): OkxKey {
  const { apiKey, apiSecret, passphrase } = request.credentials;
  if (apiKey === undefined || apiSecret === undefined || passphrase === undefined) {
    throw new BalanceError('auth', 'OKX credentials are incomplete.', {
      provider: 'okx',
      hint: 'Set OKX_API_KEY, OKX_API_SECRET and OKX_API_PASSPHRASE.',
    });
  }
  return { apiKey, apiSecret, passphrase };
}

/** The HTTP request for a signed GET; headers are signed afresh per attempt. */
export function signedGet(request: SignedRequestContext, path: string, query: string, signal?: AbortSignal): HttpRequest {
  const key = okxKey(request);
  const { baseUrl, demoTrading } = request.settings;
  const requestPath = requestTarget({ baseUrl, path }) + (query === '' ? '' : `?${query}`);
  const limit = rateLimit(path, credentialTag(key.apiKey));
  return {
    provider: TITLE,
    method: 'GET',
    baseUrl,
    path,
    query,
    headers: () => ({
      Accept: 'application/json',
      ...signedHeaders(key, { timestamp: formatTimestamp(request.now()), method: 'GET', requestPath }),
      ...(demoTrading ? { 'x-simulated-trading': '1' } : {}),
    }),
    ...(limit === undefined ? {} : { rateLimit: limit }),
    ...(signal === undefined ? {} : { signal }),
  };
}

/**
 * Reads an OKX answer: the validated body, or an error. A `code` other than
 * "0" is an error even with HTTP 200; an HTTP error status is one even
 * without a code.
 */
export function readOkxBody<TSchema extends v.GenericSchema>(
  response: Pick<HttpResponse, 'status' | 'body'>,
  schema: TSchema,
  what: string,
): v.InferOutput<TSchema> {
  const json = parseBodyJson(TITLE, response.body, response.status);
  const head = v.safeParse(envelope, json);
  if (!head.success && response.status >= 400) throw httpStatusError(response.status);
  const { code, msg } = head.success ? head.output : validate(TITLE, envelope, json, what);
  if (code !== '0') throw okxError(code, msg, response.status);
  if (response.status >= 400) throw httpStatusError(response.status);
  return validate(TITLE, schema, json, what);
}

/** Sends a signed GET and returns the validated body. */
export function getPrivate<TSchema extends v.GenericSchema>(
  request: SignedRequestContext,
  path: string,
  query: string,
  schema: TSchema,
  what: string,
  signal?: AbortSignal,
): Promise<v.InferOutput<TSchema>> {
  return request.http.send(signedGet(request, path, query, signal), (response) => readOkxBody(response, schema, what));
}

/**
 * OKX's clock minus `request.now()`, from GET /api/v5/public/time (no
 * signature needed).
 */
export async function measureClockOffset(request: SignedRequestContext): Promise<number> {
  let sentAt = request.now();
  const limit = rateLimit(SERVER_TIME_PATH, 'public');
  const serverMs = await request.http.send(
    {
      provider: TITLE,
      method: 'GET',
      baseUrl: request.settings.baseUrl,
      path: SERVER_TIME_PATH,
      query: '',
      headers: () => {
        sentAt = request.now();
        return { Accept: 'application/json' };
      },
      ...(limit === undefined ? {} : { rateLimit: limit }),
    },
    (response) => readOkxBody(response, serverTimeBody, 'server time'),
  );
  return offsetFromServerTime(serverMs, sentAt, request.now());
}

/** The account from the two validated answers of the trading account. */
export function tradingAccount(balance: v.InferOutput<typeof balanceBody>, withdrawals: v.InferOutput<typeof maxWithdrawalBody>): Account {
  const account = balance.data[0];
  if (account === undefined) {
    throw new BalanceError('response', 'OKX balance response could not be read: data: no account in the answer.', {
      provider: 'okx',
      hint: 'This is unexpected; run with --debug and report it if it persists.',
    });
  }
  return mapAccount(account, withdrawals.data);
}

/**
 * The trading account (balance and max-withdrawal) and, when the settings ask
 * for it, the funding account (asset balances): all requests at once, any
 * failure cancelling the rest.
 */
async function fetchOnce(request: FetchRequest): Promise<Account[]> {
  const query = currencyQuery(request.currencies);
  const cancel = new AbortController();
  const failFast = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      cancel.abort();
      throw error;
    });
  const get = <TSchema extends v.GenericSchema>(path: string, schema: TSchema, what: string) =>
    failFast(getPrivate(request, path, query, schema, what, cancel.signal));
  const [balance, withdrawals, assets] = await Promise.all([
    get(BALANCE_PATH, balanceBody, 'balance response'),
    get(MAX_WITHDRAWAL_PATH, maxWithdrawalBody, 'max-withdrawal response'),
    request.settings.funding ? get(ASSET_BALANCES_PATH, assetBalancesBody, 'funding balance response') : null,
  ]);
  const trading = tradingAccount(balance, withdrawals);
  return assets === null ? [trading] : [trading, mapFundingAccount(assets.data)];
}

/**
 * The accounts of one key. A timestamp OKX calls expired (50102) means the
 * clock is off: measure OKX's time, correct, and try once more.
 */
export function fetchOkxAccounts(request: FetchRequest): Promise<Account[]> {
  return withClockCorrection(
    () => fetchOnce(request),
    (error) => (isBalanceError(error) && error.code === '50102' ? measureClockOffset(request) : null),
    request.correctClock,
  );
}

/** The key's permissions (`perm` of /account/config: "read_only", "trade", "withdraw"). */
export async function fetchKeyDescription(request: SignedRequestContext): Promise<KeyDescription> {
  const config = await getPrivate(request, ACCOUNT_CONFIG_PATH, '', accountConfigBody, 'account config response');
  const permissions = (config.data[0]?.perm ?? '')
    .split(',')
    .map((permission) => permission.trim())
    .filter((permission) => permission !== '');
  return { permissions, canTrade: permissions.includes('trade'), canWithdraw: permissions.includes('withdraw') };
}
