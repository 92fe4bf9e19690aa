// A private Secret Service for end-to-end tests of the system keyring: a D-Bus
// session bus of its own (dbus-daemon with its own configuration: no service
// activation, so nothing but what the test starts ever appears on it) and a
// gnome-keyring-daemon on it, whose HOME and XDG directories are in a
// temporary directory. The real user's keyring and session bus are never
// reached: `balance` gets this bus's address and nothing else of the session.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a session needs; .ci/run installs them (gnome-keyring, libsecret-tools). */
export const SECRET_SERVICE_TOOLS = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'] as const;

export function missingSecretServiceTools(): string[] {
  const dirs = (process.env.PATH ?? '').split(':').filter((dir) => dir !== '');
  return SECRET_SERVICE_TOOLS.filter((tool) => !dirs.some((dir) => existsSync(join(dir, tool))));
}

/**
 * - unlocked: a keyring daemon whose login collection is created and unlocked
 * - locked: the same, then locked (as when a desktop session locks it); unlocking needs a prompt, and there is none
 * - absent: the bus alone, no Secret Service on it
 */
export type KeyringState = 'unlocked' | 'locked' | 'absent';

export interface SecretService {
  /** What `balance` needs to reach this Secret Service. */
  readonly env: { readonly DBUS_SESSION_BUS_ADDRESS: string };
  /** The password stored under service "balance", account ACCOUNT, as secret-tool reads it; null when there is none. */
  lookup(account: string): Promise<string | null>;
  /** The accounts of every item of service "balance", sorted (readable even when locked). */
  accounts(): Promise<string[]>;
  /** Removes the item of service "balance", account ACCOUNT, as a user would with secret-tool or seahorse. */
  clear(account: string): Promise<void>;
  /** Locks the login collection, as a desktop session does when its screen locks. */
  lock(): Promise<void>;
  /** Stops the keyring daemon or the bus itself with SIGSTOP: calls to it hang. */
  pause(what: 'keyring' | 'bus'): void;
  resume(): void;
  close(): Promise<void>;
}

const SECRETS_NAME = 'org.freedesktop.secrets';
const LOGIN_COLLECTION = '/org/freedesktop/secrets/collection/login';

export async function startSecretService(state: KeyringState): Promise<SecretService> {
  const root = mkdtempSync(join(tmpdir(), 'balance-secret-service-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: root,
    XDG_RUNTIME_DIR: join(root, 'run'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
    LANG: 'C.UTF-8',
  };
  mkdirSync(env.XDG_RUNTIME_DIR!, { mode: 0o700 });
  const config = join(root, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(root, 'bus')}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );

  const processes: ChildProcess[] = [];
  const stderr = new Map<ChildProcess, string>();
  const start = (command: string, args: string[], input?: string): ChildProcess => {
    const child = spawn(command, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    stderr.set(child, '');
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.set(child, (stderr.get(child)! + chunk).slice(-4_000)));
    child.on('error', () => undefined); // reported by the waits below
    if (input !== undefined) child.stdin!.on('error', () => undefined).end(input);
    processes.push(child);
    return child;
  };
  const close = async (): Promise<void> => {
    for (const child of processes.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL'); // also ends a stopped process
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const bus = start('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1']);
    const address = await firstLine(bus, () => `dbus-daemon did not start: ${stderr.get(bus)}`);
    env.DBUS_SESSION_BUS_ADDRESS = address;
    const dbusSend = (...args: string[]) => run('dbus-send', ['--session', '--print-reply', ...args], { env, timeout: 10_000 });

    let keyring: ChildProcess | undefined;
    if (state !== 'absent') {
      // --unlock reads the login keyring's password from stdin and creates that keyring, unlocked.
      keyring = start('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], 'e2e-login-keyring-password');
      await waitUntil(async () => {
        const { stdout } = await dbusSend('--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${SECRETS_NAME}`);
        return stdout.includes('boolean true');
      }, () => `gnome-keyring-daemon did not appear on the bus: ${stderr.get(keyring!)}`);
      // The login collection is created on first use: store an item of another service, so that it exists to lock.
      await run('sh', ['-c', 'printf x | secret-tool store --label=e2e service balance-e2e-setup username setup'], { env, timeout: 10_000 });
    }
    const lock = async (): Promise<void> => {
      await dbusSend(`--dest=${SECRETS_NAME}`, '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `array:objpath:${LOGIN_COLLECTION}`);
    };
    if (state === 'locked') await lock();

    let paused: ChildProcess | undefined;
    return {
      lock,
      env: { DBUS_SESSION_BUS_ADDRESS: address },
      async lookup(account) {
        try {
          const { stdout } = await run('secret-tool', ['lookup', 'service', 'balance', 'username', account], { env, timeout: 10_000 });
          return stdout;
        } catch (error) {
          if ((error as { code?: unknown }).code === 1) return null; // no such item
          throw error;
        }
      },
      async clear(account) {
        await run('secret-tool', ['clear', 'service', 'balance', 'username', account], { env, timeout: 10_000 });
      },
      async accounts() {
        // secret-tool prints the attributes on stderr and the rest on stdout.
        const { stdout, stderr: attributes } = await run('secret-tool', ['search', '--all', 'service', 'balance'], { env, timeout: 10_000 });
        return [...`${stdout}\n${attributes}`.matchAll(/^attribute\.username = (.*)$/gm)].map((match) => match[1]!).sort();
      },
      pause(what) {
        paused = what === 'bus' ? bus : keyring;
        if (paused === undefined) throw new Error('there is no keyring daemon to pause');
        paused.kill('SIGSTOP');
      },
      resume() {
        paused?.kill('SIGCONT');
        paused = undefined;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function firstLine(child: ChildProcess, failure: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(failure())), 10_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const newline = text.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      resolve(text.slice(0, newline).trim());
    });
    const failed = (): void => {
      clearTimeout(timer);
      reject(new Error(failure()));
    };
    child.on('error', failed).on('exit', failed);
  });
}

async function waitUntil(test: () => Promise<boolean>, failure: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(failure());
}
