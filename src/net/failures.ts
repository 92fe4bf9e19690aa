// Why a request got no answer, in words: a certificate that cannot be
// trusted, a host name that does not resolve, a refused or unreachable
// connection, a proxy that refused — each naming the host and port (and the
// proxy) and what to do. The errno or OpenSSL code follows in parentheses,
// never alone. Certificate and proxy refusals are final (no retry): repeating
// the request cannot fix them.
import { BalanceError } from '../base/errors.js';
import { describeProxy, type ProxyRoute } from './proxy.js';
import { ProxyFailed, ProxyRefused } from './transport.js';

export interface FailurePlace {
  /** Provider title, e.g. "OKX". */
  readonly provider: string;
  readonly target: URL;
  readonly proxy: ProxyRoute | null;
}

/** "host:port", the port always given (443 and 80 too); IPv6 in brackets. */
export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port === '' ? (url.protocol === 'http:' ? '80' : '443') : url.port}`;
}

/** The innermost code (or message) of an error and its causes. */
export function failureCode(error: unknown): string {
  let current: unknown = error;
  let text = 'unknown error';
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    text = typeof code === 'string' ? code : current.message;
    current = current.cause;
  }
  return text;
}

interface CertificateProblem {
  readonly words: string;
  readonly hint: string;
}

const UNTRUSTED_HINT =
  'If your network inspects HTTPS with its own certificate authority (a company proxy), give that CA in NODE_EXTRA_CA_CERTS=/path/to/ca.pem; otherwise check the base URL — something else answered.';

function certificateProblem(code: string, error: unknown): CertificateProblem | null {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return { words: 'is self-signed, so nothing vouches for it', hint: UNTRUSTED_HINT };
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return { words: 'is issued by a certificate authority this computer does not trust', hint: UNTRUSTED_HINT };
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      // Node's error carries the certificate: say which names it is for.
      const names = (error as { cert?: { subjectaltname?: unknown } }).cert?.subjectaltname;
      return {
        words: `is for another host name${typeof names === 'string' && names !== '' ? ` (${names.replace(/[^\x20-\x7e]/g, '').slice(0, 120)})` : ''}`,
        hint: 'Check the base URL: use the host name the provider documents (or that your proxy’s certificate names).',
      };
    }
    case 'CERT_HAS_EXPIRED':
      return {
        words: 'has expired',
        hint: 'Check that this computer’s date and time are right; if they are, the server’s certificate is out of date — try again later or tell the provider.',
      };
    case 'CERT_NOT_YET_VALID':
      return { words: 'is not valid yet', hint: 'Check that this computer’s date and time are right (enable NTP).' };
    case 'CERT_REVOKED':
      return { words: 'has been revoked', hint: 'Do not work around it: check the base URL and your network.' };
    default:
      if (/CERT|SELF_SIGNED|UNABLE_TO_|ALTNAME/.test(code)) return { words: 'could not be verified', hint: UNTRUSTED_HINT };
      return null;
  }
}

/** A request that got no answer, as the error the user sees. */
export function connectionFailure(error: unknown, place: FailurePlace): BalanceError {
  const { provider, target, proxy } = place;
  const where = hostPort(target);
  const via = proxy === null ? '' : ` through the proxy ${describeProxy(proxy.url)}`;
  const proxyName = proxy === null ? '' : `${describeProxy(proxy.url)} (${proxy.source})`;
  const code = failureCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const fail = (text: string, hint: string, retryable = false): BalanceError =>
    new BalanceError('network', text, { provider, hint, retryable, cause: error });

  if (error instanceof ProxyRefused) {
    // 407 by the book; some proxies (tinyproxy) answer a wrong password with 401.
    if (error.status === 407 || error.status === 401) {
      return fail(
        proxy?.url.username === ''
          ? `The proxy ${proxyName} asks for a user name and password (HTTP ${error.status}); nothing was sent to ${provider}.`
          : `The proxy ${proxyName} rejected its user name and password (HTTP ${error.status}); nothing was sent to ${provider}.`,
        'Give them in the proxy URL (HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT), or save them with the profile: balance auth login … --proxy http://USER@HOST:PORT.',
      );
    }
    return fail(
      `The proxy ${proxyName} refused to connect to ${where} (HTTP ${error.status}); nothing was sent to ${provider}.`,
      'The proxy does not allow this host or port: ask its administrator, or go around it (NO_PROXY, --proxy none).',
    );
  }

  // On the way to the proxy, before any tunnel: the proxy's problem, whatever it is.
  if (error instanceof ProxyFailed && proxy !== null) {
    const inner = error.cause;
    const innerCode = failureCode(inner);
    const problem = certificateProblem(innerCode, inner);
    if (problem !== null) {
      return fail(`The TLS certificate of the proxy ${proxyName} ${problem.words}; nothing was sent to ${provider}. (${innerCode})`, problem.hint);
    }
    return proxyUnreachable(inner, proxy, proxyName, provider, fail);
  }

  const certificate = certificateProblem(code, error);
  if (certificate !== null) {
    return fail(`The TLS certificate of ${where} ${certificate.words}; nothing was sent to ${provider}${via}. (${code})`, certificate.hint);
  }

  if (proxy !== null) {
    const socks = /^Socks5/.exec(message) !== null || (error instanceof Error && error.name === 'SocksClientError');
    if (socks && /Authentication failed|no accepted authentication/i.test(message)) {
      return fail(
        `The SOCKS5 proxy ${proxyName} rejected its user name and password${proxy.url.username === '' ? ' (none were given)' : ''}; nothing was sent to ${provider}.`,
        'Give them in the proxy URL (socks5h://USER:PASSWORD@HOST:PORT in ALL_PROXY), or save them with the profile: balance auth login … --proxy socks5h://USER@HOST:PORT.',
      );
    }
    const rejected = /proxy rejected connection - (\w+)/i.exec(message)?.[1];
    if (rejected !== undefined) {
      const reason = SOCKS_REASONS[rejected] ?? `refused it (${rejected})`;
      return fail(
        `The SOCKS5 proxy ${proxyName} could not connect to ${where}: ${reason}; nothing was sent to ${provider}.`,
        rejected === 'NotAllowed'
          ? 'The proxy does not allow this host or port: ask its administrator, or go around it (NO_PROXY, --proxy none).'
          : 'Check the base URL; with socks5:// the name is resolved here, with socks5h:// by the proxy.',
      );
    }
    const targetName = (error as { hostname?: unknown }).hostname;
    if (code === 'ENOTFOUND' && targetName === target.hostname.replace(/^\[|\]$/g, '')) {
      return fail(
        `The host name ${target.hostname} could not be found here (DNS), so it could not be handed to the proxy ${proxyName}.`,
        'Check the base URL; if only the proxy can resolve it, use socks5h:// instead of socks5://.',
      );
    }
    if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ECONNRESET|Socket closed|timed out/i.test(`${code} ${message}`)) {
      return proxyUnreachable(error, proxy, proxyName, provider, fail);
    }
  }

  switch (code) {
    case 'ENOTFOUND':
      return fail(
        `The host name ${target.hostname} could not be found (DNS), so ${provider} at ${where} could not be reached. (ENOTFOUND)`,
        'Check the base URL for a typo and that your network and DNS work; where the provider is reached only through a proxy, set HTTPS_PROXY or pass --proxy.',
      );
    case 'EAI_AGAIN':
      return fail(
        `The host name ${target.hostname} could not be looked up just now (DNS did not answer). (EAI_AGAIN)`,
        'Check your network connection and DNS, then try again.',
        true,
      );
    case 'ECONNREFUSED':
      return fail(
        `${where} refused the connection${via}: nothing is listening there for ${provider}. (ECONNREFUSED)`,
        'Check the base URL and its port; where the provider is reached only through a proxy, set HTTPS_PROXY or pass --proxy.',
        true,
      );
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return fail(
        `${where} cannot be reached from this computer: no network route to it. (${code})`,
        'Check your network connection (Wi-Fi, VPN, cable); an IPv6 address without IPv6 connectivity fails this way too. Where a proxy is needed, set HTTPS_PROXY or pass --proxy.',
        true,
      );
    case 'ETIMEDOUT':
      return fail(
        `The connection to ${where}${via} timed out before ${provider} answered. (ETIMEDOUT)`,
        'Check your network connection, or whether a firewall needs a proxy (HTTPS_PROXY or --proxy).',
        true,
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return fail(`${where} closed the connection${via} before ${provider} answered. (${code})`, 'Check your network connection, or try again later.', true);
    default:
      if (/^ERR_SSL|^ERR_TLS|^EPROTO$/.test(code) || /SSL routines|wrong version number/i.test(message)) {
        return fail(
          `The TLS handshake with ${where}${via} failed; nothing was sent to ${provider}. (${code})`,
          'Check the base URL: an https:// URL must point at a server that speaks TLS.',
        );
      }
      return fail(`Could not reach ${provider} at ${where}${via}: ${code}.`, 'Check your network connection and the base URL.', true);
  }
}

type Fail = (text: string, hint: string, retryable?: boolean) => BalanceError;

/** The proxy itself could not be reached, or dropped the connection: said of the proxy, with how to go direct. */
function proxyUnreachable(error: unknown, proxy: ProxyRoute, proxyName: string, provider: string, fail: Fail): BalanceError {
  const code = failureCode(error);
  const text = `${code} ${error instanceof Error ? error.message : String(error)}`;
  const closed = /ECONNRESET|EPIPE|Socket closed|socket hang up/i.test(text);
  const what = /ECONNREFUSED/.test(text)
    ? 'refused the connection (is it running, on that port?)'
    : /ENOTFOUND|EAI_AGAIN/.test(text)
      ? 'has a host name that could not be found (DNS)'
      : closed
        ? 'closed the connection'
        : /ERR_SSL|ERR_TLS|EPROTO|SSL routines|wrong version number/i.test(text)
          ? 'could not be spoken to over TLS (an https:// proxy that speaks plain HTTP?)'
          : 'could not be reached';
  const direct = proxy.source === '--proxy' ? 'or leave out --proxy' : proxy.source.startsWith('profile') ? 'or pass --proxy none' : `or unset ${proxy.source}`;
  return fail(`The proxy ${proxyName} ${what}; nothing was sent to ${provider}. (${code})`, `Check the proxy’s address and that it is running; ${direct} to go direct.`, closed);
}

const SOCKS_REASONS: Readonly<Record<string, string>> = {
  NotAllowed: 'the proxy does not allow it',
  NetworkUnreachable: 'the network is unreachable from the proxy',
  HostUnreachable: 'the host is unreachable from the proxy (or its name could not be resolved there)',
  ConnectionRefused: 'the connection was refused',
  TTLExpired: 'the connection timed out',
  Failure: 'the proxy failed',
};
