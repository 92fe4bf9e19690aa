// Reading what a Longport access token says of itself (m_ + JWT payload,
// optionally after a data-center prefix), the data center of credentials, and
// a token issued for another app key.
import { describe, expect, it } from 'vitest';
import { readAccessToken } from '../../../../src/providers/longport/token.js';
import { dataCenterOf } from '../../../../src/providers/longport/data-center.js';
import { describeCredentials } from '../../../../src/providers/longport/credential-facts.js';

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HEADER = b64({ alg: 'RS256', typ: 'JWT' });
const token = (payload: unknown, prefix = ''): string => `${prefix}m_${HEADER}.${b64(payload)}.c2lnbmF0dXJl`;

// As seen in the wild: exp − iat = 90 days.
const WILD = { iss: 'longbridge', sub: 'access_token', exp: 1_788_000_000, iat: 1_780_224_000, ak: 'app-key-1', aaid: 13, ac: 'lb', mid: 7, sid: 'x' };

describe('readAccessToken', () => {
  it('reads exp, iat, ak and ac from the payload', () => {
    expect(readAccessToken(token(WILD))).toEqual({
      expiresAt: new Date(1_788_000_000_000),
      issuedAt: new Date(1_780_224_000_000),
      appKey: 'app-key-1',
      paperTrading: false,
    });
  });

  it('reads a token after a us_ or ap_ data-center prefix', () => {
    expect(readAccessToken(token(WILD, 'us_'))?.expiresAt).toEqual(new Date(1_788_000_000_000));
    expect(readAccessToken(token(WILD, 'ap_'))?.appKey).toBe('app-key-1');
    expect(readAccessToken(token(WILD, 'eu_'))).toBeNull();
  });

  it('says paper trading for ac lb_papertrading', () => {
    expect(readAccessToken(token({ ...WILD, ac: 'lb_papertrading' }))?.paperTrading).toBe(true);
    expect(readAccessToken(token({ exp: WILD.exp }))).toMatchObject({ paperTrading: null, appKey: null, issuedAt: null });
  });

  it('gives null, never an error, for opaque and broken tokens', () => {
    for (const opaque of [
      'testtoken',
      '',
      'm_',
      'm_abc',
      `m_${HEADER}.${b64('not json')}.x`,
      `m_${HEADER}.${b64([1, 2])}.x`,
      `m_${HEADER}.${b64(null)}.x`,
      `m_${HEADER}.${b64({ sub: 'access_token' })}.x`,
      `m_${HEADER}.%%%.x`,
    ]) {
      expect(readAccessToken(opaque), opaque).toBeNull();
    }
  });

  it('ignores an exp that is not a time in seconds', () => {
    expect(readAccessToken(token({ ...WILD, exp: 1_788_000_000_000 }))?.expiresAt).toBeNull();
    expect(readAccessToken(token({ ...WILD, exp: 'soon' }))?.expiresAt).toBeNull();
    expect(readAccessToken(token({ ...WILD, exp: '1788000000' }))?.expiresAt).toEqual(new Date(1_788_000_000_000));
  });
});

describe('dataCenterOf', () => {
  it('is us when any credential starts with us_, as the official SDK decides, else ap', () => {
    expect(dataCenterOf({ appKey: 'k', appSecret: 's', accessToken: 't' })).toBe('ap');
    expect(dataCenterOf({ appKey: 'us_k', appSecret: 's', accessToken: 't' })).toBe('us');
    expect(dataCenterOf({ appKey: 'k', appSecret: 'us_s', accessToken: 't' })).toBe('us');
    expect(dataCenterOf({ appKey: 'k', appSecret: 's', accessToken: token(WILD, 'us_') })).toBe('us');
    expect(dataCenterOf({ appKey: 'ap_k', appSecret: 's', accessToken: 'x_us_t' })).toBe('ap');
  });
});

describe('describeCredentials', () => {
  it('finds a token issued for another app key, naming at most a quarter of each key', () => {
    const facts = describeCredentials({ appKey: 'other-app-key-1234', appSecret: 's', accessToken: token(WILD) });
    expect(facts.mismatch).toBe('the access token belongs to another app (app key ap…), not to app key othe…');
    expect(facts.mismatch).not.toContain('app-key-1');
    expect(describeCredentials({ appKey: 'app-key-1', appSecret: 's', accessToken: token(WILD) }).mismatch).toBeNull();
    expect(describeCredentials({ appKey: 'us_app-key-1', appSecret: 's', accessToken: token(WILD, 'us_') }).mismatch).toBeNull();
    expect(describeCredentials({ appKey: 'anything', appSecret: 's', accessToken: 'opaque' })).toEqual({
      expiresAt: null,
      issuedAt: null,
      paperTrading: null,
      dataCenter: 'ap',
      mismatch: null,
    });
  });
});
