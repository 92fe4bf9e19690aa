import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../../src/base/errors.js';
import { parseJson } from '../../../../src/base/json.js';
import { toPlain } from '../../../../src/base/money.js';
import { validate } from '../../../../src/net/response.js';
import { SAMPLE_BALANCE_RESPONSE } from '../../../../src/providers/okx/sample.js';
import { balanceBody, envelope, maxWithdrawalBody } from '../../../../src/providers/okx/schema.js';

const FIXTURE = readFileSync(new URL('../../../fixtures/okx/account-balance.json', import.meta.url), 'utf8');

const readBalance = (text: string) => validate('OKX', balanceBody, parseJson(text), 'balance response');

/** The error thrown by fn, which must be a BalanceError. */
function thrown(fn: () => unknown): BalanceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BalanceError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

/** A balance body with one currency whose fields are given as raw JSON text. */
function oneCurrency(fields: string): string {
  return `{"code":"0","msg":"","data":[{"totalEq":"1","details":[{"ccy":"BTC",${fields}}]}]}`;
}

describe('OKX balance schema', () => {
  it('reads every figure of the documented example exactly', () => {
    const [account] = readBalance(FIXTURE).data;
    expect(account).toBeDefined();
    expect(toPlain(account!.totalEq)).toBe('55837.43556134779');
    expect(toPlain(account!.adjEq)).toBe('55415.624719833286');
    expect(toPlain(account!.availEq)).toBe('55415.624719833286');
    expect(toPlain(account!.imr)).toBe('0');
    expect(toPlain(account!.mmr)).toBe('0');
    expect(account!.mgnRatio).toBeNull();
    expect(toPlain(account!.upl)).toBe('0');
    expect(account!.details).toHaveLength(1);
    const usdt = account!.details[0]!;
    expect(usdt.ccy).toBe('USDT');
    expect(toPlain(usdt.availBal)).toBe('4834.317093622894');
    expect(toPlain(usdt.frozenBal)).toBe('158.573');
    expect(toPlain(usdt.eq)).toBe('4992.890093622894');
    expect(toPlain(usdt.cashBal)).toBe('4850.435693622894');
    expect(toPlain(usdt.liab)).toBe('0');
    expect(toPlain(usdt.upl)).toBe('-7.545600000000006');
    expect(toPlain(usdt.eqUsd)).toBe('4991.542013297616');
    expect(usdt.mgnRatio).toBeNull();
  });

  it('builds the sample from a verbatim copy of the documented example', () => {
    expect(JSON.parse(SAMPLE_BALANCE_RESPONSE)).toEqual(JSON.parse(FIXTURE));
  });

  it('reads "" as not applicable (null), never as zero', () => {
    const detail = readBalance(oneCurrency('"availBal":"","frozenBal":"0","liab":""')).data[0]!.details[0]!;
    expect(detail.availBal).toBeNull();
    expect(detail.liab).toBeNull();
    expect(toPlain(detail.frozenBal)).toBe('0');
  });

  it('treats a missing field as not applicable', () => {
    const detail = readBalance(oneCurrency('"availBal":"1"')).data[0]!.details[0]!;
    expect(detail.frozenBal).toBeNull();
    expect(detail.eqUsd).toBeNull();
  });

  it('keeps every digit of amounts sent as JSON numbers', () => {
    const detail = readBalance(oneCurrency('"availBal":12345678901234567890.123456789,"frozenBal":0.000000001')).data[0]!
      .details[0]!;
    expect(toPlain(detail.availBal)).toBe('12345678901234567890.123456789');
    expect(toPlain(detail.frozenBal)).toBe('0.000000001');
  });

  it('upper-cases currency codes and ignores unknown fields', () => {
    const body = '{"code":"0","data":[{"brandNew":{"x":[1]},"details":[{"ccy":"usdt","availBal":"1","autoLendStatus":"off"}]}]}';
    const account = readBalance(body).data[0]!;
    expect(account.details[0]!.ccy).toBe('USDT');
    expect(account.totalEq).toBeNull();
  });

  it('accepts an account without details, and an empty details list', () => {
    expect(readBalance('{"code":"0","data":[{"totalEq":"0"}]}').data[0]!.details).toEqual([]);
    expect(readBalance('{"code":"0","data":[{"totalEq":"0","details":[]}]}').data[0]!.details).toEqual([]);
  });

  it('names the provider and the field when a type is wrong', () => {
    const error = thrown(() => readBalance(oneCurrency('"availBal":true')));
    expect(error.kind).toBe('response');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/^OKX /);
    expect(error.message).toContain('data[0].details[0].availBal');
  });

  it('refuses text that is not a decimal instead of guessing', () => {
    const error = thrown(() => readBalance(oneCurrency('"availBal":"12,5"')));
    expect(error.message).toContain('data[0].details[0].availBal');
    expect(error.message).toContain('not a decimal');
  });

  it('refuses a missing currency code', () => {
    const error = thrown(() => readBalance('{"code":"0","data":[{"details":[{"availBal":"1"}]}]}'));
    expect(error.message).toContain('data[0].details[0].ccy');
  });
});

describe('OKX envelope', () => {
  const read = (text: string) => v.parse(envelope, parseJson(text));

  it('reads code as a string or as a number', () => {
    expect(read('{"code":"0","msg":"","data":[]}').code).toBe('0');
    expect(read('{"msg":"Invalid Sign","code":50113}')).toMatchObject({ code: '50113', msg: 'Invalid Sign' });
  });

  it('accepts a body without data or msg', () => {
    expect(read('{"code":"50113"}')).toMatchObject({ code: '50113', msg: null });
    expect(read('{"code":"50113"}').data).toBeUndefined();
  });
});

describe('OKX max-withdrawal schema', () => {
  const read = (text: string) => validate('OKX', maxWithdrawalBody, parseJson(text), 'max-withdrawal response');

  it('reads maxWd per currency, "" as null', () => {
    const data = read('{"code":"0","msg":"","data":[{"ccy":"BTC","maxWd":"0.5","maxWdEx":"1"},{"ccy":"ETH","maxWd":""}]}').data;
    expect(data.map((entry) => [entry.ccy, toPlain(entry.maxWd)])).toEqual([
      ['BTC', '0.5'],
      ['ETH', null],
    ]);
  });

  it('treats a missing data list as no currencies', () => {
    expect(read('{"code":"0","msg":""}').data).toEqual([]);
  });

  it('names the field when maxWd has the wrong type', () => {
    const error = thrown(() => read('{"code":"0","data":[{"ccy":"BTC","maxWd":{}}]}'));
    expect(error.message).toMatch(/^OKX max-withdrawal response could not be read: data\[0\]\.maxWd/);
  });
});
