// --value-in for OKX: GET /api/v5/asset/asset-valuation?ccy=CUR, OKX's own
// value of the whole account — trading, funding, earn and classic, given as
// parts — in one of the valuation units OKX documents (HKD is not one). Read
// permission; one request per second per key (the limiter keeps to it).
import { withClockCorrection } from '../../net/clock.js';
import { isBalanceError } from '../../base/errors.js';
import { decimal, type Amount } from '../../base/money.js';
import type { AccountValue, Figure } from '../../base/model.js';
import type { ValuationSupport, ValueRequest } from '../types.js';
import { ASSET_VALUATION_PATH, getPrivate, measureClockOffset } from './client.js';
import { assetValuationBody } from './schema.js';

/** The valuation units OKX documents for asset-valuation's `ccy`. */
export const VALUATION_CURRENCIES: readonly string[] = [
  'USD', 'USDT', 'BTC', 'CNY', 'EUR', 'JPY', 'KRW', 'RUB', 'VND', 'IDR',
  'INR', 'PHP', 'THB', 'TRY', 'AUD', 'SGD', 'ARS', 'SAR', 'AED', 'IQD',
];

const SOURCE = 'asset-valuation';
const LABEL = 'OKX valuation';

export const okxValuation: ValuationSupport = {
  currencies: () => VALUATION_CURRENCIES,
  value: okxValue,
  sampleValues: {
    // The trading account is the documented example's totalEq; the rest illustrative.
    USD: {
      currency: 'USD',
      amount: decimal('56837.43556134779'),
      source: 'sample',
      label: `${LABEL}, sample`,
      parts: parts({ trading: decimal('55837.43556134779'), funding: decimal('1000'), earn: decimal('0'), classic: decimal('0') }),
      sample: true,
    },
    HKD: { currency: 'HKD', amount: null, reason: 'OKX does not value in HKD' },
  },
};

async function okxValue(request: ValueRequest): Promise<AccountValue> {
  const { currency } = request;
  if (!VALUATION_CURRENCIES.includes(currency)) return { currency, amount: null, reason: `OKX does not value in ${currency}` };
  const body = await withClockCorrection(
    () => getPrivate(request, ASSET_VALUATION_PATH, `ccy=${encodeURIComponent(currency)}`, assetValuationBody, 'asset valuation response'),
    (error) => (isBalanceError(error) && error.code === '50102' ? measureClockOffset(request) : null),
    request.correctClock,
  );
  const [valuation] = body.data;
  if (valuation.totalBal === null) return { currency, amount: null, reason: 'OKX answered without a total' };
  return { currency, amount: valuation.totalBal, source: SOURCE, label: LABEL, parts: parts(valuation.details), sample: false };
}

/** trading, funding, earn as given; classic only when it holds something (few accounts still have one). */
function parts(details: { trading: Amount; funding: Amount; earn: Amount; classic: Amount }): Figure[] {
  const list: Figure[] = [
    { key: 'trading', label: 'trading', value: details.trading },
    { key: 'funding', label: 'funding', value: details.funding },
    { key: 'earn', label: 'earn', value: details.earn },
  ];
  if (details.classic !== null && !details.classic.isZero()) list.push({ key: 'classic', label: 'classic', value: details.classic });
  return list.filter((figure) => figure.value !== null);
}
