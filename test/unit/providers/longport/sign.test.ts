import { describe, expect, it } from 'vitest';
import {
  canonicalDigest,
  canonicalRequest,
  formatTimestamp,
  signature,
  signatureHeader,
  signedRequestHeaders,
  type SignInput,
} from '../../../../src/providers/longport/sign.js';

const credentials = { appKey: 'testkey', appSecret: 'testsecret', accessToken: 'testtoken' };

// Every vector of reference/longport.md, produced by the official SDK.
const VECTORS: { name: string; input: SignInput; digest: string; signature: string }[] = [
  {
    name: 'GET /v1/asset/account?currency=HKD, whole seconds',
    input: { ...credentials, method: 'GET', path: '/v1/asset/account', query: 'currency=HKD', timestamp: '1700000000' },
    digest: 'e64f739731ec2023d31661f401d0833640766665',
    signature: 'a685461aeebaf8a085d566573a602347b080d67bca07755748f802c2c1634fd1',
  },
  {
    name: 'GET /v1/asset/account without query',
    input: { ...credentials, method: 'GET', path: '/v1/asset/account', query: '', timestamp: '1700000000' },
    digest: 'f87371985f8236d4e3d7f92d1bd5dfc56a36d03d',
    signature: '113d1a71e55027a06a1a65ee8389f66898af472d5fbcf0073e430c557c2d9d7f',
  },
  {
    name: 'GET /v1/asset/account?currency=HKD, sub-second timestamp',
    input: { ...credentials, method: 'GET', path: '/v1/asset/account', query: 'currency=HKD', timestamp: '1700000000.123' },
    digest: '8ff59b41e34c08e012e23302812a4dcbdb222d93',
    signature: 'b93c1f8766e953b306b40a56229d9ddae3d6428de9e699214456e6030c215ea3',
  },
  {
    name: 'POST /v1/trade/order with a body',
    input: {
      ...credentials,
      method: 'POST',
      path: '/v1/trade/order',
      query: '',
      timestamp: '1700000000',
      body: '{"symbol":"700.HK"}',
    },
    digest: 'ea6bbf75409dbcd342a866e1377a539fe9d46c3c',
    signature: '07fa402689eea21b0ea5fde32fa66d0589e1a054da2ef406413eda95130932b4',
  },
];

describe('signing test vectors', () => {
  for (const vector of VECTORS) {
    it(vector.name, () => {
      expect(canonicalDigest(vector.input)).toBe(vector.digest);
      expect(signature(vector.input)).toBe(vector.signature);
    });
  }

  it('lays out the canonical request as the reference describes', () => {
    const first = VECTORS[0];
    if (first === undefined) throw new Error('no vectors');
    expect(canonicalRequest(first.input)).toBe(
      'GET|/v1/asset/account|currency=HKD|authorization:testtoken\nx-api-key:testkey\nx-timestamp:1700000000\n|authorization;x-api-key;x-timestamp|',
    );
  });

  it('changes with every signed part', () => {
    const base = VECTORS[0]?.input;
    if (base === undefined) throw new Error('no vectors');
    const original = signature(base);
    expect(signature({ ...base, query: 'currency=USD' })).not.toBe(original);
    expect(signature({ ...base, timestamp: '1700000001' })).not.toBe(original);
    expect(signature({ ...base, appSecret: 'othersecret' })).not.toBe(original);
    expect(signature({ ...base, path: '/v1/asset/accounts' })).not.toBe(original);
  });
});

describe('headers', () => {
  const input = VECTORS[2]?.input;
  if (input === undefined) throw new Error('no vectors');

  it('carries the key, the raw token, the literal timestamp and the signature header', () => {
    expect(signedRequestHeaders(input)).toEqual({
      'X-Api-Key': 'testkey',
      Authorization: 'testtoken',
      'X-Timestamp': '1700000000.123',
      'X-Api-Signature':
        'HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp, Signature=b93c1f8766e953b306b40a56229d9ddae3d6428de9e699214456e6030c215ea3',
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(signatureHeader(input)).toMatch(/^HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp, Signature=[0-9a-f]{64}$/);
  });
});

describe('formatTimestamp', () => {
  it('gives unix seconds with millisecond precision', () => {
    expect(formatTimestamp(1_700_000_000_123)).toBe('1700000000.123');
    expect(formatTimestamp(1_700_000_000_007)).toBe('1700000000.007');
    expect(formatTimestamp(1_700_000_000_000)).toBe('1700000000.000');
  });

  it('rounds a fractional clock (an applied offset) to the millisecond', () => {
    expect(formatTimestamp(1_700_000_000_122.6)).toBe('1700000000.123');
    expect(formatTimestamp(1_700_000_000_999.7)).toBe('1700000001.000');
  });

  it('gives two requests in the same second different timestamps', () => {
    expect(formatTimestamp(1_700_000_000_100)).not.toBe(formatTimestamp(1_700_000_000_101));
  });
});
