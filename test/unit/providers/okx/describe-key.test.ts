// okx.describeKey: the key's permissions from GET /api/v5/account/config,
// signed and checked by the fake OKX server.
import { afterEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../../../../src/accounts/check-credentials.js';
import { createHttpClient } from '../../../../src/net/http.js';
import { okx } from '../../../../src/providers/okx/index.js';
import { OKX_TEST_KEY, startOkxServer, type OkxServer, type OkxServerOptions } from '../../../servers/okx.js';

let server: OkxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function check(options: OkxServerOptions, credentials: Record<string, string> = { ...OKX_TEST_KEY }) {
  server = await startOkxServer(options);
  const target = { provider: okx, profile: 'main', settings: okx.resolveSettings({ baseUrl: server.url }, {}), credentials };
  return checkCredentials(target, createHttpClient({ requestTimeoutMs: 5_000 }));
}

describe('okx.describeKey', () => {
  it.each([
    ['read_only', { permissions: ['read_only'], canTrade: false, canWithdraw: false }],
    ['read_only,trade', { permissions: ['read_only', 'trade'], canTrade: true, canWithdraw: false }],
    ['read_only, withdraw,trade', { permissions: ['read_only', 'withdraw', 'trade'], canTrade: true, canWithdraw: true }],
  ])('perm %j', async (perm, key) => {
    expect(await check({ config: { perm } })).toEqual({ accepted: true, key });
    expect(server?.requests.map((request) => `${request.method} ${request.target} ${request.status}`)).toEqual(['GET /api/v5/account/config 200']);
  });

  it('a key OKX refuses is not accepted, with the reason', async () => {
    const result = await check({}, { ...OKX_TEST_KEY, passphrase: 'unit-wrong-passphrase' });
    expect(result.accepted).toBe(false);
    expect(!result.accepted && result.error).toMatchObject({ kind: 'auth', code: '50105' });
  });
});
