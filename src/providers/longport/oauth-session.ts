// A Longbridge OAuth session as stored with a profile's secrets: the names it
// is stored under, and what can be read from it without the protocol (which
// is in ./oauth.ts, loaded only when a sign-in or a refresh needs it).
import type { Credentials, SecretSpec } from '../../base/settings.js';
import type { OAuthSessionFacts } from '../types.js';
import { oauthDataCenter } from './data-center.js';

/** SecretSpec.key of each part of a stored session. */
export const SESSION = {
  clientId: 'oauthClientId',
  accessToken: 'oauthAccessToken',
  refreshToken: 'oauthRefreshToken',
  /** ISO 8601: when the access token expires. */
  expiresAt: 'oauthExpiresAt',
  /** ISO 8601: when the rolling session ends if it is not refreshed before. */
  renewsUntil: 'oauthRenewsUntil',
  registrationToken: 'oauthRegistrationToken',
  registrationUri: 'oauthRegistrationUri',
} as const;

/** Stored with the profile's secrets (keyring or 0600 file); never read from the environment. */
export const SESSION_SECRETS: readonly SecretSpec[] = [
  { key: SESSION.clientId, label: 'client id', envSuffix: '', notSecret: true },
  { key: SESSION.accessToken, label: 'access token', envSuffix: '' },
  { key: SESSION.refreshToken, label: 'refresh token', envSuffix: '' },
  { key: SESSION.expiresAt, label: 'access token expiry', envSuffix: '', notSecret: true },
  { key: SESSION.renewsUntil, label: 'session end', envSuffix: '', notSecret: true },
  { key: SESSION.registrationToken, label: 'client registration token', envSuffix: '' },
  { key: SESSION.registrationUri, label: 'client registration URI', envSuffix: '', notSecret: true },
];

/** Refresh tokens are rolling: each one lasts 30 days from when it is issued. */
export const SESSION_DAYS = 30;

export function isOAuthSession(credentials: Credentials): boolean {
  return (credentials[SESSION.accessToken] ?? '') !== '';
}

export function describeSession(credentials: Credentials): OAuthSessionFacts {
  return {
    clientId: credentials[SESSION.clientId] ?? '',
    dataCenter: oauthDataCenter(credentials[SESSION.accessToken] ?? ''),
    accessExpiresAt: time(credentials[SESSION.expiresAt]),
    renewsUntil: time(credentials[SESSION.renewsUntil]),
  };
}

function time(text: string | undefined): number | null {
  if (text === undefined) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}
