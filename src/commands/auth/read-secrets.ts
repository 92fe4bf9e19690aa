// The secrets for `balance auth login`: asked at a prompt that does not echo
// on a terminal, or read from stdin one per line with --with-stdin. Never
// from flags. Every secret read is registered for redaction at once. (On a
// terminal --with-stdin is refused by login: it would echo.)
import { usageError } from '../../base/errors.js';
import { registerSecret } from '../../base/redact.js';
import type { Provider } from '../../providers/types.js';
import type { Io } from '../../terminal/io.js';
import type { Prompter } from '../../terminal/prompt.js';
import type { Credentials, SecretSpec } from '../../base/settings.js';

const MAX_SECRET_LENGTH = 4096;

export function secretOrder(provider: Provider): string {
  return provider.secrets.map((secret) => secret.label).join(', ');
}

/**
 * `--with-stdin`: one secret per line, in the provider's order, then the
 * `extra` ones (a saved proxy's password); nothing else.
 */
export function secretsFromText(provider: Provider, text: string, extra: readonly SecretSpec[] = []): Credentials {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  const specs = [...provider.secrets, ...extra];
  const order = specs.map((secret) => secret.label).join(', ');
  if (lines.length !== specs.length) {
    throw usageError(
      `--with-stdin expects ${specs.length} lines on stdin, got ${lines.length}.`,
      `Give one per line, in this order: ${order}.`,
    );
  }
  const values: Record<string, string> = {};
  specs.forEach((secret, index) => {
    values[secret.key] = checkSecret(secret, lines[index] ?? '', `line ${index + 1} of stdin`);
  });
  return values;
}

/** Asks for each secret without echo. */
export async function secretsFromPrompt(provider: Provider, prompter: Prompter, extra: readonly SecretSpec[] = []): Promise<Credentials> {
  const values: Record<string, string> = {};
  for (const secret of [...provider.secrets, ...extra]) {
    const title = extra.includes(secret) ? secret.label.replace(/^./, (first) => first.toUpperCase()) : `${provider.title} ${secret.label}`;
    const answer = await prompter.ask(`${title}: `, { hidden: true });
    values[secret.key] = checkSecret(secret, answer, 'the answer');
  }
  return values;
}

export async function readSecrets(
  provider: Provider,
  withStdin: boolean,
  io: Io,
  prompter: () => Promise<Prompter>,
  extra: readonly SecretSpec[] = [],
): Promise<Credentials> {
  // Reading stops after the last line expected; a line already sent after it is still refused below.
  if (withStdin) return secretsFromText(provider, await io.readStdin(provider.secrets.length + extra.length), extra);
  if (!io.stdinIsTTY) {
    throw usageError(
      'stdin is not a terminal, so balance cannot ask for the secrets.',
      `Use --with-stdin and give them one per line: ${[secretOrder(provider), ...extra.map((secret) => secret.label)].join(', ')}.`,
    );
  }
  return secretsFromPrompt(provider, await prompter(), extra);
}

function checkSecret(secret: SecretSpec, raw: string, where: string): string {
  const value = raw.trim();
  registerSecret(value);
  if (value === '') throw usageError(`The ${secret.label} is empty (${where}).`);
  // The value itself is never quoted back.
  if (/[\u0000-\u001f\u007f\s]/.test(value)) throw usageError(`The ${secret.label} contains spaces or control characters (${where}).`);
  if (value.length > MAX_SECRET_LENGTH) throw usageError(`The ${secret.label} is longer than ${MAX_SECRET_LENGTH} characters (${where}).`);
  return value;
}
