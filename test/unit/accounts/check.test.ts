import { describe, expect, it } from 'vitest';
import { evaluateChecks, parseConditions, type Condition } from '../../../src/accounts/check.js';
import type { Account, AccountSet, BalanceReport, CashRow, RealProviderName, ReportError, RiskLevel } from '../../../src/base/model.js';
import { decimal, toPlain } from '../../../src/base/money.js';
import { describeResult, renderBreaches, renderCheckJson } from '../../../src/output/check.js';
import { usageFailure } from '../usage-failure.js';

const cash = (currency: string, available: string | null): CashRow => ({
  currency,
  available: available === null ? null : decimal(available),
  frozen: null,
  settling: null,
  withdrawable: null,
  extra: [],
});

function account(type: Account['type'], riskLevel: RiskLevel | null, rows: CashRow[], riskBasis: string | null = null): Account {
  return { type, currency: null, riskLevel, riskBasis, summary: [], cash: rows };
}

const set = (provider: RealProviderName, profile: string, ...accounts: Account[]): AccountSet => ({ provider, profile, sample: false, accounts });

function report(balances: AccountSet[], errors: ReportError[] = []): BalanceReport {
  return { fetchedAt: new Date('2026-11-21T09:30:00.000Z'), balances, errors };
}

const error = (provider: string, kind: string): ReportError => ({ provider, profile: 'default', kind, code: null, message: `${provider} failed` });

const check = (balances: AccountSet[], input: Parameters<typeof parseConditions>[0], errors: ReportError[] = []) =>
  evaluateChecks(report(balances, errors), parseConditions(input));

describe('parseConditions', () => {
  it('reads --max-risk and every --min-available, upper-casing currencies', () => {
    const conditions = parseConditions({ maxRisk: 'Medium', minAvailable: ['hkd=50000', 'okx:USDT=1000.50', 'longport/margin:HKD=0'] });
    expect(conditions.map((condition) => (condition.kind !== 'minAvailable' ? condition : { ...condition, minimum: toPlain(condition.minimum) }))).toEqual([
      { kind: 'maxRisk', maxLevel: 1 },
      { kind: 'minAvailable', scope: null, currency: 'HKD', minimum: '50000' },
      { kind: 'minAvailable', scope: { provider: 'okx', profile: null }, currency: 'USDT', minimum: '1000.50' },
      { kind: 'minAvailable', scope: { provider: 'longport', profile: 'margin' }, currency: 'HKD', minimum: '0' },
    ]);
  });

  it('refuses to check nothing', () => {
    expect(usageFailure(() => parseConditions({ minAvailable: [] })).message).toBe('Nothing to check.');
  });

  it.each([
    ['HKD', 'is not CUR=AMOUNT'],
    ['HKD=', 'is not an amount'],
    ['HKD=lots', 'is not an amount'],
    ['HKD=-5', 'is not an amount'],
    ['HKD=50,000', 'without thousands separators'],
    ['H=5', 'is not a currency code'],
    ['HK$=5', 'is not a currency code'],
    ['nasdaq:USD=5', 'is not a provider'],
    ['okx/a/b:USD=5', 'is not PROVIDER or PROVIDER/PROFILE'],
    ['okx/:USD=5', 'is not PROVIDER or PROVIDER/PROFILE'],
  ])('refuses --min-available %s (exit 2)', (text, problem) => {
    const failure = usageFailure(() => parseConditions({ minAvailable: [text] }));
    expect(failure.message).toContain(problem);
    expect(failure.exitCode).toBe(2);
  });

  it('refuses a --max-risk that is not a level', () => {
    expect(usageFailure(() => parseConditions({ maxRisk: 'high' })).message).toContain('safe, medium, warning, danger');
  });
});

