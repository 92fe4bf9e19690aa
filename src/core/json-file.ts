// balance's JSON files, read and written through conf: atomic writes (a temp
// file renamed over the old one) with mode 0600, in a directory of mode 0700.
// A file balance cannot read is never reset: conf's clearInvalidConfig stays
// off, and a file that is not what balance wrote stops the command (exit 2)
// with its path and what is wrong, leaving it byte-for-byte as it was.
import { chmodSync, existsSync, mkdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { parse } from 'lossless-json';
import { BalanceError } from './errors.js';

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
  if (!existsSync(spec.path)) return spec.empty();
  return readData(spec, await openConf(spec));
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
  } catch (error) {
    throw new FileProblem(`it is not valid JSON: ${describeJsonError(error, text)}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new FileProblem('it is not a JSON object');
  return document;
}

/**
 * Where and why a text is not JSON, without quoting the text (it may hold a
 * secret): V8 quotes a snippet, so lossless-json, which gives a position,
 * describes it instead.
 */
export function describeJsonError(error: unknown, text: string): string {
  if (text.trim() === '') return 'the file is empty';
  let message = error instanceof Error ? error.message : String(error);
  try {
    parse(text);
  } catch (described) {
    if (described instanceof Error) message = described.message;
  }
  const position = /at position (\d+)/.exec(message);
  const what = message
    .replace(/ at position \d+.*$/s, '')
    .replace(/ in JSON$/, '')
    .replace(/, (\.\.\.)?".*$/s, '') // V8's snippet, should lossless-json have passed the text
    .replace(/ '[^'\s{}[\],:"]'/g, ' a character'); // a letter of a secret is not quoted either
  if (position?.[1] === undefined) return what;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${what} at line ${line}, column ${column}`;
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
