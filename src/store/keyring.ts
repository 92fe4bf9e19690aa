// The OS keyring (macOS Keychain, Windows Credential Manager, Secret Service
// on Linux), reached through a helper process (src/store/keyring/child.ts) that is
// killed when it does not answer in time, so a hung keyring cannot hang
// balance. One entry per secret, service "balance", account "<profile>:<key>".
import { fileURLToPath } from 'node:url';
import { KEYRING_SERVICE, type KeyringAnswer, type KeyringOp } from './keyring/protocol.js';
import type { Env } from '../base/settings.js';

export interface KeyringBackend {
  /** Passwords in the order asked; null where there is none. */
  get(accounts: readonly string[]): Promise<(string | null)[]>;
  /** Stores all, or none: on failure the ones already stored are removed again. */
  set(entries: readonly { account: string; password: string }[]): Promise<void>;
  /** Removes the entries; absent ones are fine. */
  delete(accounts: readonly string[]): Promise<void>;
}

/** The keyring cannot be used: not there, locked, refused, or too slow. */
export class KeyringUnavailable extends Error {
  override readonly name = 'KeyringUnavailable';
}

export const DEFAULT_KEYRING_TIMEOUT_MS = 5_000;
/** For removing again what a failed store may have stored: the keyring has just failed, so it gets less. */
export const DEFAULT_KEYRING_ROLLBACK_TIMEOUT_MS = 2_000;

/** BALANCE_KEYRING=off (or 0, false, no) skips the keyring entirely. */
export function keyringEnabled(env: Env): boolean {
  const value = env.BALANCE_KEYRING?.trim().toLowerCase();
  return value === undefined || !['off', '0', 'false', 'no'].includes(value);
}

export function keyringAccount(profile: string, key: string): string {
  return `${profile}:${key}`;
}

