// A real terminal for end-to-end tests: the built binary runs in a tmux pane
// (its own tmux server, on its own socket), and the test reads the screen,
// types keys and asks tmux about the terminal's state.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { allOutputs, binaryArgs, isolatedEnv, logRun } from './harness.js';

const run = promisify(execFile);

export function hasTmux(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, 'tmux')));
}

export interface TmuxPane {
  /** The screen as text (with colour escapes when `escapes`). */
  screen(options?: { escapes?: boolean }): Promise<string>;
  /** Waits until the screen satisfies `test`; returns it. */
  waitFor(test: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Types keys, in tmux send-keys notation ("q", "C-c"). */
  keys(...keys: string[]): Promise<void>;
  /** A tmux format of the pane, e.g. "#{alternate_on}". */
  format(format: string): Promise<string>;
  /** Waits for balance to end; its exit code and `stty -a` of the terminal just after. */
  exited(timeoutMs?: number): Promise<{ code: number; stty: string }>;
  close(): Promise<void>;
}

let sessions = 0;

/**
 * Starts `balance ARGS` in a fresh tmux server, in a terminal of the given
 * size; with `stderrFile`, its stderr goes to that file instead (2>file).
 */
export function startInTmux(
  args: readonly string[],
  env: Record<string, string | undefined>,
  size: { columns: number; rows: number } = { columns: 120, rows: 60 },
  options: { stderrFile?: string; uid?: number } = {},
): Promise<TmuxPane> {
  const environment = Object.entries(isolatedEnv(env)).map(([key, value]) => `${key}=${quote(value)}`);
  const redirect = options.stderrFile === undefined ? '' : ` 2>${quote(options.stderrFile)}`;
  // As another user (a store owned by someone else): through setpriv, as the harness does.
  const asUser = options.uid === undefined ? '' : `setpriv --reuid ${options.uid} --regid ${options.uid} --clear-groups `;
  return open(
    (dir) => [
      `env -i TERM="$TERM" ${environment.join(' ')} ${asUser}${quote(process.execPath)} ${binaryArgs(args, { otherUser: options.uid !== undefined }).map(quote).join(' ')}${redirect}`,
      // After balance ends, the pane stays open with the terminal as balance left it.
      `echo $? > ${quote(join(dir, 'exit'))}`,
      `stty -a > ${quote(join(dir, 'stty'))}`,
      'sleep 600',
    ],
    size,
  );
}

/** Starts an interactive shell (e.g. ["zsh", "-i"]) with exactly this environment, for completion tests. */
export function startShellInTmux(
  argv: readonly string[],
  env: Record<string, string>,
  size: { columns: number; rows: number } = { columns: 120, rows: 30 },
): Promise<TmuxPane> {
  const environment = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`);
  return open(() => [`exec env -i TERM="$TERM" ${environment.join(' ')} ${argv.map(quote).join(' ')}`], size);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

async function open(script: (dir: string) => string[], size: { columns: number; rows: number }): Promise<TmuxPane> {
  const dir = mkdtempSync(join(tmpdir(), 'balance-tmux-'));
  const socket = `balance-e2e-${process.pid}-${++sessions}`;
  // Everything written to the pane is logged for the suite's secret grep
  // (test/e2e/outputs.ts): the script waits until the pipe is attached.
  const log = join(dir, 'pane.log');
  const go = join(dir, 'go');
  writeFileSync(join(dir, 'run.sh'), `while [ ! -e ${quote(go)} ]; do sleep 0.02; done\n${script(dir).join('\n')}\n`);
  const tmux = (...tmuxArgs: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...tmuxArgs]);
  await tmux('new-session', '-d', '-s', 'e2e', '-x', String(size.columns), '-y', String(size.rows), `sh ${quote(join(dir, 'run.sh'))}`);
  await tmux('pipe-pane', '-t', 'e2e', `cat >> ${quote(log)}`);
  writeFileSync(go, '');

  const pane: TmuxPane = {
    async screen(options = {}) {
      const { stdout } = await tmux('capture-pane', '-p', ...(options.escapes === true ? ['-e'] : []), '-t', 'e2e');
      allOutputs.push(stdout);
      return stdout;
    },
    async waitFor(test, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await pane.screen();
        if (test(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the screen never showed ${what}; it shows:\n${last}`);
    },
    async keys(...keys) {
      await tmux('send-keys', '-t', 'e2e', ...keys);
    },
    async format(format) {
      const { stdout } = await tmux('display-message', '-p', '-t', 'e2e', format);
      return stdout.trim();
    },
    async exited(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const exitFile = join(dir, 'exit');
      const sttyFile = join(dir, 'stty');
      while (Date.now() < deadline) {
        if (existsSync(sttyFile) && readFileSync(sttyFile, 'utf8').includes('icanon')) {
          return { code: Number(readFileSync(exitFile, 'utf8').trim()), stty: readFileSync(sttyFile, 'utf8') };
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`balance did not end within ${timeoutMs} ms; the screen shows:\n${await pane.screen()}`);
    },
    async close() {
      await tmux('kill-server').catch(() => undefined);
      logRun({ args: ['(tmux pane)'], stdout: existsSync(log) ? readFileSync(log, 'utf8') : '', stderr: '' });
    },
  };
  return pane;
}
