// Errors the user sees, and the exit code each one ends the process with.
import { redact } from './redact.js';

export const ExitCode = {
  ok: 0,
  /** provider, network or unexpected response */
  provider: 1,
  /** usage or bad input */
  usage: 2,
  /** missing or rejected credentials */
  credentials: 4,
  /** a `balance check` condition is breached */
  breached: 5,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind =
  | 'usage' // the command line or an input is wrong
  | 'config' // a stored file is unreadable or broken
  | 'auth' // credentials missing or rejected
  | 'provider' // the provider answered with an error
  | 'network' // no answer: refused, reset, timed out
  | 'response'; // an answer we cannot understand

const EXIT_BY_KIND: Record<ErrorKind, ExitCodeValue> = {
  usage: ExitCode.usage,
  config: ExitCode.usage,
  auth: ExitCode.credentials,
  provider: ExitCode.provider,
  network: ExitCode.provider,
  response: ExitCode.provider,
};

export interface BalanceErrorOptions {
  /** What to do about it: the second line of the message. */
  hint?: string;
  /** Provider name, when the error belongs to one. */
  provider?: string;
  /** The provider's own error code, as text. */
  code?: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Whether repeating the same read may succeed (5xx, 429, network). */
  retryable?: boolean;
  cause?: unknown;
}

/** An error meant for the user: one line of what happened, one of what to do. */
export class BalanceError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly provider: string | undefined;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(kind: ErrorKind, message: string, options: BalanceErrorOptions = {}) {
    // A provider may echo what it was sent; no loaded secret survives into a
    // message, whichever output (stderr, JSON `errors`) it later reaches.
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BalanceError';
    this.kind = kind;
    this.hint = options.hint === undefined ? undefined : redact(options.hint);
    this.provider = options.provider;
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }

  get exitCode(): ExitCodeValue {
    return EXIT_BY_KIND[this.kind];
  }
}

export const usageError = (message: string, hint?: string): BalanceError =>
  new BalanceError('usage', message, hint === undefined ? {} : { hint });

export function isBalanceError(error: unknown): error is BalanceError {
  return error instanceof BalanceError;
}
