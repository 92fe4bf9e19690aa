// OKX's asset-valuation (--value-in) against the fake OKX server, which checks
// the signature with its own code: the total and its parts as sent, the
// currencies OKX does not value in, a clock OKX calls expired.
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../../src/net/http.js';
import { toPlain } from '../../../../src/base/money.js';
import type { AccountValue } from '../../../../src/base/model.js';
import { okx } from '../../../../src/providers/okx/index.js';
import { OKX_TEST_KEY, startOkxServer, type OkxServer, type OkxServerOptions } from '../../../servers/okx.js';
import { adjustableClock } from '../adjustable-clock.js';

const QUICK = { requestTimeoutMs: 5_000, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } };

let server: OkxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function valueWith(currency: string, options: OkxServerOptions = {}, now?: () => number): Promise<AccountValue> {
  server = await startOkxServer(options);
  const support = await okx.valuation!();
  return support.value({
    settings: okx.resolveSettings({}, { OKX_BASE_URL: server.url }),
    credentials: { ...OKX_TEST_KEY },
    http: createHttpClient(QUICK),
    ...adjustableClock(now),
    currency,
    accounts: [],
  });
}

const shown = (value: AccountValue) =>
  value.amount === null ? value : { amount: toPlain(value.amount), parts: value.parts.map((part) => [part.key, toPlain(part.value)]) };

describe('OKX valuation', () => {
  it('reads totalBal and its parts, digits as sent; classic only when it holds something', async () => {
    const value = await valueWith('EUR', {
      valuation: { EUR: { totalBal: '1200.000000000000000001', details: { trading: '200.000000000000000001', funding: '900', earn: '0', classic: '100.00' } } },
    });
    expect(shown(value)).toEqual({
      amount: '1200.000000000000000001',
      parts: [
        ['trading', '200.000000000000000001'],
        ['funding', '900'],
        ['earn', '0'],
        ['classic', '100.00'],
      ],
    });
    expect(server?.requests.map((request) => [request.target, request.code])).toEqual([['/api/v5/asset/asset-valuation?ccy=EUR', '0']]);
    expect(shown(await valueWith('USD'))).toMatchObject({ parts: [['trading', '55837.43556134779'], ['funding', '1000'], ['earn', '0']] });
  });

  it('does not ask for a currency OKX does not value in', async () => {
    expect(await valueWith('HKD')).toEqual({ currency: 'HKD', amount: null, reason: 'OKX does not value in HKD' });
    expect(server?.requests).toEqual([]);
  });

  it('an empty total is no value, never 0', async () => {
    expect(await valueWith('USD', { valuation: { USD: { totalBal: '', details: {} } } })).toEqual({ currency: 'USD', amount: null, reason: 'OKX answered without a total' });
  });

  it('a clock OKX calls expired is measured, corrected and the request made again', async () => {
    const value = await valueWith('USD', {}, () => Date.now() - 60_000);
    expect(toPlain(value.amount)).toBe('56837.43556134779');
    expect(server?.requests.map((request) => request.path)).toEqual(['/api/v5/asset/asset-valuation', '/api/v5/public/time', '/api/v5/asset/asset-valuation']);
  });
});
