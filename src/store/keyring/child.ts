// The keyring helper: a separate, short-lived process (dist/keyring-child.js)
// that talks to the OS keyring through @napi-rs/keyring. It exists so that a
// keyring call that hangs (a stuck D-Bus) can be ended: a blocked native call
// cannot be interrupted inside a process — not even process.exit() returns
// while a thread is stuck in one — but a child process can be killed.
import { runKeyringOps, type EntryFactory, type KeyringFatal, type KeyringRequest } from './protocol.js';

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

const write = (line: unknown): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const request = JSON.parse(await readStdin()) as KeyringRequest;
let entryFor: EntryFactory;
try {
  const { Entry } = await import('@napi-rs/keyring');
  // On Linux, only the Secret Service persists: the kernel keyring (the
  // library's fallback) forgets everything at logout or reboot.
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  entryFor = (service, account) => new Entry(service, account, options);
} catch (error) {
  const fatal: KeyringFatal = { fatal: `the keyring module could not be loaded (${error instanceof Error ? error.message : String(error)})` };
  write(fatal);
  process.exit(0);
}
runKeyringOps(entryFor, request, write);
