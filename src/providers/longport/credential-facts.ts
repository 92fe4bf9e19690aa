// What Longport/Longbridge credentials say about themselves: the access
// token's expiry and account channel (./token.ts), the data center of their
// prefix (./data-center.ts), and whether the token was issued for this app key.
import { keyPrefix, type CredentialFacts, type Credentials } from '../../base/settings.js';
import { dataCenterOf } from './data-center.js';
import { readAccessToken } from './token.js';

export function describeCredentials(credentials: Credentials): CredentialFacts {
  const token = readAccessToken(credentials.accessToken ?? '');
  const appKey = credentials.appKey ?? '';
  const mismatch =
    token?.appKey != null && appKey !== '' && bare(token.appKey) !== bare(appKey)
      ? `the access token belongs to another app (app key ${keyPrefix(token.appKey)}), not to app key ${keyPrefix(appKey)}`
      : null;
  return {
    expiresAt: token?.expiresAt ?? null,
    issuedAt: token?.issuedAt ?? null,
    paperTrading: token?.paperTrading ?? null,
    dataCenter: dataCenterOf(credentials),
    mismatch,
  };
}

/** Without a data-center prefix: a token may name its app key with or without it. */
function bare(key: string): string {
  return key.replace(/^(?:us|ap)_/, '');
}
