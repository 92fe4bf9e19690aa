// OKX error codes → errors that say what happened and what to do.
// Codes and HTTP statuses: ../shared/reference/okx.md, "Errors".
import { BalanceError, type ErrorKind } from '../../base/errors.js';
import { isRetryableStatus } from '../../net/retry.js';
import { notFoundError } from '../../net/response.js';
import { serverText } from '../../base/text.js';

const PROVIDER = 'okx';

interface Known {
  readonly kind: ErrorKind;
  /** What happened; " (code)." is appended. */
  readonly what: string;
  readonly hint: string;
  readonly retryable?: boolean;
}

// Hints name the secret, not where it came from: it may be the environment,
// a stored profile or what `auth login` was just given
// (`balance auth status` says which).
const CHECK_KEY = 'Check the API key: it must be an OKX API v5 key.';
const CHECK_SECRET = 'Check the API secret and the API passphrase.';
const CLOCK = 'Synchronise the system clock (enable NTP, or `sudo timedatectl set-ntp true`) and try again.';
const LATER = 'Try again in a few seconds.';

const KNOWN: Readonly<Record<string, Known>> = {
  '50001': { kind: 'provider', what: 'OKX is temporarily unavailable', hint: LATER, retryable: true },
  '50011': { kind: 'provider', what: 'OKX rate limit reached', hint: LATER, retryable: true },
  '50013': { kind: 'provider', what: 'OKX is busy', hint: LATER, retryable: true },
  '50101': {
    kind: 'auth',
    what: 'OKX says the API key does not match the environment (demo trading vs live)',
    hint: 'A demo-trading key needs --demo-trading (or OKX_DEMO_TRADING=1); a live key must not use it.',
  },
  '50102': { kind: 'provider', what: 'OKX rejected the request timestamp as expired: the system clock is more than 30 s off', hint: CLOCK },
  '50103': { kind: 'auth', what: 'OKX received an empty API key', hint: 'Give the API key.' },
  '50104': { kind: 'auth', what: 'OKX received an empty passphrase', hint: 'Give the API passphrase.' },
  '50105': {
    kind: 'auth',
    what: 'OKX rejected the API passphrase',
    hint: 'Check the API passphrase: it is the one chosen when the API key was created, not the login password.',
  },
  '50106': { kind: 'auth', what: 'OKX received an empty signature', hint: 'Give the API secret.' },
  '50107': { kind: 'auth', what: 'OKX received an empty timestamp', hint: CLOCK },
  '50110': {
    kind: 'auth',
    what: "OKX refused this IP address: it is not on the API key's allow list",
    hint: "Add this machine's public IP address to the key's allow list on OKX, or use a key without an IP restriction.",
  },
  '50111': { kind: 'auth', what: 'OKX rejected the API key as invalid', hint: CHECK_KEY },
  '50112': { kind: 'provider', what: 'OKX rejected the request timestamp format', hint: CLOCK },
  '50113': { kind: 'auth', what: 'OKX rejected the signature', hint: CHECK_SECRET },
  '50114': { kind: 'auth', what: 'OKX rejected the authorization', hint: `${CHECK_SECRET} ${CHECK_KEY}` },
  '50119': {
    kind: 'auth',
    what: "OKX says the API key doesn't exist",
    hint: 'Keys are regional: if your account was opened on my.okx.com use --site eea; app.okx.com: --site us.',
  },
  '50120': {
    kind: 'auth',
    what: 'The OKX API key lacks permission to read the account',
    hint: 'Give the key the Read permission on OKX (API management).',
  },
};

/** An error for an OKX answer whose `code` is not "0". */
export function okxError(code: string, msg: string | null, status: number): BalanceError {
  const known = KNOWN[code];
  if (known !== undefined) {
    return new BalanceError(known.kind, `${known.what} (${code}).`, {
      provider: PROVIDER,
      code,
      status,
      hint: known.hint,
      retryable: known.retryable ?? false,
    });
  }
  const text = serverText(msg);
  return new BalanceError('provider', `OKX answered with error ${code}${text === '' ? '' : `: ${text}`} (HTTP ${status}).`, {
    provider: PROVIDER,
    code,
    status,
    retryable: isRetryableStatus(status),
    hint: isRetryableStatus(status) ? LATER : 'See the OKX API error code list for what it means.',
  });
}

/** An HTTP error status whose body carried no OKX error code. */
export function httpStatusError(status: number): BalanceError {
  if (status === 401) {
    return new BalanceError('auth', 'OKX refused the request as unauthorised (HTTP 401, no error code).', {
      provider: PROVIDER,
      status,
      hint: `${CHECK_SECRET} ${CHECK_KEY}`,
    });
  }
  if (status === 404) return notFoundError('OKX', PROVIDER);
  return new BalanceError('provider', `OKX answered HTTP ${status} without an error code.`, {
    provider: PROVIDER,
    status,
    retryable: isRetryableStatus(status),
    hint: isRetryableStatus(status) ? LATER : 'Check the base URL (--base-url / OKX_BASE_URL) and --site.',
  });
}