describe('--max-risk', () => {
  const okxDanger = set('okx', 'default', account('trading', 3, [], 'margin ratio 0.98'));

  it('is breached above the level, with the line a script can read', () => {
    const outcome = check([okxDanger], { maxRisk: 'medium' });
    expect(outcome.verdict).toBe('breached');
    expect(outcome.exitCode).toBe(5);
    expect(renderBreaches(outcome)).toBe('okx/default: risk danger (margin ratio 0.98) above medium\n');
  });

  it('holds at and below the level', () => {
    expect(check([set('longport', 'default', account('securities', 1, []))], { maxRisk: 'medium' })).toMatchObject({ verdict: 'ok', exitCode: 0, breaches: [] });
    expect(check([okxDanger], { maxRisk: 'danger' }).verdict).toBe('ok');
  });

  it('is breached when the provider did not report a risk level: the gate cannot confirm it', () => {
    const outcome = check([set('longbridge', 'default', account('securities', null, []))], { maxRisk: 'danger' });
    expect(outcome.exitCode).toBe(5);
    expect(renderBreaches(outcome)).toBe('longbridge/default: risk unknown (not reported), so not known to be at most danger\n');
  });

  it('skips the funding account, which carries no margin, and names the account only when several carry risk', () => {
    const withFunding = set('okx', 'default', account('trading', 3, [], 'margin ratio 0.98'), account('funding', 0, []));
    const outcome = check([withFunding], { maxRisk: 'warning' });
    expect(outcome.results.map((result) => result.kind === 'maxRisk' && result.account)).toEqual(['trading']);
    expect(renderBreaches(outcome)).toBe('okx/default: risk danger (margin ratio 0.98) above warning\n');

    const two = set('okx', 'default', account('trading', 2, []), account('securities', 0, []));
    expect(check([two], { maxRisk: 'safe' }).breaches.map(describeResult)).toEqual(['okx/default trading: risk warning above safe']);
  });
});

describe('--min-available', () => {
  const longport = (available: string | null) => set('longport', 'default', account('securities', 1, [cash('HKD', available), cash('USD', '10')]));

  it('is breached below the minimum, with grouped figures written as the provider and the user wrote them', () => {
    const outcome = check([longport('41200.00')], { minAvailable: ['HKD=50000'] });
    expect(outcome.exitCode).toBe(5);
    expect(renderBreaches(outcome)).toBe('longport/default: HKD available 41,200.00 below 50,000\n');
  });

  it('holds at exactly the minimum', () => {
    expect(check([longport('50000.00')], { minAvailable: ['HKD=50000'] }).verdict).toBe('ok');
  });

  it('compares exact decimals, even where a double could not tell the numbers apart', () => {
    const big = '12345678901234567890.123456789';
    expect(Number(big) === Number('12345678901234567890.12345679')).toBe(true);
    expect(check([longport(big)], { minAvailable: ['HKD=12345678901234567890.12345679'] }).verdict).toBe('breached');
    expect(check([longport(big)], { minAvailable: [`HKD=${big}`] }).verdict).toBe('ok');
    expect(check([longport('0.3')], { minAvailable: ['HKD=0.30000000000000001'] }).verdict).toBe('breached');
  });

  it('counts a currency the accounts do not hold as 0 available: a breach', () => {
    const outcome = check([longport('1')], { minAvailable: ['USDT=1000'] });
    expect(renderBreaches(outcome)).toBe('longport/default: USDT not held (0 available) below 1,000\n');
    expect(outcome.results[0]).toMatchObject({ held: false, available: null, holds: false });
    expect(check([longport('1')], { minAvailable: ['USDT=0'] }).verdict).toBe('ok');
  });

  it('is breached when the available amount is not reported', () => {
    const outcome = check([longport(null)], { minAvailable: ['HKD=1'] });
    expect(renderBreaches(outcome)).toBe('longport/default: HKD available unknown (not reported), needs at least 1\n');
  });

  it('is breached when one of the accounts holding the currency does not report it: a partial sum could hide a breach', () => {
    const okx = set('okx', 'default', account('trading', 0, [cash('USDT', null)]), account('funding', 0, [cash('USDT', '2000')]));
    const outcome = check([okx], { minAvailable: ['USDT=1000'] });
    expect(outcome.verdict).toBe('breached');
    expect(outcome.results[0]).toMatchObject({ held: true, available: null, holds: false });
    expect(renderBreaches(outcome)).toBe('okx/default: USDT available unknown (trading unknown, funding 2,000), needs at least 1,000\n');
  });

  it('adds up the trading and funding accounts of one provider/profile exactly, and says how much each holds', () => {
    const okx = set('okx', 'default', account('trading', 0, [cash('USDT', '500.1')]), account('funding', 0, [cash('USDT', '499.8')]));
    const outcome = check([okx], { minAvailable: ['USDT=1000'] });
    expect(renderBreaches(outcome)).toBe('okx/default: USDT available 999.9 (trading 500.1, funding 499.8) below 1,000\n');
    expect(check([okx], { minAvailable: ['USDT=999.9'] }).verdict).toBe('ok');
  });

  it('applies a condition limited to a provider or profile only there', () => {
    const both = [longport('41200.00'), set('okx', 'default', account('trading', 0, [cash('USDT', '16000.25')]))];
    const outcome = check(both, { minAvailable: ['longport:HKD=50000', 'okx/default:USDT=1000'] });
    expect(outcome.results.map((result) => `${result.provider}:${result.holds}`)).toEqual(['longport:false', 'okx:true']);
    expect(renderBreaches(outcome)).toBe('longport/default: HKD available 41,200.00 below 50,000\n');
  });

  it('refuses a condition limited to a provider or profile that was not checked at all', () => {
    const failure = usageFailure(() => check([longport('1')], { minAvailable: ['okx:USDT=1'] }));
    expect(failure.message).toBe('--min-available okx:USDT: no okx account was checked.');
    expect(failure.hint).toBe('Checked: longport/default.');
    expect(usageFailure(() => check([longport('1')], { minAvailable: ['longport/margin:HKD=1'] })).message).toContain('no longport/margin account');
    // An account that was asked for but failed was checked: that is an error, not a usage problem.
    expect(check([], { minAvailable: ['okx:USDT=1'] }, [error('okx', 'network')]).exitCode).toBe(1);
  });
});

