// Which Longbridge data center a request is for: the x-dc-region header. An
// OAuth access token carries the data center that holds the account as its
// prefix ("us_m_…" is the US one); unprefixed means Asia-Pacific.

export type DataCenter = 'us' | 'ap';

/** x-dc-region for an OAuth session, from its access token's prefix. */
export function oauthDataCenter(accessToken: string): DataCenter {
  return accessToken.startsWith('us_') ? 'us' : 'ap';
}
