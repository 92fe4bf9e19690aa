// Signed GETs against OKX API v5, and the balance query built from them.
import * as v from 'valibot';
import { BalanceError } from '../../core/errors.js';
import { requestTarget, type HttpRequest } from '../../core/http.js';
import type { Account } from '../../core/model.js';
import { parseBodyJson, validate } from '../../core/response.js';
import type { FetchRequest, KeyDescription, SignedRequestContext } from '../types.js';
import { httpStatusError, okxError } from './errors.js';
import { mapAccount, mapFundingAccount } from './map.js';
import { accountConfigBody, assetBalancesBody, balanceBody, envelope, maxWithdrawalBody } from './schema.js';
import { formatTimestamp, signedHeaders, type OkxKey } from './sign.js';

const TITLE = 'OKX';
export const BALANCE_PATH = '/api/v5/account/balance';
export const MAX_WITHDRAWAL_PATH = '/api/v5/account/max-withdrawal';
export const ASSET_BALANCES_PATH = '/api/v5/asset/balances';
export const ACCOUNT_CONFIG_PATH = '/api/v5/account/config';

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
export function signedGet(request: SignedRequestContext, path: string, query: string): HttpRequest {
  const key = okxKey(request);
  const { baseUrl, demoTrading } = request.settings;
  const requestPath = requestTarget({ baseUrl, path }) + (query === '' ? '' : `?${query}`);
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
  };
}

/**
 * Sends a signed GET and returns the validated body. A `code` other than "0"
 * is an error even with HTTP 200; an HTTP error status is one even without a
 * code.
 */
export async function getPrivate<TSchema extends v.GenericSchema>(
  request: SignedRequestContext,
  path: string,
  query: string,
  schema: TSchema,
  what: string,
): Promise<v.InferOutput<TSchema>> {
  const response = await request.http.send(signedGet(request, path, query));
  const json = parseBodyJson(TITLE, response.body, response.status);
  const head = v.safeParse(envelope, json);
  if (!head.success && response.status >= 400) throw httpStatusError(response.status);
  const { code, msg } = head.success ? head.output : validate(TITLE, envelope, json, what);
  if (code !== '0') throw okxError(code, msg, response.status);
  if (response.status >= 400) throw httpStatusError(response.status);
  return validate(TITLE, schema, json, what);
}

/** The trading account: balance and max-withdrawal, both at once. */
export async function fetchTradingAccount(request: FetchRequest): Promise<Account> {
  const query = currencyQuery(request.currencies);
  const [balance, withdrawals] = await Promise.all([
    getPrivate(request, BALANCE_PATH, query, balanceBody, 'balance response'),
    getPrivate(request, MAX_WITHDRAWAL_PATH, query, maxWithdrawalBody, 'max-withdrawal response'),
  ]);
  const account = balance.data[0];
  if (account === undefined) {
    throw new BalanceError('response', 'OKX balance response could not be read: data: no account in the answer.', {
      provider: 'okx',
      hint: 'This is unexpected; run with --debug and report it if it persists.',
    });
  }
  return mapAccount(account, withdrawals.data);
}

/** The funding account: GET /api/v5/asset/balances, same currency filter. */
export async function fetchFundingAccount(request: FetchRequest): Promise<Account> {
  const body = await getPrivate(request, ASSET_BALANCES_PATH, currencyQuery(request.currencies), assetBalancesBody, 'funding balance response');
  return mapFundingAccount(body.data);
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
