// The fake provider servers of the fault suites behind one face, so that
// every fault is tried against OKX and Longport alike, and the checks every
// failure must pass (exit code, nothing on stdout, a short error, no stack).
import { expect } from 'vitest';
import type { TransportFault } from '../servers/faults.js';
import { TEST_CREDENTIALS, startLongportServer, type LongportServer } from '../servers/longport.js';
import { OKX_TEST_KEY, startOkxServer, type OkxServer } from '../servers/okx.js';
import { allOutputs, runBalance, type RunResult } from './harness.js';

export interface Misbehaviour extends TransportFault {
  readonly status?: number;
  readonly body?: string;
  readonly corpus?: string;
  readonly contentType?: string;
}

/** One fake provider server behind a common face. */
export interface Subject {
  readonly url: string;
  /** Arrival times of the requests so far. */
  arrivals(): number[];
  /** The next `times` requests misbehave so. */
  inject(misbehaviour: Misbehaviour, times: number): void;
  shiftClock(ms: number): void;
  close(): Promise<void>;
}

export interface ProviderCase {
  readonly name: 'okx' | 'longport';
  readonly title: string;
  start(): Promise<Subject>;
  env(url: string): Record<string, string>;
  /** stdout of a successful run (TSV into a pipe). */
  readonly ok: string;
  /** Requests one successful run makes. */
  readonly requestsPerRun: number;
}

export function okxSubject(server: OkxServer): Subject {
  return {
    url: server.url,
    arrivals: () => server.requests.map((request) => request.at),
    inject: (misbehaviour, times) => server.fail({ ...misbehaviour, times }),
    shiftClock: (ms) => server.shiftClock(ms),
    close: () => server.close(),
  };
}

export function longportSubject(server: LongportServer): Subject {
  return {
    url: server.url,
    arrivals: () => server.requests.map((request) => request.at),
    inject: (misbehaviour, times) => {
      const answers = misbehaviour.status !== undefined || misbehaviour.body !== undefined || misbehaviour.corpus !== undefined;
      for (let i = 0; i < times; i++) server.enqueue({ ...misbehaviour, transportOnly: !answers });
    },
    shiftClock: (ms) => server.shiftClock(ms),
    close: () => server.close(),
  };
}

export const PROVIDERS: readonly ProviderCase[] = [
  {
    name: 'okx',
    title: 'OKX',
    start: async () => okxSubject(await startOkxServer()),
    env: (url) => ({
      OKX_API_KEY: OKX_TEST_KEY.apiKey,
      OKX_API_SECRET: OKX_TEST_KEY.apiSecret,
      OKX_API_PASSPHRASE: OKX_TEST_KEY.passphrase,
      OKX_BASE_URL: url,
    }),
    ok: 'okx\tdefault\ttrading\tUSDT\t4834.317093622894\t158.573\t\t4834.317093622894\tsafe\n',
    requestsPerRun: 2,
  },
  {
    name: 'longport',
    title: 'Longport',
    start: async () => longportSubject(await startLongportServer()),
    env: (url) => ({
      LONGPORT_APP_KEY: TEST_CREDENTIALS.appKey,
      LONGPORT_APP_SECRET: TEST_CREDENTIALS.appSecret,
      LONGPORT_ACCESS_TOKEN: TEST_CREDENTIALS.accessToken,
      LONGPORT_HTTP_URL: url,
    }),
    ok:
      'longport\tdefault\tsecurities\tHKD\t195902464.37\t11579339.13\t207288537.81\t97592.30\tmedium\n' +
      'longport\tdefault\tsecurities\tUSD\t199893416.74\t28723.76\t-276806.51\t199893416.74\tmedium\n',
    requestsPerRun: 1,
  },
];

// Tests run concurrently (most of their time is spent waiting on purpose), so
// each closes its own servers when it finishes.
export type OnFinished = (hook: () => Promise<void>) => void;

export function closing<T extends { close(): Promise<void> }>(server: T, onTestFinished: OnFinished): T {
  onTestFinished(() => server.close());
  return server;
}

export async function start(provider: ProviderCase, onTestFinished: OnFinished): Promise<Subject> {
  return closing(await provider.start(), onTestFinished);
}

export function show(provider: ProviderCase, subject: Subject, args: string[] = []): Promise<RunResult> {
  return runBalance(['show', '--provider', provider.name, ...args], { env: provider.env(subject.url) });
}

export const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
export const HOST = /127\.0\.0\.1:\d+/;
export const STACK = /\n\s+at /;

/** A failure as the user sees it: exit 1, nothing on stdout, a short error, no stack trace. */
export function expectFailure(result: RunResult, firstLine: RegExp | string, code = 1): void {
  expect(result.stdout).toBe('');
  expect(result.code).toBe(code);
  const [first, ...rest] = lines(result.stderr);
  if (typeof firstLine === 'string') expect(first).toBe(firstLine);
  else expect(first).toMatch(firstLine);
  expect(rest.length).toBeLessThanOrEqual(1);
  expect(result.stderr).not.toMatch(STACK);
}

/** No output of any run so far holds a test secret. */
export function expectNoTestSecrets(): void {
  for (const output of allOutputs) {
    for (const secret of [OKX_TEST_KEY.apiKey, OKX_TEST_KEY.apiSecret, OKX_TEST_KEY.passphrase, TEST_CREDENTIALS.accessToken]) {
      expect(output).not.toContain(secret);
    }
  }
}
