// Every secret the end-to-end suite hands to `balance`, in one place: each is
// a distinctive string that cannot occur by accident, so the global teardown
// (test/e2e/outputs.ts) can grep every output of the suite for all of them.
// An e2e test that needs a secret takes it from here.

/** The key the fake OKX server accepts (test/servers/okx.ts). */
export const OKX_KEY = {
  apiKey: 'okx-e2e-key-3f9a1c',
  apiSecret: 'okx-e2e-secret-7d24b8e6a0c1',
  passphrase: 'okx-e2e-passphrase-51e0',
} as const;

/** A second, complete OKX key: the server does not know it. */
export const OKX_OTHER_KEY = {
  apiKey: 'okx-e2e-other-key-a84d02',
  apiSecret: 'okx-e2e-other-secret-6c19f5e2',
  passphrase: 'okx-e2e-other-passphrase-d3b7',
} as const;

/** Short values, as some users have: a 4-character passphrase must not show, nor more than a quarter of the key. */
export const OKX_SHORT_KEY = {
  apiKey: 'Qk7vshortkey',
  apiSecret: 'X9vshortsecret',
  passphrase: 'Zq7!',
} as const;

export const OKX_WRONG_SECRET = 'okx-e2e-wrong-secret-9b7f3d';
export const OKX_UNKNOWN_KEY = 'okx-e2e-unknown-key-0c5e';

/** The credentials the fake Longport/Longbridge server is started with in e2e tests. */
export const LONGPORT_KEY = {
  appKey: 'lp-e2e-app-key-5c1d93',
  appSecret: 'lp-e2e-app-secret-8f2a61',
  accessToken: 'lp-e2e-access-token-0b7e44',
} as const;

export const LONGPORT_WRONG_SECRET = 'lp-e2e-wrong-secret-3e9d07';
export const LONGPORT_EXPIRED_TOKEN = 'lp-e2e-expired-token-71c2aa';
export const LONGPORT_UNKNOWN_KEY = 'lp-e2e-unknown-key-11aa';

/**
 * The Longbridge OAuth test server's tokens: each one it issues is one of
 * these followed by "-<n>" (an access token also after "m_" or "us_m_"), so
 * the grep finds any of them.
 */
export const LONGBRIDGE_OAUTH = {
  accessToken: 'lb-e2e-oauth-access-4d91c7',
  refreshToken: 'lb-e2e-oauth-refresh-a3f05e',
  registrationToken: 'lb-e2e-oauth-registration-77b2d1',
  deviceCode: 'lb-e2e-oauth-device-code-e61c08',
} as const;

/**
 * The signature part of every m_+JWT token the fake Longport server makes
 * (test/servers/longport.ts accessToken()): a leak of any such token contains it.
 */
export const LONGPORT_TOKEN_SIGNATURE = 'lpE2eJwtSignature4b7d1e';

/** A lone key with no secret beside it. */
export const INCOMPLETE_KEY = 'incomplete-e2e-key-92fa';

/** The user and password the test proxies (tinyproxy, microsocks, our own) ask for; the password is a secret. */
export const PROXY_CREDENTIALS = { user: 'proxy-e2e-user', password: 'proxy-e2e-password-4c8d1f' } as const;
export const PROXY_WRONG_PASSWORD = 'proxy-e2e-wrong-password-a93e';

/** Every secret above, by name, for the grep over all outputs. */
export const ALL_TEST_SECRETS: Readonly<Record<string, string>> = {
  ...prefixed('OKX_KEY', OKX_KEY),
  ...prefixed('OKX_OTHER_KEY', OKX_OTHER_KEY),
  ...prefixed('OKX_SHORT_KEY', OKX_SHORT_KEY),
  OKX_WRONG_SECRET,
  OKX_UNKNOWN_KEY,
  ...prefixed('LONGPORT_KEY', LONGPORT_KEY),
  LONGPORT_WRONG_SECRET,
  LONGPORT_EXPIRED_TOKEN,
  LONGPORT_UNKNOWN_KEY,
  ...prefixed('LONGBRIDGE_OAUTH', LONGBRIDGE_OAUTH),
  LONGPORT_TOKEN_SIGNATURE,
  INCOMPLETE_KEY,
  PROXY_PASSWORD: PROXY_CREDENTIALS.password,
  PROXY_WRONG_PASSWORD,
};

function prefixed(name: string, secrets: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets).map(([key, value]) => [`${name}.${key}`, value]));
}
