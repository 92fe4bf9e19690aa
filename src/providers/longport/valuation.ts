// --value-in for Longport/Longbridge: the account's `net_assets`, which the
// broker computes in the currency asked for (GET /v1/asset/account?currency=
// HKD, USD or CNH). When the balance was already fetched in that currency, its
// answer serves both and no second request is made. The 2022 API takes no
// currency: its account is valued only in its own summary currency, and only
// when the answer carries net_assets.
import type BigNumber from 'bignumber.js';
import { decimal, sumAmounts } from '../../base/money.js';
import type { Account, AccountValue } from '../../base/model.js';
import type { ValuationSupport, ValueRequest } from '../types.js';
import type { Brand } from './brand.js';
import { fetchAccounts, QUERY_CURRENCIES } from './client.js';

const SOURCE = 'net_assets';
const LABEL = 'broker valuation';

export function longportValuation(brand: Brand): ValuationSupport {
  return {
    currencies: (settings) => (settings.legacyApi ? null : QUERY_CURRENCIES),
    value: (request) => (request.settings.legacyApi ? legacyValue(brand, request) : currentValue(brand, request)),
    sampleValues: {
      // HKD: net_assets of the documented example; USD: an illustrative figure.
      HKD: sampleValue('HKD', '24145.90'),
      USD: sampleValue('USD', '3104.96'),
    },
  };
}

async function currentValue(brand: Brand, request: ValueRequest): Promise<AccountValue> {
  const { currency } = request;
  if (!QUERY_CURRENCIES.includes(currency)) {
    return unknown(currency, `${brand.title} values accounts only in ${QUERY_CURRENCIES.join(', ')}`);
  }
  const ready = netAssetsIn(request.accounts, currency);
  if (ready !== null) return known(currency, ready);
  const query = new URLSearchParams({ currency }).toString();
  const accounts = await fetchAccounts(brand, { ...request, currencies: [] }, query);
  if (accounts.length === 0) return unknown(currency, `${brand.title} returned no account to value`);
  const answered = accounts.find((account) => account.currency !== currency);
  if (answered !== undefined) {
    return unknown(currency, `${brand.title} answered in ${answered.currency ?? 'no currency'} when asked for ${currency}`);
  }
  const amount = netAssetsIn(accounts, currency);
  return amount === null ? unknown(currency, `${brand.title} reported no net assets`) : known(currency, amount);
}

async function legacyValue(brand: Brand, request: ValueRequest): Promise<AccountValue> {
  const { currency, accounts } = request;
  if (accounts.length === 0) return unknown(currency, `${brand.title} returned no account to value`);
  const other = accounts.find((account) => account.currency !== currency);
  if (other !== undefined) {
    const own = other.currency === null ? 'no summary currency' : `summary currency ${other.currency}`;
    return unknown(currency, `the 2022 ${brand.title} API takes no currency and this account has ${own}`);
  }
  const amount = netAssetsIn(accounts, currency);
  return amount === null ? unknown(currency, `the 2022 ${brand.title} API reported no net assets for this account`) : known(currency, amount);
}

/** The exact sum of net_assets when every account's figures are in `currency` and report it; else null. */
function netAssetsIn(accounts: readonly Account[], currency: string): BigNumber | null {
  if (accounts.length === 0 || accounts.some((account) => account.currency !== currency)) return null;
  return sumAmounts(accounts.map((account) => account.summary.find((figure) => figure.key === 'netAssets')?.value ?? null));
}

function known(currency: string, amount: BigNumber): AccountValue {
  return { currency, amount, source: SOURCE, label: LABEL, parts: [], sample: false };
}

function unknown(currency: string, reason: string): AccountValue {
  return { currency, amount: null, reason };
}

function sampleValue(currency: string, amount: string): AccountValue {
  return { currency, amount: decimal(amount), source: 'sample', label: `${LABEL}, sample`, parts: [], sample: true };
}
