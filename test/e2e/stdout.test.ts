// How the built binary writes to stdout: into a reader that has gone away
// (`balance show | head -1`), and more than a pipe holds into one that reads
// late.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { OKX_TEST_KEY, startOkxServer, type OkxServer } from '../servers/okx.js';
import { binaryArgs, isolatedEnv } from './harness.js';

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>, reader: 'closed' | 'late'): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, binaryArgs(args), { env: isolatedEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (reader === 'closed') {
      child.stdout.destroy();
    } else {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      // Nothing is read for a while: the pipe fills and the writer must wait.
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 500);
    }
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: OkxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('stdout', () => {
  it('ends quietly with exit 0 when the reader has closed the pipe', async () => {
    const result = await run(['show', '--provider', 'sample', '--format', 'csv'], {}, 'closed');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|error/i);
  });

  it('delivers more than a pipe holds, complete and in order, to a reader that starts late', async () => {
    // 3000 currencies: about half a megabyte of JSON, several times a pipe's buffer.
    const details = Array.from({ length: 3000 }, (_, index) => ({
      ccy: `C${String(index).padStart(4, '0')}`,
      availBal: `${index}.${'7'.repeat(30)}`,
      frozenBal: '0',
      eq: `${index}`,
      cashBal: `${index}`,
      eqUsd: `${index}`,
    }));
    server = await startOkxServer({ balance: { totalEq: '1', details } });
    const env = {
      OKX_API_KEY: OKX_TEST_KEY.apiKey,
      OKX_API_SECRET: OKX_TEST_KEY.apiSecret,
      OKX_API_PASSPHRASE: OKX_TEST_KEY.passphrase,
      OKX_BASE_URL: server.url,
    };
    const result = await run(['show', '--provider', 'okx', '--json'], env, 'late');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(256 * 1024);
    const cash = JSON.parse(result.stdout).balances[0].accounts[0].cash as { currency: string; available: string }[];
    expect(cash.map((row) => row.currency)).toEqual(details.map((detail) => detail.ccy));
    expect(cash[2999]?.available).toBe(`2999.${'7'.repeat(30)}`);
  });
});
