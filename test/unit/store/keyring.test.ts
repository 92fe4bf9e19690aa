// The keyring helper process: the protocol, a keyring that hangs (the helper
// is killed and balance goes on), partial failures (rolled back), and the
// helper's own op loop against a fake Entry.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childProcessKeyring, keyringEnabled, KeyringUnavailable } from '../../../src/store/keyring.js';
import { runKeyringOps, type KeyringAnswer, type KeyringEntry } from '../../../src/store/keyring/protocol.js';

const PASSWORD = 'unit-keyring-password-6e1f';

/** A helper speaking the protocol over a JSON file instead of a keyring; it logs its argv and every op. */
const MEMORY_HELPER = `
import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
const store = process.env.FAKE_KEYRING_STORE, log = process.env.FAKE_KEYRING_LOG;
appendFileSync(log, JSON.stringify({ pid: process.pid, argv: process.argv }) + '\\n');
let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);
const entries = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : {};
for (const op of request.ops) {
  appendFileSync(log, JSON.stringify({ op: op.op, service: request.service, account: op.account }) + '\\n');
  const key = request.service + '/' + op.account;
  if (op.op === 'set' && op.account.endsWith(':fails')) { console.log(JSON.stringify({ ok: false, error: 'refused by the fake keyring' })); continue; }
  if (op.op === 'get') console.log(JSON.stringify({ ok: true, value: entries[key] ?? null }));
  if (op.op === 'set') { entries[key] = op.password; console.log(JSON.stringify({ ok: true, value: true })); }
  if (op.op === 'delete') { const had = key in entries; delete entries[key]; console.log(JSON.stringify({ ok: true, value: had })); }
  writeFileSync(store, JSON.stringify(entries));
}
`;

const HANGING_HELPER = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.env.FAKE_KEYRING_LOG, String(process.pid));
setInterval(() => {}, 1000); // a D-Bus call that never returns
`;

/** Logs each request it gets, then hangs: a D-Bus that does not answer, for sets and deletes alike. */
const SILENT_HELPER = `
import { appendFileSync } from 'node:fs';
let input = '';
for await (const chunk of process.stdin) input += chunk;
appendFileSync(process.env.FAKE_KEYRING_LOG, JSON.stringify({ pid: process.pid, at: Date.now(), request: JSON.parse(input) }) + '\\n');
setInterval(() => {}, 1000);
`;

/** Answers the first op with the library's long D-Bus failure, then never exits (a thread stuck in the native module). */
const FAILS_THEN_HANGS_HELPER = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.env.FAKE_KEYRING_LOG, String(process.pid));
console.log(JSON.stringify({ ok: false, error: 'Platform failure: DBus error: Did not receive a reply. Possible causes include: the remote application did not send a reply, the message bus security policy blocked the reply, the reply timeout expired, or the network connection was broken.' }));
setInterval(() => {}, 1000);
`;

const FATAL_HELPER = `console.log(JSON.stringify({ fatal: 'the keyring module could not be loaded (no binary for this platform)' }));`;

function helper(source: string): { script: string; env: NodeJS.ProcessEnv; store: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'balance-keyring-'));
  const script = join(dir, 'helper.mjs');
  writeFileSync(script, source);
  const store = join(dir, 'store.json');
  const log = join(dir, 'log.jsonl');
  writeFileSync(log, '');
  return { script, store, log, env: { PATH: process.env.PATH, FAKE_KEYRING_STORE: store, FAKE_KEYRING_LOG: log } };
}

const logged = (log: string): Record<string, unknown>[] =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the process is gone within a few seconds: a killed child is seen as alive until Node has reaped it. */
async function ended(pid: number): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return !alive(pid);
}

