// A base URL that reaches a web server but not the API (a typo in the path, a
// proxy's own page): every 404 without a provider error code says the base URL
// is probably wrong, whatever the body — HTML, empty, or JSON without a code.
import { describe, expect, it } from 'vitest';
import { startLongportServer } from '../servers/longport.js';
import { okxTestEnv, startOkxServer } from '../servers/okx.js';
import { LONGPORT_KEY } from '../secrets.js';
import { closeAfterEach } from './cleanup.js';
import { runBalance } from './harness.js';

const closeLater = closeAfterEach();
const BODIES = [{ body: '<html><body>404 Not Found</body></html>' }, { body: '' }, { body: '{"error":"no such route"}', contentType: 'application/json' }];

describe('HTTP 404 from the provider', () => {
  it.each(BODIES)('OKX, body %j: the base URL is probably wrong (exit 1)', async (reply) => {
    const server = await startOkxServer({ faults: [{ status: 404, ...reply, times: 10 }] });
    closeLater(() => server.close());
    const result = await runBalance(['show', '--provider', 'okx'], { env: okxTestEnv(server) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OKX answered HTTP 404 (not found): the base URL is probably wrong.');
    expect(result.stderr).toContain('--base-url');
  });

  it.each(BODIES)('Longport, body %j: the base URL is probably wrong (exit 1)', async (reply) => {
    const server = await startLongportServer({ credentials: [LONGPORT_KEY], replies: Array.from({ length: 5 }, () => ({ status: 404, ...reply, beforeChecks: true })) });
    closeLater(() => server.close());
    const env = { LONGPORT_APP_KEY: LONGPORT_KEY.appKey, LONGPORT_APP_SECRET: LONGPORT_KEY.appSecret, LONGPORT_ACCESS_TOKEN: LONGPORT_KEY.accessToken, LONGPORT_HTTP_URL: server.url };
    const result = await runBalance(['show', '--provider', 'longport'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Longport answered HTTP 404 (not found): the base URL is probably wrong.');
  });
});
