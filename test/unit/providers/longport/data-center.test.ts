// x-dc-region of an OAuth session, from its access token's prefix.
import { describe, expect, it } from 'vitest';
import { oauthDataCenter } from '../../../../src/providers/longport/data-center.js';

describe('oauthDataCenter', () => {
  it('us_ is the US data center; anything else Asia-Pacific', () => {
    expect(oauthDataCenter('us_m_eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe('us');
    expect(oauthDataCenter('ap_m_eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe('ap');
    expect(oauthDataCenter('m_eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe('ap');
    expect(oauthDataCenter('')).toBe('ap');
  });
});
