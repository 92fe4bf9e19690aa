// balance's JSON files: read directly (one read, one parse, one check), and
// written through conf: atomic writes (a temp file renamed over the old one)
// with mode 0600, in a directory of mode 0700. Reading does not load conf,
// which a run that only reads its settings (every `show`) need not pay for.
// A file balance cannot read is never reset: conf's clearInvalidConfig stays
// off, and a file that is not what balance wrote stops the command (exit 2)
// with its path and what is wrong, leaving it byte-for-byte as it was.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { parse } from 'lossless-json';
import { BalanceError } from '../base/errors.js';

export interface JsonFileSpec<T> {
  readonly path: string;
  /** What the file holds, for messages: "settings file". */
  readonly what: string;
  /** Checks a parsed document and returns its data; throws FileProblem. */
  readonly parse: (document: unknown) => T;
  /** The data of a file that does not exist yet. */
  readonly empty: () => T;
  /** The document to write. */
  readonly serialize: (data: T) => Record<string, unknown>;
  /** When true for the data to write, the file is removed instead. */
  readonly removeWhen?: (data: T) => boolean;
}

/** What is wrong with a file's content, in words that carry none of it. */
export class FileProblem extends Error {}

/** Reads a file; a missing file is `spec.empty()`. */
export async function readJsonFile<T>(spec: JsonFileSpec<T>): Promise<T> {
  let text: string;
  try {
    text = readFileSync(spec.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return spec.empty();
    throw readError(spec, error);
  }
  try {
    return spec.parse(parseDocument(text));
  } catch (error) {
    throw readError(spec, error);
  }
}

/**
 * Read-modify-write. The caller holds the lock (file-lock.ts), so no other
 * balance process writes in between; the write itself is atomic.
 */
export async function updateJsonFile<T>(spec: JsonFileSpec<T>, change: (current: T) => T): Promise<T> {
  ensurePrivateDirectory(dirname(spec.path));
  const conf = await openConf(spec);
  const next = change(existsSync(spec.path) ? readData(spec, conf) : spec.empty());
  if (spec.removeWhen?.(next) === true) {
    if (existsSync(spec.path)) unlinkSync(spec.path);
    return next;
  }
  try {
    conf.store = spec.serialize(next);
  } catch (error) {
    throw fileError(spec, `could not be written: ${systemReason(error)}`, 'Check the permissions of the directory and the free disk space.', error);
  }
  return next;
}

/** Creates the directory with mode 0700, or narrows an existing one to it. */
export function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/**
 * A file that must be private (mode 0600 in a 0700 directory) and is open to
 * other users is narrowed to that, when it and its directory are ours. Says
 * what was found and done, for the user, or null when it was private already
 * (or does not exist, or on Windows, where modes do not apply). A file that
 * others could read may have been read: the words say so.
 */
export function narrowPrivateFile(path: string, what: string): string | null {
  if (process.platform === 'win32' || !existsSync(path)) return null;
  const uid = process.getuid?.();
  const open = [
    { path, kind: 'file', wanted: 0o600, stat: statSync(path) },
    { path: dirname(path), kind: 'directory', wanted: 0o700, stat: statSync(dirname(path)) },
  ].filter((entry) => (entry.stat.mode & 0o077) !== 0);
  if (open.length === 0) return null;
  const done: string[] = [];
  const left: string[] = [];
  for (const entry of open) {
    const fix = `chmod ${octal(entry.wanted)} ${entry.path}`;
    if (uid !== undefined && entry.stat.uid !== uid) {
      left.push(`the ${entry.kind} is another user's (${fix} as its owner)`);
      continue;
    }
    try {
      chmodSync(entry.path, entry.wanted);
      done.push(`${entry.kind} ${octal(entry.wanted)}`);
    } catch (error) {
      left.push(`the ${entry.kind}: ${systemReason(error)} (${fix})`);
    }
  }
  const readable = open.some((entry) => entry.kind === 'file' && (entry.stat.mode & 0o044) !== 0);
  return (
    `the ${what} ${path} was open to other users (${open.map((entry) => `${entry.kind} ${octal(entry.stat.mode)}`).join(', ')})` +
    (done.length > 0 ? `; balance made it private (${done.join(', ')})` : '') +
    (left.length > 0 ? `; balance could not make it private: ${left.join('; ')}` : '') +
    '.' +
    (readable ? ' Anyone else who can use this machine may have read it: if so, replace the keys in it.' : '')
  );
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

type ConfStore = { store: Record<string, unknown> };

async function openConf<T>(spec: JsonFileSpec<T>): Promise<ConfStore> {
  const { default: Conf } = await import('conf');
  const extension = extname(spec.path);
  try {
    return new Conf<Record<string, unknown>>({
      cwd: dirname(spec.path),
      configName: basename(spec.path, extension),
      fileExtension: extension.replace(/^\./, ''),
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      watch: false,
      serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
      // Runs on every read: a document balance did not write is refused here,
      // before conf could act on it.
      deserialize: (text) => {
        const document = parseDocument(text);
        spec.parse(document);
        return document as Record<string, unknown>;
      },
    });
  } catch (error) {
    throw readError(spec, error);
  }
}

function readData<T>(spec: JsonFileSpec<T>, conf: ConfStore): T {
  try {
    return spec.parse(conf.store);
  } catch (error) {
    throw readError(spec, error);
  }
}

function parseDocument(text: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new FileProblem(`it is not valid JSON: ${describeJsonError(text)}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new FileProblem('it is not a JSON object');
  return document;
}

/**
 * What lossless-json can say is wrong, each in fixed words. Its messages quote
 * the file ("Invalid escape character '\\e'", "but got 'x'", a raw tab), so
 * only the kind of problem is taken from them, never their text. The longer
 * of two patterns that share a start comes first.
 */
const JSON_PROBLEMS: readonly (readonly [RegExp, string])[] = [
  [/^Object value expected after ':'/, "Object value expected after ':'"],
  [/^Comma ',' expected after value/, "Comma ',' expected after value"],
  [/^Colon ':' expected after property name/, "Colon ':' expected after property name"],
  [/^Quoted object key or end of object '}' expected/, "Quoted object key or end of object '}' expected"],
  [/^Quoted object key expected/, 'Quoted object key expected'],
  [/^Array item or end of array '\]' expected/, "Array item or end of array ']' expected"],
  [/^Array item expected/, 'Array item expected'],
  [/^JSON value expected/, 'JSON value expected'],
  [/^Expected end of input/, 'Text after the end of the JSON value'],
  [/^Invalid number/, 'Invalid number'],
  [/^End of string '"' expected/, 'End of string \'"\' expected'],
  [/^Invalid character/, 'Control character inside a string'],
  [/^Invalid escape character/, 'Invalid escape sequence inside a string'],
  [/^Invalid unicode character/, 'Invalid \\u escape inside a string'],
];

/**
 * Where and why a text is not JSON, in words that carry none of it (it may
 * hold a secret): a fixed description of the problem and its line and column.
 * V8's message quotes a snippet and is never used; lossless-json gives the
 * position, and its kind of problem is looked up in JSON_PROBLEMS.
 */
export function describeJsonError(text: string): string {
  if (text.trim() === '') return 'the file is empty';
  let message = '';
  try {
    // Duplicate keys are valid JSON (JSON.parse keeps the last): not the problem.
    parse(text, undefined, { onDuplicateKey: ({ newValue }) => newValue });
  } catch (described) {
    if (described instanceof Error) message = described.message;
  }
  const what = JSON_PROBLEMS.find(([pattern]) => pattern.test(message))?.[1] ?? 'A syntax error';
  const ended = message.includes('but reached end of input') ? ' (the file ends there)' : '';
  const position = /at position (\d+)$/.exec(message)?.[1];
  if (position === undefined) return `${what}${ended}`;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${what}${ended} at line ${line}, column ${column}`;
}

function readError<T>(spec: JsonFileSpec<T>, error: unknown): BalanceError {
  if (error instanceof FileProblem) {
    return fileError(spec, `is not usable: ${error.message}`, 'Fix or move the file; balance leaves it as it is.', error);
  }
  return fileError(spec, `could not be read: ${systemReason(error)}`, 'Check that it is a file you can read.', error);
}

function fileError<T>(spec: JsonFileSpec<T>, problem: string, hint: string, cause: unknown): BalanceError {
  return new BalanceError('config', `The ${spec.what} ${spec.path} ${problem}.`, { hint, cause });
}

function systemReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a directory',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only',
  };
  if (typeof code === 'string') return reasons[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}
