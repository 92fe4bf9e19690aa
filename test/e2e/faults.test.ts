// The fault-injection suite, transport and time: the built binary against the
// fake OKX and Longport servers made to hang, dribble, reset, answer 5xx/429
// with and without Retry-After, redirect, send far too much or run a shifted
// clock — asserting exit code, stdout, stderr and elapsed time — plus signals
// and TLS. Broken bodies: broken-bodies.test.ts. README "Faults" has the table.
import { afterAll, describe, expect, it } from 'vitest';
import { startLongportServer } from '../servers/longport.js';
import { startOkxServer } from '../servers/okx.js';
import { startScriptedServer } from '../servers/scripted.js';
import { closing, expectFailure, expectNoTestSecrets, HOST, lines, PROVIDERS, show, STACK, start } from './fault-subjects.js';
import { runBalance, startBalance } from './harness.js';

describe.concurrent.each(PROVIDERS)('$title under transport faults', (provider) => {
  const { title } = provider;
  const timeLimit = (seconds: number) => new RegExp(`^balance: ${title} did not answer within the ${seconds} s time limit \\(${HOST.source}\\)\\.$`);

  it('hangs on every request: exit 1 at the --timeout 2 deadline, well within 6 s', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ hang: true }, 9);
    const result = await show(provider, subject, ['--timeout', '2']);
    expectFailure(result, timeLimit(2));
    expect(result.ms).toBeGreaterThanOrEqual(1_900);
    expect(result.ms).toBeLessThan(6_000);
  });

  it('hangs once: the attempt ends a second before the deadline and the retry answers', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ hang: true }, 1);
    const result = await show(provider, subject, ['--timeout', '4']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    expect(result.stderr).toBe('');
    expect(result.ms).toBeGreaterThanOrEqual(1_900);
    expect(result.ms).toBeLessThan(6_000);
  });

  it('dribbles its body forever: exit 1 at the deadline', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ dribbleMs: 100 }, 9);
    const result = await show(provider, subject, ['--timeout', '2']);
    expectFailure(result, timeLimit(2));
    expect(result.ms).toBeLessThan(6_000);
  });

  it('answers slowly (1 s) within the deadline: exit 0', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ delayMs: 1_000 }, 9);
    const result = await show(provider, subject, ['--timeout', '5']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    expect(result.ms).toBeGreaterThanOrEqual(1_000);
    expect(result.ms).toBeLessThan(6_000);
  });

  it('resets the connection once: retried, exit 0', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ reset: true }, 1);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    expect(subject.arrivals()).toHaveLength(provider.requestsPerRun + 1);
  });

  it('resets the connection every time: exit 1 after three attempts', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ reset: true }, 9);
    const result = await show(provider, subject);
    expectFailure(result, new RegExp(`^balance: ${HOST.source} closed the connection before ${title} answered\\. \\(ECONNRESET\\)$`));
    expect(result.stderr).toContain('(3 attempts made.)');
    expect(result.ms).toBeLessThan(6_000);
  });

  it('closes the connection without answering once: retried, exit 0', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ hangUp: true }, 1);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
  });

  it('answers 503 once: retried, exit 0', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ status: 503, body: '' }, 1);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
  });

  it('answers 503 every time: exit 1 after three attempts', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ status: 503, body: '' }, 9);
    const result = await show(provider, subject);
    expectFailure(result, /^balance: .*(503|empty response)/);
    expect(result.stderr).toContain('(3 attempts made.)');
    expect(result.ms).toBeLessThan(6_000);
  });

  it('answers 429 with Retry-After: 1 once: waits a second, exit 0', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ status: 429, body: '', headers: { 'Retry-After': '1' } }, 1);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    const arrivals = subject.arrivals();
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(950);
    expect(result.ms).toBeLessThan(6_000);
  });

  it('answers 503 with Retry-After as an HTTP date once: waits until then, exit 0', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2_000);
    subject.inject({ status: 503, body: '', headers: { 'Retry-After': at.toUTCString() } }, 1);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    expect(subject.arrivals().at(-1)!).toBeGreaterThanOrEqual(at.getTime() - 50);
  });

  it('answers 429 with Retry-After: 30 under --timeout 5: gives up at once, saying why', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ status: 429, body: '', headers: { 'Retry-After': '30' } }, 9);
    const result = await show(provider, subject, ['--timeout', '5']);
    expectFailure(result, /^balance: .*429/);
    expect(lines(result.stderr)[1]).toBe(`  ${title} asked to retry after 30 s, beyond the time limit; try again later, or allow more time with --timeout.`);
    // At once: well before the 5 s deadline, let alone the 30 s asked for.
    expect(result.ms).toBeLessThan(4_500);
  });

  it('sends an 11 MB body: refused once 10 MB are read', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ hugeBytes: 11 * 1024 * 1024 }, 9);
    const result = await show(provider, subject);
    expectFailure(result, `balance: ${title} sent an answer larger than 10 MB; it was not read.`);
    expect(result.ms).toBeLessThan(6_000);
  });

  it('redirects to another host: not followed, nothing reaches it', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    const elsewhere = closing(await startScriptedServer(), onTestFinished);
    subject.inject({ status: 302, body: '', headers: { Location: `${elsewhere.url}/steal` } }, 9);
    const result = await show(provider, subject);
    expectFailure(result, `balance: ${title} redirected the request to ${elsewhere.url}/steal; redirects are not followed.`);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe.concurrent.each(PROVIDERS)('$title with a shifted server clock', (provider) => {
  const warning = (seconds: string, way: string) =>
    new RegExp(`^balance: warning: the system clock is (${seconds}) s ${way} ${provider.title}'s.* Synchronise it \\(enable NTP\\)\\.$`);

  it('400 s ahead: the rejected request is corrected from the server time, exit 0 with one warning', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.shiftClock(400_000);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(warning('399|400|401', 'behind'))]);
    expect(result.ms).toBeLessThan(6_000);
  });

  it('400 s behind: the same, the other way', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.shiftClock(-400_000);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(warning('399|400|401', 'ahead of'))]);
  });

  it('10 s ahead: accepted by the server, still one warning from its Date header', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.shiftClock(10_000);
    const result = await show(provider, subject);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(warning('9\\.\\d|10|11', 'behind'))]);
    expect(subject.arrivals()).toHaveLength(provider.requestsPerRun);
  });
});

