// What an API-key access token says about itself. A Longport/Longbridge token
// is "m_" followed by a JWT, possibly after a data-center prefix ("us_m_…",
// "ap_m_…"); its payload (base64url JSON) carries `exp` and `iat` (Unix
// seconds), `ak` (the app key it was issued for) and `ac` (the account channel:
// "lb", or "lb_papertrading" for a paper-trading account). The signature cannot
// be checked here and need not be: this is for display and warnings. A token of
// another shape (older or test tokens) reads as null: its expiry is unknown.

export interface AccessTokenFacts {
  readonly expiresAt: Date | null;
  readonly issuedAt: Date | null;
  /** The app key the token was issued for, when it says. */
  readonly appKey: string | null;
  /** true for "lb_papertrading", false for another channel, null when it does not say. */
  readonly paperTrading: boolean | null;
}

const SHAPE = /^(?:(?:us|ap)_)?m_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/** The token's payload facts, or null when it is not an m_+JWT token. Never throws. */
export function readAccessToken(token: string): AccessTokenFacts | null {
  const match = SHAPE.exec(token.trim());
  if (match === null) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(match[2]!, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const fields = payload as Record<string, unknown>;
  const facts: AccessTokenFacts = {
    expiresAt: unixSeconds(fields.exp),
    issuedAt: unixSeconds(fields.iat),
    appKey: typeof fields.ak === 'string' && fields.ak !== '' ? fields.ak : null,
    paperTrading: typeof fields.ac === 'string' ? fields.ac === 'lb_papertrading' : null,
  };
  return facts.expiresAt === null && facts.appKey === null && facts.paperTrading === null ? null : facts;
}

function unixSeconds(value: unknown): Date | null {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  // Between 2001 and 2286: anything else is not a time this field holds.
  if (!Number.isFinite(seconds) || seconds < 1e9 || seconds >= 1e10) return null;
  return new Date(seconds * 1000);
}
