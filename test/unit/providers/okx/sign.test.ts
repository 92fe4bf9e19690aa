import { describe, expect, it } from 'vitest';
import { formatTimestamp, prehash, sign, signedHeaders } from '../../../../src/providers/okx/sign.js';

// ../shared/reference/okx.md, "Test vectors": key k, secret s, passphrase p.
const TIMESTAMP = '2020-12-08T09:08:57.715Z';

describe('OKX signing', () => {
  it.each([
    ['/api/v5/account/balance?ccy=BTC,ETH', 'EsVCa1bj428ZPg3tK0QDhMAFzBMXLLiJU9fEVc4zfBo='],
    ['/api/v5/account/balance?ccy=BTC%2CETH', 'zk8kSn511l7vbrvI/GrfYRFOHEIWyK8wq8SDiOe4KNc='],
    ['/api/v5/account/balance', 's0ANUy475Rxrqfrfn1XXZFGJXgiof1zN1mWKnbHHVA0='],
  ])('signs GET %s as the reference vector', (requestPath, expected) => {
    expect(sign('s', { timestamp: TIMESTAMP, method: 'GET', requestPath })).toBe(expected);
  });

  it('prehashes timestamp + METHOD + path with query + body', () => {
    expect(prehash({ timestamp: TIMESTAMP, method: 'get', requestPath: '/a?b=1', body: '{"x":1}' })).toBe(
      '2020-12-08T09:08:57.715ZGET/a?b=1{"x":1}',
    );
  });

  it('formats the timestamp as ISO 8601 with milliseconds', () => {
    expect(formatTimestamp(Date.UTC(2020, 11, 8, 9, 8, 57, 715))).toBe(TIMESTAMP);
    expect(formatTimestamp(Date.UTC(2024, 0, 1))).toBe('2024-01-01T00:00:00.000Z');
  });

  it('puts key, signature, timestamp and passphrase into the OK-ACCESS headers', () => {
    const headers = signedHeaders(
      { apiKey: 'k', apiSecret: 's', passphrase: 'p' },
      { timestamp: TIMESTAMP, method: 'GET', requestPath: '/api/v5/account/balance' },
    );
    expect(headers).toEqual({
      'OK-ACCESS-KEY': 'k',
      'OK-ACCESS-SIGN': 's0ANUy475Rxrqfrfn1XXZFGJXgiof1zN1mWKnbHHVA0=',
      'OK-ACCESS-TIMESTAMP': TIMESTAMP,
      'OK-ACCESS-PASSPHRASE': 'p',
    });
    expect(Object.values(headers)).not.toContain('s');
  });
});
