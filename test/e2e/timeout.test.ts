// --timeout as a user reads it, "give up after this many seconds": a slow
// server that answers within it is waited for; a hung one is given one short
// try on a fresh connection and never a second full wait; the message names
// the limit that applied. (The other transport faults: faults.test.ts.)
import { describe, expect, it } from 'vitest';
import { expectFailure, HOST, PROVIDERS, show, start } from './fault-subjects.js';

describe.concurrent.each(PROVIDERS)('$title and --timeout', (provider) => {
  const { title } = provider;

  it('waits for a server that answers in 3 s under --timeout 5 (each attempt was capped at 2.5 s)', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ delayMs: 3_000 }, 9);
    const result = await show(provider, subject, ['--timeout', '5']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(provider.ok);
    // One attempt per request: none was cut off and sent again.
    expect(subject.arrivals()).toHaveLength(provider.requestsPerRun);
  });

  it('a server that hangs every time: one short retry, then exit 1 at the 4 s limit it names', async ({ onTestFinished }) => {
    const subject = await start(provider, onTestFinished);
    subject.inject({ hang: true }, 9);
    const result = await show(provider, subject, ['--timeout', '4']);
    expectFailure(result, new RegExp(`^balance: ${title} did not answer within the 4 s time limit \\(${HOST.source}\\)\\.$`));
    expect(result.stderr).toContain('allow more time with --timeout');
    expect(result.ms).toBeGreaterThanOrEqual(3_900);
    expect(result.ms).toBeLessThan(6_000);
    // Each request: the first attempt (3 s), then one try in the second kept for it; no third.
    expect(subject.arrivals()).toHaveLength(provider.requestsPerRun * 2);
  });
});