describe('OKX: two requests at once', () => {
  const okx = PROVIDERS[0]!;

  it('one is refused (50113) while the other hangs: the other is cancelled, exit 4 at once', async ({ onTestFinished }) => {
    const server = await startOkxServer({
      faults: [
        { path: '/api/v5/account/balance', code: '50113' },
        { path: '/api/v5/account/max-withdrawal', hang: true },
      ],
    });
    closing(server, onTestFinished);
    const result = await runBalance(['show', '--provider', 'okx', '--timeout', '10'], { env: okx.env(server.url) });
    expectFailure(result, 'balance: OKX rejected the signature (50113).', 4);
    expect(result.ms).toBeLessThan(3_000);
  });

  it('a rejected key is not retried: one request per endpoint', async ({ onTestFinished }) => {
    const server = await startOkxServer();
    closing(server, onTestFinished);
    const result = await runBalance(['show', '--provider', 'okx'], { env: { ...okx.env(server.url), OKX_API_KEY: 'okx-e2e-unknown-key' } });
    expect(result.code).toBe(4);
    expect(server.requests.map((request) => request.code)).toEqual(['50119', '50119']);
  });
});

describe('Longport: what is not retried', () => {
  it('a wrong secret with a correct clock: one request, exit 4', async ({ onTestFinished }) => {
    const longport = PROVIDERS[1]!;
    const server = await startLongportServer();
    closing(server, onTestFinished);
    const result = await runBalance(['show', '--provider', 'longport'], {
      env: { ...longport.env(server.url), LONGPORT_APP_SECRET: 'lp-e2e-not-the-secret' },
    });
    expectFailure(result, 'balance: Longport rejected the signature (403201).', 4);
    expect(server.requests).toHaveLength(1);
  });
});

describe('signals during a request', () => {
  it.for([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while the server hangs: exit %i at once, nothing on stdout', async ([signal, code], { onTestFinished }) => {
    const server = await startOkxServer({ faults: [{ hang: true, times: 9 }] });
    closing(server, onTestFinished);
    const running = startBalance(['show', '--provider', 'okx', '--timeout', '30'], { env: PROVIDERS[0]!.env(server.url) });
    const waitedSince = Date.now();
    while (server.requests.length < 2 && Date.now() - waitedSince < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests.length).toBe(2);
    const sentAt = Date.now();
    running.child.kill(signal);
    const result = await running.done;
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(STACK);
    expect(Date.now() - sentAt).toBeLessThan(2_000);
  });
});

describe('TLS', () => {
  it('a certificate that does not verify: exit 1, nothing sent', async ({ onTestFinished }) => {
    const server = closing(await startScriptedServer({ tls: true }), onTestFinished);
    const result = await runBalance(['show', '--provider', 'okx'], { env: PROVIDERS[0]!.env(server.url) });
    expectFailure(result, new RegExp(`^balance: The TLS certificate of ${HOST.source} is self-signed, so nothing vouches for it; nothing was sent to OKX\\. \\(DEPTH_ZERO_SELF_SIGNED_CERT\\)$`));
    expect(server.requests).toEqual([]);
  });

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 is refused before anything is sent: exit 2', async ({ onTestFinished }) => {
    const server = closing(await startScriptedServer({ tls: true }), onTestFinished);
    const result = await runBalance(['show', '--provider', 'okx'], {
      env: { ...PROVIDERS[0]!.env(server.url), NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    });
    expectFailure(result, /^balance: NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks/, 2);
    expect(server.requests).toEqual([]);
  });
});

// No run of this file may have printed a secret, whatever went wrong.
afterAll(expectNoTestSecrets);