describe('verdict and exit code', () => {
  const ok = set('longport', 'default', account('securities', 0, [cash('HKD', '100')]));

  it('tells "could not check" (1, or 4 when only credentials failed) from "breached" (5)', () => {
    expect(check([], { maxRisk: 'medium' }, [error('okx', 'network')])).toMatchObject({ verdict: 'error', exitCode: 1 });
    expect(check([], { maxRisk: 'medium' }, [error('okx', 'auth')])).toMatchObject({ verdict: 'error', exitCode: 4 });
    expect(check([ok], { maxRisk: 'medium' }, [error('okx', 'auth')])).toMatchObject({ verdict: 'error', exitCode: 4 });
  });

  it('reports a breach as 5 even when another account could not be checked: the breach is certain', () => {
    expect(check([ok], { minAvailable: ['HKD=1000'] }, [error('okx', 'network')])).toMatchObject({ verdict: 'breached', exitCode: 5 });
  });
});

describe('check JSON', () => {
  it('has the conditions, the measured values and the verdict, amounts as exact strings', () => {
    const conditions: Condition[] = parseConditions({ maxRisk: 'medium', minAvailable: ['okx:USDT=1000'] });
    const okx = set('okx', 'default', account('trading', 3, [cash('USDT', '16000.25')], 'margin ratio 0.98'));
    const outcome = evaluateChecks(report([okx], [error('longport', 'auth')]), conditions);
    const doc = JSON.parse(renderCheckJson(outcome, { checkedAt: new Date('2026-11-21T09:30:00.000Z'), pretty: false }));
    expect(doc).toEqual({
      schemaVersion: 1,
      checkedAt: '2026-11-21T09:30:00.000Z',
      verdict: 'breached',
      exitCode: 5,
      conditions: [
        { kind: 'maxRisk', maxRisk: 'medium', maxRiskLevel: 1 },
        { kind: 'minAvailable', scope: 'okx', currency: 'USDT', minimum: '1000' },
      ],
      results: [
        {
          kind: 'maxRisk', condition: 0, provider: 'okx', profile: 'default', account: 'trading',
          risk: 'danger', riskLevel: 3, riskBasis: 'margin ratio 0.98', maxRisk: 'medium', holds: false,
          message: 'okx/default: risk danger (margin ratio 0.98) above medium',
        },
        {
          kind: 'minAvailable', condition: 1, provider: 'okx', profile: 'default', currency: 'USDT', minimum: '1000',
          held: true, available: '16000.25', accounts: [{ type: 'trading', available: '16000.25' }], holds: true,
          message: 'okx/default: USDT available 16,000.25 at least 1,000',
        },
      ],
      breaches: ['okx/default: risk danger (margin ratio 0.98) above medium'],
      errors: [{ provider: 'longport', profile: 'default', kind: 'auth', code: null, message: 'longport failed' }],
    });
  });
});

