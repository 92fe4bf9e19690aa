// The valuation of a report (--value-in): the exact sum of the accounts valued,
// complete only when every one — fetched or failed — was; and how it reads in
// the table renderers and in check --min-value.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { evaluateChecks, parseConditions } from '../../../src/accounts/check.js';
import { exitCodeFor } from '../../../src/accounts/fetch.js';
import { parseValueCurrency, summarizeValuation, withValuation } from '../../../src/accounts/valuation.js';
import type { AccountSet, AccountValue, BalanceReport, RealProviderName, ReportError } from '../../../src/base/model.js';
import { decimal, toPlain } from '../../../src/base/money.js';
import { toJsonReport } from '../../../src/output/json.js';
import { netValueLines, valuationBlock } from '../../../src/output/valuation.js';
import { usageFailure } from '../usage-failure.js';

const known = (amount: string, parts: [string, string][] = []): AccountValue => ({
  currency: 'USD',
  amount: decimal(amount),
  source: parts.length === 0 ? 'net_assets' : 'asset-valuation',
  label: parts.length === 0 ? 'broker valuation' : 'OKX valuation',
  parts: parts.map(([key, value]) => ({ key, label: key, value: decimal(value) })),
  sample: false,
});
const unknown = (reason: string, failure?: ReportError): AccountValue => ({ currency: 'USD', amount: null, reason, ...(failure === undefined ? {} : { failure }) });
const set = (provider: RealProviderName, profile: string, value: AccountValue): AccountSet => ({ provider, profile, sample: false, accounts: [], value });
const report = (balances: AccountSet[], errors: ReportError[] = []): BalanceReport => ({ fetchedAt: new Date(0), balances, errors });
const failure = (kind: string): ReportError => ({ provider: 'okx', profile: 'main', kind, code: '50120', message: 'OKX refused the request' });
const plain = new Chalk({ level: 0 });

describe('summarizeValuation', () => {
  it('adds every value exactly, keeping the digits written', () => {
    const valuation = summarizeValuation(report([set('longport', 'a', known('0.10')), set('okx', 'b', known('0.2')), set('longbridge', 'c', known('1e-18'))]), 'USD');
    expect(toPlain(valuation.total)).toBe('0.300000000000000001');
    expect(valuation.complete).toBe(true);
  });

  it('is incomplete when one is not valued, and when a balance could not be fetched at all', () => {
    const notValued = summarizeValuation(report([set('longport', 'a', known('5')), set('okx', 'b', unknown('OKX does not value in HKD'))]), 'USD');
    expect({ total: toPlain(notValued.total), complete: notValued.complete }).toEqual({ total: '5', complete: false });
    const failed = summarizeValuation(report([set('longport', 'a', known('5'))], [{ ...failure('network'), provider: 'longbridge', profile: 'lb' }]), 'USD');
    expect(failed.complete).toBe(false);
    expect(failed.accounts.map((entry) => [entry.provider, entry.value.amount === null ? entry.value.reason : 'valued'])).toEqual([
      ['longport', 'valued'],
      ['longbridge', 'its balance could not be fetched: OKX refused the request'],
    ]);
  });

  it('with nothing to value is 0 and not complete', () => {
    const valuation = summarizeValuation(report([], [failure('auth')]), 'USD');
    expect({ total: toPlain(valuation.total), complete: valuation.complete }).toEqual({ total: '0', complete: false });
  });
});

describe('--value-in', () => {
  it('takes one currency code, any case', () => {
    expect(parseValueCurrency(' usd ')).toBe('USD');
    expect(usageFailure(() => parseValueCurrency('USD,HKD')).exitCode).toBe(2);
  });

  it('a failed valuation request counts toward the exit code; a currency not valued in does not', () => {
    expect(exitCodeFor(report([set('okx', 'main', unknown('OKX does not value in HKD'))]))).toBe(0);
    expect(exitCodeFor(report([set('okx', 'main', unknown('failed', failure('auth')))]))).toBe(4);
    expect(exitCodeFor(report([set('okx', 'main', unknown('failed', failure('network')))]))).toBe(1);
  });
});

