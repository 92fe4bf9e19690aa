// Transport faults shared by the fake provider servers: how an answer is
// delivered, or not. The servers decide *what* to answer (a success, an
// error code, a broken body); a fault here decides how it travels — late,
// never, cut off, dribbled, or far too large.
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

export interface TransportFault {
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** Accept the request and never answer (the connection stays open). */
  readonly hang?: boolean;
  /** Close the connection without answering. */
  readonly hangUp?: boolean;
  /** Reset the connection (TCP RST) without answering. */
  readonly reset?: boolean;
  /** Send status and headers, then the body one byte at a time this often, forever. */
  readonly dribbleMs?: number;
  /** Send a body of this many bytes (a JSON string of padding), as fast as the client reads. */
  readonly hugeBytes?: number;
  /** Declare this Content-Length for a huge body instead of streaming it chunked. */
  readonly declareLength?: boolean;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a server decided to answer. */
export interface Delivery {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
  /** The server's clock, for the Date header. */
  readonly clock: () => number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends `delivery`, or fails to, the way `fault` says. */
export async function deliver(req: IncomingMessage, res: ServerResponse, delivery: Delivery, fault: TransportFault = {}): Promise<void> {
  if (fault.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
  if (fault.hang === true) return;
  if (fault.reset === true) {
    req.socket.resetAndDestroy();
    return;
  }
  if (fault.hangUp === true) {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = {
    'content-type': delivery.contentType,
    // The server's own clock, shifted or not: clients read it to measure skew.
    date: new Date(delivery.clock()).toUTCString(),
    ...delivery.headers,
    ...fault.headers,
  };
  if (fault.dribbleMs !== undefined) {
    res.writeHead(delivery.status, headers);
    res.write('{');
    const timer = setInterval(() => {
      if (res.destroyed) clearInterval(timer);
      else res.write(' ');
    }, fault.dribbleMs);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (fault.hugeBytes !== undefined) {
    await sendHuge(res, delivery.status, headers, fault.hugeBytes, fault.declareLength === true);
    return;
  }
  res.writeHead(delivery.status, headers);
  res.end(delivery.body);
}

async function sendHuge(res: ServerResponse, status: number, headers: Record<string, string>, size: number, declare: boolean): Promise<void> {
  res.writeHead(status, declare ? { ...headers, 'content-length': String(size) } : headers);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  if (!res.write('"')) await drained(res);
  sent += 1;
  while (sent < size - 1 && !res.destroyed) {
    const piece = chunk.subarray(0, Math.min(chunk.length, size - 1 - sent));
    sent += piece.length;
    if (!res.write(piece)) await drained(res);
  }
  if (!res.destroyed) res.end('"');
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The corpus of broken bodies: test/fixtures/broken/, described by corpus.json.

const CORPUS_DIR = join(import.meta.dirname, '../fixtures/broken');

export interface CorpusEntry {
  /** File name in test/fixtures/broken/. */
  readonly file: string;
  /** What is wrong with it. */
  readonly what: string;
  readonly contentType: string;
  /** The first stderr line expected, per provider it is meant for. */
  readonly expect: Readonly<Partial<Record<'okx' | 'longport', string>>>;
}

export function corpus(): CorpusEntry[] {
  const entries = JSON.parse(readFileSync(join(CORPUS_DIR, 'corpus.json'), 'utf8')) as CorpusEntry[];
  const files = new Set(readdirSync(CORPUS_DIR).filter((name) => name !== 'corpus.json'));
  for (const entry of entries) if (!files.delete(entry.file)) throw new Error(`corpus.json lists a missing file: ${entry.file}`);
  if (files.size > 0) throw new Error(`files missing from corpus.json: ${[...files].join(', ')}`);
  return entries;
}

/** A corpus body, byte for byte (some are not valid UTF-8 on purpose). */
export function corpusBody(file: string): Buffer {
  return readFileSync(join(CORPUS_DIR, file));
}
