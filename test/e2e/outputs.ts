// Vitest global setup: a directory where the e2e harness appends every run's
// stdout and stderr, and a teardown that greps all of it for every test
// secret (test/secrets.ts) and fails the whole run when one appears.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ALL_TEST_SECRETS } from '../secrets.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where runBalance appends what each run printed. */
    balanceOutputLog: string;
  }
}

/** One line per run in the log files: what ran, and what it printed. */
export interface LoggedRun {
  readonly args: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
}

/** The runs whose output contains a secret, by secret name; the secrets themselves are not repeated. */
export function findLeaks(runs: readonly LoggedRun[], secrets: Readonly<Record<string, string>>): string[] {
  const leaks: string[] = [];
  for (const run of runs) {
    for (const [name, secret] of Object.entries(secrets)) {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (run[stream].includes(secret)) leaks.push(`${name} in the ${stream} of \`balance ${maskAll(run.args.join(' '), secrets)}\``);
      }
    }
  }
  return leaks;
}

/** What test/e2e/loopback-only.cjs writes on stderr when it refuses a connection. */
export const GUARD_MARKER = 'E2E-GUARD: refused a connection to';

/** Connections the loopback guard refused: each a test that would have reached a real host. */
export function findGuardedConnections(runs: readonly LoggedRun[]): string[] {
  return runs.flatMap((run) =>
    run.stderr
      .split('\n')
      .filter((line) => line.startsWith(GUARD_MARKER))
      .map((line) => `${line.slice(GUARD_MARKER.length).trim()}, from \`balance ${run.args.join(' ')}\``),
  );
}

export function readLoggedRuns(dir: string): LoggedRun[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'))
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LoggedRun);
}

function maskAll(text: string, secrets: Readonly<Record<string, string>>): string {
  return Object.entries(secrets).reduce((out, [name, secret]) => out.split(secret).join(`<${name}>`), text);
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'balance-e2e-outputs-'));
  project.provide('balanceOutputLog', dir);
  return () => {
    const runs = readLoggedRuns(dir);
    const leaks = findLeaks(runs, ALL_TEST_SECRETS);
    const escapes = findGuardedConnections(runs);
    rmSync(dir, { recursive: true, force: true });
    if (escapes.length > 0) {
      process.exitCode = 1;
      throw new Error(`A test made balance connect beyond 127.0.0.1 (refused by test/e2e/loopback-only.cjs):\n${escapes.slice(0, 20).join('\n')}`);
    }
    if (leaks.length > 0) {
      // Vitest reports a teardown error but does not fail the run for it; the exit code does.
      process.exitCode = 1;
      throw new Error(`A test secret appeared in the output of balance (${leaks.length}):\n${leaks.slice(0, 20).join('\n')}`);
    }
    if (process.env.BALANCE_E2E_REPORT_OUTPUTS === '1') console.log(`secret grep: ${runs.length} runs checked, no secret found`);
  };
}
