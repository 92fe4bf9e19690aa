// The fake OKX server must judge requests the way OKX does, or the end-to-end
// tests prove nothing. Checked here against the reference test vectors, with
// hand-built requests (no code from src/).
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startOkxServer, type OkxServer, type OkxServerOptions } from '../../../servers/okx.js';

// ../shared/reference/okx.md: key k, secret s, passphrase p.
const TIMESTAMP = '2020-12-08T09:08:57.715Z';
const VECTOR_KEY: OkxServerOptions = { apiKey: 'k', apiSecret: 's', passphrase: 'p', now: () => Date.parse(TIMESTAMP) + 10_000 };
const SIGN_BALANCE = 's0ANUy475Rxrqfrfn1XXZFGJXgiof1zN1mWKnbHHVA0=';

let server: OkxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(target: string, headers: Record<string, string>, options: OkxServerOptions = VECTOR_KEY) {
  server ??= await startOkxServer(options);
  const response = await fetch(`${server.url}${target}`, { headers });
  return { status: response.status, body: (await response.json()) as { code: string | number; msg: string; data?: unknown[] } };
}

const signed = (sign: string, extra: Record<string, string> = {}) => ({
  'OK-ACCESS-KEY': 'k',
  'OK-ACCESS-SIGN': sign,
  'OK-ACCESS-TIMESTAMP': TIMESTAMP,
  'OK-ACCESS-PASSPHRASE': 'p',
  ...extra,
});

describe('fake OKX server', () => {
  it.each([
    ['/api/v5/account/balance?ccy=BTC,ETH', 'EsVCa1bj428ZPg3tK0QDhMAFzBMXLLiJU9fEVc4zfBo='],
    ['/api/v5/account/balance?ccy=BTC%2CETH', 'zk8kSn511l7vbrvI/GrfYRFOHEIWyK8wq8SDiOe4KNc='],
    ['/api/v5/account/balance', SIGN_BALANCE],
  ])('accepts the reference signature for %s', async (target, sign) => {
    const { status, body } = await get(target, signed(sign));
    expect(status).toBe(200);
    expect(body.code).toBe('0');
  });

  it('filters the balance by ccy, either comma form', async () => {
    server = await startOkxServer({
      ...VECTOR_KEY,
      balance: { details: [{ ccy: 'BTC' }, { ccy: 'ETH' }, { ccy: 'USDT' }] },
    });
    const { body } = await get('/api/v5/account/balance?ccy=BTC%2CETH', signed('zk8kSn511l7vbrvI/GrfYRFOHEIWyK8wq8SDiOe4KNc='));
    const [account] = body.data as { details: { ccy: string }[] }[];
    expect(account!.details.map((detail) => detail.ccy)).toEqual(['BTC', 'ETH']);
  });

  it('answers a signature for a different query with 401 Invalid Sign (50113)', async () => {
    const { status, body } = await get('/api/v5/account/balance?ccy=BTC', signed(SIGN_BALANCE));
    expect(status).toBe(401);
    expect(body).toEqual({ msg: 'Invalid Sign', code: '50113' });
  });

  it.each([
    ['a timestamp without milliseconds', { 'OK-ACCESS-TIMESTAMP': '2020-12-08T09:08:57Z' }, '50112'],
    ['an empty key', { 'OK-ACCESS-KEY': '' }, '50103'],
    ['an unknown key', { 'OK-ACCESS-KEY': 'other' }, '50119'],
    ['a wrong passphrase', { 'OK-ACCESS-PASSPHRASE': 'q' }, '50105'],
    ['the demo header with a live key', { 'x-simulated-trading': '1' }, '50101'],
  ])('refuses %s', async (_what, extra, code) => {
    const { status, body } = await get('/api/v5/account/balance', signed(SIGN_BALANCE, extra));
    expect(status).toBe(401);
    expect(body.code).toBe(code);
    expect(body.data).toBeUndefined();
  });

  it('refuses a timestamp more than 30 s from its clock (50102)', async () => {
    const { body } = await get('/api/v5/account/balance', signed(SIGN_BALANCE), { ...VECTOR_KEY, now: () => Date.parse(TIMESTAMP) + 31_000 });
    expect(body.code).toBe('50102');
  });

  it('tells the time without authentication', async () => {
    const { body } = await get('/api/v5/public/time', {}, { now: () => 1597026383085 });
    expect(body).toEqual({ code: '0', msg: '', data: [{ ts: '1597026383085' }] });
  });

  it('reports the account config from its options', async () => {
    const sign = createHmac('sha256', 's').update(`${TIMESTAMP}GET/api/v5/account/config`).digest('base64');
    const { body } = await get('/api/v5/account/config', signed(sign), { ...VECTOR_KEY, config: { acctLv: '3', perm: 'read_only,trade' } });
    expect(body.code).toBe('0');
    expect(body.data?.[0]).toMatchObject({ acctLv: '3', perm: 'read_only,trade' });
  });

  it('answers queued faults once each, then normally', async () => {
    server = await startOkxServer({ ...VECTOR_KEY, faults: [{ code: 50011, path: '/api/v5/account/balance' }] });
    const first = await get('/api/v5/account/balance', signed(SIGN_BALANCE));
    expect(first).toEqual({ status: 429, body: { msg: 'error 50011', code: 50011 } });
    const second = await get('/api/v5/account/balance', signed(SIGN_BALANCE));
    expect(second.status).toBe(200);
    expect(server.requests.map((request) => request.code)).toEqual(['50011', '0']);
  });
});
