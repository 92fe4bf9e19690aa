// Several targets on one key, as several profiles or a watch loop will make:
// one HttpClient (one limiter) keeps them under the provider's limits, which
// the fake servers enforce as the providers do.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchReport, type FetchTarget } from '../../../src/accounts/fetch.js';
import { createHttpClient, type HttpClient } from '../../../src/net/http.js';
import { longport } from '../../../src/providers/longport/index.js';
import { okx } from '../../../src/providers/okx/index.js';
import { startLongportServer, TEST_CREDENTIALS, type LongportServer } from '../../servers/longport.js';
import { OKX_TEST_KEY, startOkxServer, type OkxServer } from '../../servers/okx.js';

/** One attempt only: a request the limit refuses must show, not be retried away. */
const ONCE = { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } };

let servers: (OkxServer | LongportServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

function okxTargets(url: string, count: number): FetchTarget[] {
  return Array.from({ length: count }, (_, index) => ({
    provider: okx,
    profile: `profile-${index}`,
    settings: okx.resolveSettings({}, { OKX_BASE_URL: url }),
    credentials: { ...OKX_TEST_KEY },
  }));
}

function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + windowMs).length));
}

describe('rate limits across targets', () => {
  it('12 OKX targets on one key: at most 10 balance requests in any 2 s, none refused', async () => {
    const server = await startOkxServer();
    servers.push(server);
    const report = await fetchReport(okxTargets(server.url, 12), { currencies: [], http: createHttpClient(ONCE) });
    expect(report.errors.map((error) => `${error.profile} ${error.message}`)).toEqual([]);
    expect(report.balances).toHaveLength(12);
    const balance = server.requests.filter((request) => request.path === '/api/v5/account/balance').map((request) => request.at);
    expect(mostInAnyWindow(balance, 2_000)).toBeLessThanOrEqual(10);
  });

  it('the same burst with a limiter per request trips the limit: the fake server enforces it', async () => {
    const server = await startOkxServer();
    servers.push(server);
    const unshared: HttpClient = { send: (request, read) => createHttpClient(ONCE).send(request, read) };
    const report = await fetchReport(okxTargets(server.url, 12), { currencies: [], http: unshared });
    expect(report.errors.map((error) => error.code)).toEqual(['50011', '50011']);
  });

  it('--value-in: 3 OKX targets on one key are valued one per second, none refused; unshared, the server refuses', async () => {
    const server = await startOkxServer();
    servers.push(server);
    const { valueWith } = await import('../../../src/accounts/valuation.js');
    const value = valueWith('USD');
    const report = await fetchReport(okxTargets(server.url, 3), { currencies: [], http: createHttpClient(ONCE), value });
    expect(report.balances.map((set) => set.value?.amount?.toFixed() ?? set.value)).toEqual(['56837.43556134779', '56837.43556134779', '56837.43556134779']);
    const times = server.requests.filter((request) => request.path === '/api/v5/asset/asset-valuation').map((request) => request.at).sort((a, b) => a - b);
    expect(mostInAnyWindow(times, 1_000)).toBe(1);

    const unshared: HttpClient = { send: (request, read) => createHttpClient(ONCE).send(request, read) };
    const burst = await fetchReport(okxTargets(server.url, 3), { currencies: [], http: unshared, value });
    expect(burst.balances.filter((set) => set.value?.amount === null).map((set) => set.value?.amount === null && set.value.failure?.code)).toContain('50011');
  });

  it('5 Longport targets on one app key: at least 20 ms apart, none refused', async () => {
    const server = await startLongportServer();
    servers.push(server);
    const targets: FetchTarget[] = Array.from({ length: 5 }, (_, index) => ({
      provider: longport,
      profile: `profile-${index}`,
      settings: longport.resolveSettings({ baseUrl: server.url }, {}),
      credentials: { ...TEST_CREDENTIALS },
    }));
    const report = await fetchReport(targets, { currencies: [], http: createHttpClient(ONCE) });
    expect(report.errors.map((error) => `${error.profile} ${error.message}`)).toEqual([]);
    const times = server.requests.map((request) => request.at).sort((a, b) => a - b);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20);
    expect(server.requests.every((request) => request.code === 0)).toBe(true);
  });
});
