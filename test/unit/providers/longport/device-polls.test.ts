// What one round of device-flow polls to both Longbridge data centers means:
// who signs in, who ends the sign-in, and who is waited for.
import { describe, expect, it } from 'vitest';
import { judgeRound, POLLED_DATA_CENTERS, type DataCenterAnswer, type Polled } from '../../../../src/providers/longport/device-polls.js';

type Answer = DataCenterAnswer<string, { error: string }>;
const say = (error: string): Answer => ({ error: { error } });
const down: Answer = { failure: new Error('HTTP 503') };
const round = (ap: Answer, us: Answer): Polled<string, { error: string }>[] => [
  { dataCenter: 'ap', answer: ap },
  { dataCenter: 'us', answer: us },
];

describe('judgeRound', () => {
  it('polls Asia-Pacific and the US', () => {
    expect(POLLED_DATA_CENTERS).toEqual(['ap', 'us']);
  });

  it('tokens from either data center sign in, whatever the other said', () => {
    expect(judgeRound(round({ tokens: 'ap-tokens' }, say('authorization_pending')))).toEqual({ verdict: 'signed-in', dataCenter: 'ap', tokens: 'ap-tokens' });
    expect(judgeRound(round(down, { tokens: 'us-tokens' }))).toEqual({ verdict: 'signed-in', dataCenter: 'us', tokens: 'us-tokens' });
    expect(judgeRound(round(say('access_denied'), { tokens: 'us-tokens' }))).toMatchObject({ verdict: 'signed-in', dataCenter: 'us' });
  });

  it('pending from both: poll again, nothing in trouble', () => {
    expect(judgeRound(round(say('authorization_pending'), say('authorization_pending')))).toEqual({ verdict: 'poll-again', slowDown: false, trouble: [] });
  });

  it('slow_down from either slows the next round down', () => {
    expect(judgeRound(round(say('slow_down'), say('authorization_pending')))).toMatchObject({ verdict: 'poll-again', slowDown: true });
    expect(judgeRound(round(say('authorization_pending'), say('slow_down')))).toMatchObject({ verdict: 'poll-again', slowDown: true });
  });

  it('a denial ends it even while the other data center says pending', () => {
    expect(judgeRound(round(say('authorization_pending'), say('access_denied')))).toMatchObject({ verdict: 'ended', by: { dataCenter: 'us' } });
  });

  it('a data center that fails or refuses does not end it while the other says pending; it is kept as trouble', () => {
    expect(judgeRound(round(say('authorization_pending'), down))).toEqual({ verdict: 'poll-again', slowDown: false, trouble: [{ dataCenter: 'us', answer: down }] });
    expect(judgeRound(round(say('invalid_grant'), say('slow_down')))).toEqual({
      verdict: 'poll-again',
      slowDown: true,
      trouble: [{ dataCenter: 'ap', answer: say('invalid_grant') }],
    });
    expect(judgeRound(round(say('expired_token'), say('authorization_pending')))).toMatchObject({ verdict: 'poll-again' });
  });

  it('none pending: the most telling answer ends it (expired, then an OAuth error, then a failure; ap first on a tie)', () => {
    expect(judgeRound(round(down, say('expired_token')))).toMatchObject({ verdict: 'ended', by: { dataCenter: 'us' } });
    expect(judgeRound(round(say('invalid_grant'), say('expired_token')))).toMatchObject({ verdict: 'ended', by: { dataCenter: 'us' } });
    expect(judgeRound(round(down, say('invalid_client')))).toMatchObject({ verdict: 'ended', by: { dataCenter: 'us' } });
    expect(judgeRound(round(say('invalid_client'), down))).toMatchObject({ verdict: 'ended', by: { dataCenter: 'ap' } });
    expect(judgeRound(round(down, down))).toMatchObject({ verdict: 'ended', by: { dataCenter: 'ap' } });
  });
});