describe('childProcessKeyring', () => {
  it('sets, gets and deletes through one helper process per call, under service "balance"', async () => {
    const fake = helper(MEMORY_HELPER);
    const keyring = childProcessKeyring({ script: fake.script, env: fake.env });
    await keyring.set([
      { account: 'main:apiKey', password: PASSWORD },
      { account: 'main:apiSecret', password: 'second' },
    ]);
    expect(await keyring.get(['main:apiKey', 'main:apiSecret', 'main:absent'])).toEqual([PASSWORD, 'second', null]);
    await keyring.delete(['main:apiKey', 'main:never-there']);
    expect(await keyring.get(['main:apiKey'])).toEqual([null]);

    const entries = logged(fake.log);
    expect(entries.filter((entry) => 'argv' in entry)).toHaveLength(4); // set, get, delete, get
    expect(entries.filter((entry) => 'op' in entry).every((entry) => entry.service === 'balance')).toBe(true);
    // The password travels on stdin only: not in the helper's arguments.
    expect(JSON.stringify(entries.filter((entry) => 'argv' in entry))).not.toContain(PASSWORD);
  });

  it('a keyring that does not answer: the helper is killed and the call fails within the timeout', async () => {
    const fake = helper(HANGING_HELPER);
    // 1.5 s: long enough that even a loaded machine has started the helper (and
    // written its pid) before the timeout kills it.
    const keyring = childProcessKeyring({ script: fake.script, env: fake.env, timeoutMs: 1_500 });
    const started = Date.now();
    const failure = await keyring.get(['main:apiKey']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KeyringUnavailable);
    expect((failure as Error).message).toBe('the keyring did not answer within 1.5 s');
    expect(Date.now() - started).toBeLessThan(6_000); // generous: the bound is the timeout, not this
    const written = readFileSync(fake.log, 'utf8');
    expect(written).toMatch(/^\d+$/);
    expect(await ended(Number(written))).toBe(true);
  });

  it('when one secret cannot be stored, the ones stored before it are removed again', async () => {
    const fake = helper(MEMORY_HELPER);
    const keyring = childProcessKeyring({ script: fake.script, env: fake.env });
    const failure = await keyring
      .set([
        { account: 'main:apiKey', password: PASSWORD },
        { account: 'main:fails', password: 'x' },
      ])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KeyringUnavailable);
    expect((failure as Error).message).toBe('refused by the fake keyring');
    expect(JSON.parse(readFileSync(fake.store, 'utf8'))).toEqual({});
  });

  it('a failure ends the call at once: the helper is not waited for, and the reason is the library message’s first sentence', async () => {
    const fake = helper(FAILS_THEN_HANGS_HELPER);
    const keyring = childProcessKeyring({ script: fake.script, env: fake.env, timeoutMs: 20_000 });
    const started = Date.now();
    const failure = await keyring.get(['main:apiKey', 'main:apiSecret', 'main:passphrase']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KeyringUnavailable);
    expect((failure as Error).message).toBe('Platform failure: DBus error: Did not receive a reply');
    expect(Date.now() - started).toBeLessThan(10_000); // not the 20 s time limit
    const pid = Number(readFileSync(fake.log, 'utf8'));
    expect(await ended(pid)).toBe(true);
  });

  it('a store that times out is undone in a second helper with the shorter rollback time limit', async () => {
    const fake = helper(SILENT_HELPER);
    const keyring = childProcessKeyring({ script: fake.script, env: fake.env, timeoutMs: 4_000, rollbackTimeoutMs: 1_500 });
    const failure = await keyring
      .set([
        { account: 'main:apiKey', password: PASSWORD },
        { account: 'main:apiSecret', password: 'second' },
      ])
      .catch((error: unknown) => error);
    const failedAt = Date.now();
    expect((failure as Error).message).toBe('the keyring did not answer within 4 s');
    const runs = logged(fake.log) as { pid: number; at: number; request: { ops: { op: string; account: string }[] } }[];
    expect(runs.map((run) => run.request.ops.map((op) => `${op.op} ${op.account}`))).toEqual([
      ['set main:apiKey', 'set main:apiSecret'],
      ['delete main:apiKey', 'delete main:apiSecret'], // either may have been stored before the time ran out
    ]);
    // Killed 1.5 s after it was started (it logs a little later), not 4 s: a margin for a loaded machine.
    expect(failedAt - runs[1]!.at).toBeLessThan(2_800);
    for (const run of runs) expect(await ended(run.pid)).toBe(true);
  });

  it('a helper that cannot load the native module, or cannot start, makes the keyring unavailable', async () => {
    const fatal = helper(FATAL_HELPER);
    await expect(childProcessKeyring({ script: fatal.script, env: fatal.env }).get(['a:b'])).rejects.toThrow(
      'the keyring module could not be loaded (no binary for this platform)',
    );
    const missing = join(mkdtempSync(join(tmpdir(), 'balance-keyring-')), 'missing.mjs');
    expect(existsSync(missing)).toBe(false);
    await expect(childProcessKeyring({ script: missing }).get(['a:b'])).rejects.toThrow(/the keyring helper exited with code 1/);
  });

  it('makes no process at all for nothing to do', async () => {
    const keyring = childProcessKeyring({ script: '/nonexistent/helper.mjs' });
    expect(await keyring.get([])).toEqual([]);
    await keyring.set([]);
    await keyring.delete([]);
  });
});

describe('keyringEnabled', () => {
  it('BALANCE_KEYRING=off (or 0, false, no) turns the keyring off', () => {
    expect(keyringEnabled({})).toBe(true);
    expect(keyringEnabled({ BALANCE_KEYRING: 'on' })).toBe(true);
    for (const value of ['off', 'OFF', '0', 'false', 'no']) expect(keyringEnabled({ BALANCE_KEYRING: value }), value).toBe(false);
  });
});

describe('runKeyringOps (the helper’s loop)', () => {
  it('answers each op in order up to the first failure, which ends the run', () => {
    const passwords = new Map<string, string>([['balance/a:x', 'pw']]);
    const entry = (service: string, account: string): KeyringEntry => {
      const key = `${service}/${account}`;
      return {
        getPassword: () => passwords.get(key) ?? null,
        setPassword: (password) => {
          if (account === 'locked:x') throw new Error('the collection is locked');
          passwords.set(key, password);
        },
        deletePassword: () => passwords.delete(key),
      };
    };
    const answers: KeyringAnswer[] = [];
    runKeyringOps(
      entry,
      {
        service: 'balance',
        ops: [
          { op: 'get', account: 'a:x' },
          { op: 'set', account: 'b:x', password: 'new' },
          { op: 'get', account: 'none:x' },
          { op: 'delete', account: 'a:x' },
          { op: 'set', account: 'locked:x', password: 'p' },
          { op: 'set', account: 'c:x', password: 'never' },
        ],
      },
      (answer) => answers.push(answer),
    );
    expect(answers).toEqual([
      { ok: true, value: 'pw' },
      { ok: true, value: true },
      { ok: true, value: null },
      { ok: true, value: true },
      { ok: false, error: 'the collection is locked' },
    ]);
    expect([...passwords]).toEqual([['balance/b:x', 'new']]); // c:x was not tried
  });
});
