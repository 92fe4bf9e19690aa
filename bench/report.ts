// The bench's results as markdown: the table printed, written to
// bench/RESULTS.md and quoted in docs/performance.md. Pure: results in, text out.
import { formatMs, formatRatio, median, ratio, spread, verdict, type Budget, type Verdict } from './stats.js';

/** What a row is compared with: another row's time or peak RSS. */
export interface BudgetSpec {
  readonly metric: 'time' | 'rss';
  /** Row id of the reference. */
  readonly against: string;
  readonly limit: number;
  readonly kind: 'at-most' | 'at-least';
  /** Reported but not ours to meet (ccxt). */
  readonly informational?: boolean;
}

export interface RowResult {
  /** "1", "3a", …: the numbering of issue 6. */
  readonly id: string;
  readonly label: string;
  readonly times: readonly number[];
  /** Peak RSS samples in kilobytes; empty when not measured. */
  readonly rssKb: readonly number[];
  /** HTTP requests one run made to the local servers. */
  readonly requests?: number;
  /** Connections one run made through the TLS relay, e.g. "TCP 1, TLS 1". */
  readonly connections?: string;
  /** Why the row was not run, e.g. "stored profiles not available in this build". */
  readonly notMeasured?: string;
  readonly budgets: readonly BudgetSpec[];
}

export interface Judged {
  readonly spec: BudgetSpec;
  readonly budget: Budget;
  readonly verdict: Verdict;
}

const medianOf = (samples: readonly number[]): number | undefined => (samples.length === 0 ? undefined : median(samples));

function rowById(rows: readonly RowResult[], id: string): RowResult | undefined {
  return rows.find((row) => row.id === id);
}

function metricOf(row: RowResult | undefined, metric: BudgetSpec['metric']): number | undefined {
  if (row === undefined) return undefined;
  return medianOf(metric === 'time' ? row.times : row.rssKb);
}

export function judge(rows: readonly RowResult[], row: RowResult): Judged[] {
  return row.budgets.map((spec) => {
    const value = ratio(metricOf(row, spec.metric), metricOf(rowById(rows, spec.against), spec.metric));
    const sign = spec.kind === 'at-most' ? '≤' : '≥';
    const budget: Budget = { label: `${spec.metric} ${sign} ${spec.limit} × row ${spec.against}`, ratio: value, limit: spec.limit, kind: spec.kind };
    return { spec, budget, verdict: verdict(budget) };
  });
}

/** Budgets of ours that were measured and missed. */
export function overBudget(rows: readonly RowResult[]): Judged[] {
  return rows.flatMap((row) => judge(rows, row)).filter((judged) => judged.verdict === 'over' && judged.spec.informational !== true);
}

function verdictText(judged: Judged): string {
  const mark = judged.verdict === 'pass' ? 'ok' : judged.verdict === 'over' ? (judged.spec.informational ? 'missed' : '**OVER**') : 'not measured';
  return `${judged.budget.label}: ${formatRatio(judged.budget.ratio)} ${mark}`;
}

const megabytes = (kb: number | undefined): string => (kb === undefined ? '—' : (kb / 1024).toFixed(1));

/** "2", or "2 (TCP 1, TLS 1)" through the relay. */
function requestsText(row: RowResult): string {
  if (row.requests === undefined) return '—';
  return row.connections === undefined ? String(row.requests) : `${row.requests} (${row.connections})`;
}

/** The full table: medians, spread, ratios to rows 1 and 2, peak RSS, verdicts. */
export function resultsTable(rows: readonly RowResult[]): string {
  const floor = metricOf(rowById(rows, '1'), 'time');
  const script = metricOf(rowById(rows, '2'), 'time');
  const lines = [
    '| # | command | requests | median ms | min–max ms | × row 1 | × row 2 | peak RSS MB | budget (ratio, verdict) |',
    '|---|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const row of rows) {
    if (row.notMeasured !== undefined) {
      lines.push(`| ${row.id} | ${row.label} | — | — | — | — | — | — | not measured: ${row.notMeasured} |`);
      continue;
    }
    const time = medianOf(row.times);
    const range = row.times.length === 0 ? undefined : spread(row.times);
    const budgets = judge(rows, row).map(verdictText).join('; ');
    lines.push(
      [
        '',
        row.id,
        row.label,
        requestsText(row),
        formatMs(time),
        range === undefined ? '—' : `${formatMs(range.min)}–${formatMs(range.max)}`,
        formatRatio(ratio(time, floor)),
        formatRatio(ratio(time, script)),
        megabytes(medianOf(row.rssKb)),
        budgets === '' ? '' : budgets,
        '',
      ].join(' | ').trim(),
    );
  }
  return lines.join('\n');
}

/** The short form in docs/performance.md: each row's requests, median and verdicts. */
export function summaryTable(rows: readonly RowResult[]): string {
  const lines = ['| # | command | requests | median | budget (ratio, verdict) |', '|---|---|--:|--:|---|'];
  for (const row of rows) {
    if (row.notMeasured !== undefined) {
      lines.push(`| ${row.id} | ${row.label} | — | — | not measured: ${row.notMeasured} |`);
      continue;
    }
    const budgets = judge(rows, row).map(verdictText).join('; ');
    lines.push(`| ${row.id} | ${row.label} | ${requestsText(row)} | ${formatMs(medianOf(row.times))} ms | ${budgets} |`);
  }
  return lines.join('\n');
}
