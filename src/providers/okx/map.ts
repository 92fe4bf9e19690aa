// OKX trading account → the unified Account.
//
// Risk comes from the maintenance margin ratio `mgnRatio` (1 = 100 %; at or
// below 1 OKX liquidates). The lowest ratio reported — account level, or per
// currency in futures mode — decides:
//
//   no ratio ("")     → 0 safe     (nothing borrowed or margined)
//   ratio > 3         → 0 safe
//   1.5 < ratio ≤ 3   → 1 medium
//   1 < ratio ≤ 1.5   → 2 warning
//   ratio ≤ 1         → 3 danger
import BigNumber from 'bignumber.js';
import type { Account, CashRow, Figure, RiskLevel } from '../../base/model.js';
import { toPlain, type Amount } from '../../base/money.js';
import type { AssetBalance, Balance, BalanceDetail, MaxWithdrawal } from './schema.js';

const SAFE_ABOVE = new BigNumber(3);
const MEDIUM_ABOVE = new BigNumber('1.5');
const WARNING_ABOVE = new BigNumber(1);

export interface Risk {
  readonly level: RiskLevel;
  /** e.g. "margin ratio 0.98", or null when no ratio applies. */
  readonly basis: string | null;
}

interface RatioSource {
  readonly ratio: BigNumber;
  /** Currency for a per-currency ratio, null for the account's own. */
  readonly currency: string | null;
}

export function levelForRatio(ratio: BigNumber): RiskLevel {
  if (ratio.gt(SAFE_ABOVE)) return 0;
  if (ratio.gt(MEDIUM_ABOVE)) return 1;
  if (ratio.gt(WARNING_ABOVE)) return 2;
  return 3;
}

export function deriveRisk(balance: Pick<Balance, 'mgnRatio' | 'details'>): Risk {
  const sources: RatioSource[] = [];
  if (balance.mgnRatio !== null) sources.push({ ratio: balance.mgnRatio, currency: null });
  for (const detail of balance.details) {
    if (detail.mgnRatio !== null) sources.push({ ratio: detail.mgnRatio, currency: detail.ccy });
  }
  let lowest: RatioSource | undefined;
  for (const source of sources) {
    if (lowest === undefined || source.ratio.lt(lowest.ratio)) lowest = source;
  }
  if (lowest === undefined) return { level: 0, basis: null };
  const basis = `margin ratio ${toPlain(lowest.ratio) ?? ''}${lowest.currency === null ? '' : ` (${lowest.currency})`}`;
  return { level: levelForRatio(lowest.ratio), basis };
}

const figure = (key: string, label: string, value: Amount): Figure => ({ key, label, value });

function summary(balance: Balance): Figure[] {
  return [
    figure('totalEquity', 'Total equity (USD)', balance.totalEq),
    figure('adjustedEquity', 'Adjusted equity (USD)', balance.adjEq),
    figure('availableEquity', 'Available equity (USD)', balance.availEq),
    figure('initialMargin', 'Initial margin (USD)', balance.imr),
    figure('maintenanceMargin', 'Maintenance margin (USD)', balance.mmr),
    figure('marginRatio', 'Margin ratio', balance.mgnRatio),
    figure('unrealizedPnl', 'Unrealised P&L (USD)', balance.upl),
  ];
}

function cashRow(detail: BalanceDetail, withdrawable: Amount): CashRow {
  return {
    currency: detail.ccy,
    available: detail.availBal,
    frozen: detail.frozenBal,
    settling: null,
    withdrawable,
    extra: [
      figure('equity', 'Equity', detail.eq),
      figure('cashBalance', 'Cash balance', detail.cashBal),
      figure('liabilities', 'Liabilities', detail.liab),
      figure('unrealizedPnl', 'Unrealised P&L', detail.upl),
      figure('equityUsd', 'Equity (USD)', detail.eqUsd),
    ],
  };
}

/**
 * The trading account. `withdrawals` come from /account/max-withdrawal; a
 * currency it does not list has an unknown (null) withdrawable amount.
 */
export function mapAccount(balance: Balance, withdrawals: readonly MaxWithdrawal[]): Account {
  const maxWd = new Map<string, Amount>();
  for (const entry of withdrawals) maxWd.set(entry.ccy, entry.maxWd);
  const risk = deriveRisk(balance);
  return {
    type: 'trading',
    currency: 'USD',
    riskLevel: risk.level,
    riskBasis: risk.basis,
    summary: summary(balance),
    cash: balance.details.map((detail) => cashRow(detail, maxWd.get(detail.ccy) ?? null)),
  };
}

/**
 * The funding account (GET /api/v5/asset/balances): where deposits land and
 * withdrawals leave from. Nothing in it is margined, so it cannot be
 * liquidated: its risk is "safe". OKX gives no withdrawable figure for it
 * (withdrawal limits apply on top of the available balance), so that is null.
 */
export function mapFundingAccount(balances: readonly AssetBalance[]): Account {
  return {
    type: 'funding',
    currency: null,
    riskLevel: 0,
    riskBasis: 'funding account, no margin',
    summary: [],
    cash: balances.map((entry) => ({
      currency: entry.ccy,
      available: entry.availBal,
      frozen: entry.frozenBal,
      settling: null,
      withdrawable: null,
      extra: [figure('balance', 'Balance', entry.bal)],
    })),
  };
}