describe('--min-token-days', () => {
  const lp = (profile: string, credentialsExpireAt: Date | null, paperTrading = false): AccountSet => ({
    ...set('longport', profile, account('securities', 0, [cash('HKD', '1')])),
    credentialsExpireAt,
    ...(paperTrading ? { paperTrading: true } : {}),
  });
  // report() is fetched at 2026-11-21T09:30Z.
  const inDays = (days: number): Date => new Date(Date.parse('2026-11-21T09:30:00.000Z') + days * 86_400_000);

  it('is breached by a token that expires within N days, holds otherwise; OKX keys (no expiry) give no result', () => {
    const outcome = check([lp('soon', inDays(6.5)), lp('later', inDays(30)), set('okx', 'default', account('trading', 0, []))], { minTokenDays: '7' });
    expect(outcome.results.map((result) => [result.profile, result.holds])).toEqual([
      ['soon', false],
      ['later', true],
    ]);
    expect(outcome.exitCode).toBe(5);
    expect(renderBreaches(outcome)).toBe('longport/soon: access token expires in 6 days (2026-11-27), needs 7 days\n');
  });

  it('an unknown expiry (opaque token) holds and says so; an expired one is a breach', () => {
    const outcome = check([lp('opaque', null), lp('gone', inDays(-1))], { minTokenDays: '0' });
    expect(outcome.results.map((result) => [result.profile, result.holds])).toEqual([
      ['opaque', true],
      ['gone', false],
    ]);
    expect(outcome.results.map(describeResult)).toEqual([
      'longport/opaque: access token expiry unknown (the token does not say), so not checked against at least 0 days',
      'longport/gone: access token expired (2026-11-20), needs 0 days',
    ]);
  });

  it('takes a whole number of days', () => {
    for (const bad of ['-1', '1.5', 'soon', '']) expect(usageFailure(() => parseConditions({ minTokenDays: bad })).message).toContain('--min-token-days');
  });

  it('paper-trading accounts are labelled in every message and in the JSON', () => {
    const outcome = check([lp('practice', inDays(3), true)], { minTokenDays: '7', maxRisk: 'safe' });
    expect(outcome.results.map(describeResult)).toEqual([
      'longport/practice (paper trading): risk safe at most safe',
      'longport/practice (paper trading): access token expires in 3 days (2026-11-24), needs 7 days',
    ]);
    const json = JSON.parse(renderCheckJson(outcome, { checkedAt: new Date(0), pretty: false }));
    expect(json.results.map((result: { paperTrading?: boolean }) => result.paperTrading)).toEqual([true, true]);
    expect(json.results[1]).toMatchObject({ kind: 'minTokenDays', tokenExpiresAt: '2026-11-24T09:30:00.000Z', daysLeft: 3, minTokenDays: 7, holds: false });
  });
});
