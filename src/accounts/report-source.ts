// Where a command's balances come from: the fetch targets it resolved (empty
// for built-in sample data) and a way to fetch them, once or repeatedly.
import type { FetchTarget } from './fetch.js';
import type { BalanceReport } from '../base/model.js';

export interface ReportSource {
  /** What each fetch queries; empty for sample data, which makes no request. */
  readonly targets: readonly FetchTarget[];
  /** Each fetch also values the accounts (--value-in): more requests per refresh. */
  readonly valuing?: boolean;
  /** Fetches every target once. Failures are entries in `errors`, not rejections. */
  fetch(signal?: AbortSignal): Promise<BalanceReport>;
}