describe('rendering a valuation', () => {
  const complete = withValuation(report([set('longport', 'margin', known('300')), set('okx', 'main', known('100', [['trading', '60'], ['funding', '40']]))]), 'USD');
  const partial = withValuation(report([set('longport', 'margin', known('300')), set('okx', 'main', unknown('OKX does not value in HKD'))]), 'USD');

  it('JSON: the value per provider/profile and the total, as decimal strings', () => {
    const doc = toJsonReport(complete);
    expect(doc.balances[1]?.value).toEqual({ currency: 'USD', amount: '100', source: 'asset-valuation', sample: false, parts: { trading: '60', funding: '40' } });
    expect(doc.valuation).toEqual({ currency: 'USD', total: '400', complete: true, accounts: 2, valued: 2, notValued: [] });
    expect(toJsonReport(partial).valuation).toMatchObject({ total: '300', complete: false, valued: 1 });
  });

  it('table: each account with its share when complete', () => {
    const lines = valuationBlock(complete.valuation!, plain, 100);
    expect(lines[0]).toBe('All accounts: 400 USD');
    expect(lines[1]).toMatch(/^ {2}longport\/margin +300 USD +75\.0 % +broker valuation$/);
    expect(lines[2]).toMatch(/^ {2}okx\/main +100 USD +25\.0 % +OKX valuation: trading 60 · funding 40$/);
  });

  it('table: an incomplete total is "≥", says which account is missing and why, and shows no shares', () => {
    const text = valuationBlock(partial.valuation!, plain, 100).join('\n');
    expect(text).toContain('All accounts: ≥ 300 USD (1 of 2 accounts not valued: okx/main: OKX does not value in HKD)');
    expect(text).toMatch(/okx\/main +not valued/);
    expect(text).not.toContain('%');
  });

  it('every line fits a narrow terminal', () => {
    for (const width of [30, 40]) {
      for (const line of [...valuationBlock(partial.valuation!, plain, width), ...netValueLines(known('100', [['trading', '60'], ['funding', '40']]), plain, width)]) {
        expect(line.length).toBeLessThanOrEqual(width);
      }
    }
  });
});

describe('check --min-value', () => {
  const valued = withValuation(report([set('longport', 'margin', known('300')), set('okx', 'main', known('100'))]), 'USD');
  const partial = withValuation(report([set('longport', 'margin', known('300')), set('okx', 'main', unknown('OKX does not value in HKD'))]), 'USD');

  it('checks the total without a prefix, each account with one', () => {
    expect(evaluateChecks(valued, parseConditions({ minValue: ['USD=400'] })).verdict).toBe('ok');
    expect(evaluateChecks(valued, parseConditions({ minValue: ['USD=400.01'] })).exitCode).toBe(5);
    expect(evaluateChecks(valued, parseConditions({ minValue: ['okx:USD=100'] })).verdict).toBe('ok');
    expect(evaluateChecks(valued, parseConditions({ minValue: ['okx/main:USD=101'] })).verdict).toBe('breached');
  });

  it('an incomplete total is a breach even when what is known is above the amount', () => {
    const outcome = evaluateChecks(partial, parseConditions({ minValue: ['USD=1'] }));
    expect(outcome.verdict).toBe('breached');
    expect(outcome.breaches[0]).toMatchObject({ complete: false, reason: 'okx/main: OKX does not value in HKD' });
    expect(evaluateChecks(partial, parseConditions({ minValue: ['longport:USD=1'] })).verdict).toBe('ok');
  });

  it('one currency per check; a prefix nothing was checked for is a usage error', () => {
    expect(usageFailure(() => parseConditions({ minValue: ['USD=1', 'hkd=2'] })).message).toContain('one currency per check');
    expect(usageFailure(() => evaluateChecks(valued, parseConditions({ minValue: ['longbridge:USD=1'] }))).message).toContain('no longbridge account was checked');
  });
});
