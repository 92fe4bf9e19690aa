// --value-in CUR: every account valued in one currency by its own provider,
// and the exact sum. Loaded only when --value-in (or check --min-value) is
// given.
//
// The numbers come only from the providers' own valuations of the account
// (Longport's net_assets, OKX's asset-valuation); there is no price source
// here. An account the provider cannot value in CUR, or whose valuation (or
// balance) request failed, is "not valued", with the reason; the total is
// then the sum of the others and marked incomplete, never passed off as whole.
import BigNumber from 'bignumber.js';
import { isCurrencyCode } from '../base/currencies.js';
import { usageError } from '../base/errors.js';
import { sumAmounts } from '../base/money.js';
import type { Account, AccountSet, AccountValue, BalanceReport, Valuation } from '../base/model.js';
import { loadAllProviders, loadProvider } from '../providers/registry.js';
import type { Provider, SignedRequestContext, ValuationSupport } from '../providers/types.js';
import { reportError, type FetchOptions, type FetchTarget } from './fetch.js';

/** "usd" → "USD"; anything but one currency code is a usage error. */
export function parseValueCurrency(text: string, flag = '--value-in'): string {
  const code = text.trim().toUpperCase();
  if (!isCurrencyCode(code)) {
    throw usageError(`${flag}: "${text}" is not a currency code.`, 'Give one currency, e.g. --value-in USD.');
  }
  return code;
}

async function supportOf(provider: Provider): Promise<ValuationSupport | null> {
  return provider.valuation === undefined ? null : provider.valuation();
}

/**
 * Before any request: a currency that none of the accounts' providers can
 * value in is a usage error that says what each accepts. A 2022-API account
 * can be valued only in its own currency, known from the answer, so it lets
 * any currency through.
 */
export async function checkValueCurrency(currency: string, targets: readonly FetchTarget[]): Promise<void> {
  if (targets.length === 0) return;
  const accepted = new Map<string, readonly string[]>();
  for (const target of targets) {
    const currencies = (await supportOf(target.provider))?.currencies(target.settings) ?? [];
    if (currencies === null || currencies.includes(currency)) return;
    accepted.set(target.provider.title, currencies);
  }
  throw usageError(
    `No selected account can be valued in ${currency}.`,
    `${[...accepted].map(([title, list]) => `${title} values in ${list.length === 0 ? 'nothing' : list.join(', ')}`).join('; ')}.`,
  );
}

/** The same check for the built-in sample data. */
export async function checkSampleValueCurrency(currency: string): Promise<void> {
  const offered = new Set<string>();
  for (const provider of await loadAllProviders()) {
    for (const value of Object.values((await supportOf(provider))?.sampleValues ?? {})) if (value.amount !== null) offered.add(value.currency);
  }
  if (!offered.has(currency)) {
    throw usageError(`The sample data is not valued in ${currency}.`, `It is valued in ${[...offered].sort().join(', ')}.`);
  }
}

/** The fetch hook (FetchOptions.value): the provider's value of one target, or why there is none. */
export function valueWith(currency: string): NonNullable<FetchOptions['value']> {
  return async (target: FetchTarget, request: SignedRequestContext, accounts: readonly Account[]): Promise<AccountValue> => {
    const support = await supportOf(target.provider);
    if (support === null) return { currency, amount: null, reason: `${target.provider.title} gives no valuation` };
    try {
      return await support.value({ ...request, currency, accounts });
    } catch (error) {
      const failure = reportError(target.provider.name, target.profile, error);
      return { currency, amount: null, reason: `the valuation request failed: ${failure.message}`, failure };
    }
  };
}

/** Sample sets with their sample values (or, as a real account would, why there is none). */
export async function valueSampleSets(sets: readonly AccountSet[], currency: string): Promise<AccountSet[]> {
  return Promise.all(
    sets.map(async (set): Promise<AccountSet> => {
      const sample = (await supportOf(await loadProvider(set.provider)))?.sampleValues[currency];
      return { ...set, value: sample ?? { currency, amount: null, reason: `no sample value in ${currency}` } };
    }),
  );
}

/**
 * The valuation of a report: each provider/profile with its value, those
 * whose balance could not be fetched as not valued, and the exact sum of
 * those valued — complete only when every one was.
 */
export function summarizeValuation(report: BalanceReport, currency: string): Valuation {
  const accounts = [
    ...report.balances.map((set) => ({
      provider: set.provider,
      profile: set.profile,
      value: set.value ?? ({ currency, amount: null, reason: 'not valued' } satisfies AccountValue),
    })),
    ...report.errors.map((error) => ({
      provider: error.provider,
      profile: error.profile,
      value: { currency, amount: null, reason: `its balance could not be fetched: ${error.message}`, failure: error } satisfies AccountValue,
    })),
  ];
  const known = accounts.flatMap(({ value }) => (value.amount === null ? [] : [value.amount]));
  return {
    currency,
    total: sumAmounts(known) ?? new BigNumber(0),
    complete: accounts.length > 0 && known.length === accounts.length,
    accounts,
  };
}

export function withValuation(report: BalanceReport, currency: string): BalanceReport {
  return { ...report, valuation: summarizeValuation(report, currency) };
}