export interface ChildKeyringOptions {
  /** The helper script; by default dist/keyring-child.js beside the bundle. */
  readonly script?: string;
  readonly execPath?: string;
  /** How long the helper may go without answering (the first answer includes its start). */
  readonly timeoutMs?: number;
  /** The same, for removing again what a failed `set` may have stored. */
  readonly rollbackTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export function childProcessKeyring(options: ChildKeyringOptions = {}): KeyringBackend {
  const run = (ops: readonly KeyringOp[], timeoutMs = options.timeoutMs ?? DEFAULT_KEYRING_TIMEOUT_MS): Promise<KeyringAnswer[]> =>
    runHelper(ops, options, timeoutMs);
  const undo = async (accounts: readonly string[]): Promise<void> => {
    const ops = accounts.map((account): KeyringOp => ({ op: 'delete', account }));
    if (ops.length > 0) await run(ops, options.rollbackTimeoutMs ?? DEFAULT_KEYRING_ROLLBACK_TIMEOUT_MS).catch(() => undefined);
  };
  const failed = (answers: readonly KeyringAnswer[]): string | undefined =>
    answers.map((answer) => (answer.ok ? undefined : keyringProblem(answer.error))).find((error) => error !== undefined);

  return {
    async get(accounts) {
      if (accounts.length === 0) return [];
      const answers = await run(accounts.map((account) => ({ op: 'get', account })));
      const error = failed(answers);
      if (error !== undefined) throw new KeyringUnavailable(error);
      return answers.map((answer) => (answer.ok && typeof answer.value === 'string' ? answer.value : null));
    },
    async set(entries) {
      if (entries.length === 0) return;
      let answers: KeyringAnswer[];
      try {
        answers = await run(entries.map(({ account, password }) => ({ op: 'set', account, password })));
      } catch (error) {
        // Timed out or ended: any of them may have been stored.
        await undo(entries.map((entry) => entry.account));
        throw error;
      }
      const error = failed(answers);
      if (error === undefined) return;
      await undo(entries.filter((_, index) => answers[index]?.ok === true).map((entry) => entry.account));
      throw new KeyringUnavailable(error);
    },
    async delete(accounts) {
      if (accounts.length === 0) return;
      const error = failed(await run(accounts.map((account) => ({ op: 'delete', account }))));
      if (error !== undefined) throw new KeyringUnavailable(error);
    },
  };
}

function defaultScript(): string {
  return fileURLToPath(new URL('./keyring-child.js', import.meta.url));
}

/** The library's D-Bus messages a person cannot act on, in words, each with what to do. */
const IN_WORDS: readonly (readonly [RegExp, string])[] = [
  [
    /org\.freedesktop\.secrets was not provided|ServiceUnknown/,
    'no Secret Service is running in this session: no keyring program such as gnome-keyring or KeePassXC answers',
  ],
  [
    /DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Unable to autolaunch|Could not connect to the bus|no session bus/i,
    'no Secret Service is running: this session has no D-Bus session bus (as over SSH or in cron), so there is no keyring to reach',
  ],
  [/unlock prompt was dismissed/, 'the keyring is locked, and its unlock prompt was dismissed or could not be shown'],
];

/** Why the keyring failed, in words where the library's message is D-Bus jargon; else its first sentence. */
export function keyringProblem(message: string): string {
  const known = IN_WORDS.find(([pattern]) => pattern.test(message));
  return known === undefined ? firstSentence(message) : known[1];
}

/**
 * The library's message to its first sentence, e.g. "Platform failure: DBus
 * error: Did not receive a reply" of "… a reply. Possible causes include: …".
 */
function firstSentence(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  const end = text.indexOf('. ');
  return (end === -1 ? text : text.slice(0, end)).replace(/\.+$/, '').slice(0, 200);
}

/** Every op's answer, or the answers up to and including the first failure. */
async function runHelper(ops: readonly KeyringOp[], options: ChildKeyringOptions, timeoutMs: number): Promise<KeyringAnswer[]> {
  // Loaded here: a run that never asks the keyring (credentials from the
  // environment, BALANCE_KEYRING=off) loads no node:child_process.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(options.execPath ?? process.execPath, [options.script ?? defaultScript()], {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const answers: KeyringAnswer[] = [];
    let pending = '';
    let stderr = '';
    let fatal: string | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (error !== undefined) reject(error);
      else resolve(answers);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (answers.length === ops.length) finish();
        else finish(new KeyringUnavailable(`the keyring did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
    };

    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        const parsed = parseLine(line);
        if (parsed === undefined) continue;
        if ('fatal' in parsed) fatal = parsed.fatal;
        else {
          answers.push(parsed);
          if (!parsed.ok) return finish(); // the helper's last answer
        }
        arm();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 4_000) stderr += chunk;
    });
    child.on('error', (error) => finish(new KeyringUnavailable(`the keyring helper could not start (${error.message})`)));
    child.on('close', (code, signal) => {
      if (fatal !== undefined) return finish(new KeyringUnavailable(fatal));
      if (answers.length === ops.length) return finish();
      const lastLine = stderr.trim().split('\n').filter(Boolean).at(-1);
      const how = signal === null ? `exited with code ${code}` : `was ended by ${signal}`;
      finish(new KeyringUnavailable(`the keyring helper ${how}${lastLine === undefined ? '' : `: ${lastLine.slice(0, 200)}`}`));
    });
    child.stdin.on('error', () => undefined); // an early exit is reported by 'close'
    arm();
    child.stdin.end(JSON.stringify({ service: KEYRING_SERVICE, ops }));
  });
}

function parseLine(line: string): KeyringAnswer | { fatal: string } | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    if ('fatal' in value && typeof value.fatal === 'string') return { fatal: value.fatal };
    if ('ok' in value && value.ok === true && 'value' in value) {
      const answer = value.value;
      if (answer === null || typeof answer === 'string' || typeof answer === 'boolean') return { ok: true, value: answer };
    }
    if ('ok' in value && value.ok === false && 'error' in value && typeof value.error === 'string') return { ok: false, error: value.error };
  } catch {
    // Not an answer line.
  }
  return undefined;
}
