// Which Longbridge data center holds an account: the x-dc-region header.
// Credentials of accounts in the US data center start with "us_" (2026); the
// official SDK then sends `x-dc-region: us` on every request, else `ap` (which
// the gateway also assumes when the header is absent). The header is not
// signed; the credential is sent as it is, prefix included. An OAuth access
// token carries the prefix the same way ("us_m_…").
import type { Credentials } from '../../base/settings.js';

export type DataCenter = 'us' | 'ap';

/** The header that names the data center. */
export const DATA_CENTER_HEADER = 'x-dc-region';

/** API keys: "us" when any of the credentials starts with "us_", else "ap" (the SDK's rule, 4.4.0). */
export function dataCenterOf(credentials: Credentials): DataCenter {
  return Object.values(credentials).some((value) => value.startsWith('us_')) ? 'us' : 'ap';
}

/** x-dc-region for an OAuth session, from its access token's prefix. */
export function oauthDataCenter(accessToken: string): DataCenter {
  return accessToken.startsWith('us_') ? 'us' : 'ap';
}
