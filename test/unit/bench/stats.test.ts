// The benchmark's arithmetic (bench/stats.ts, bench/report.ts). No timing here:
// the numbers are given, only what is made of them is checked.
import { describe, expect, it } from 'vitest';
import { judge, overBudget, resultsTable, type RowResult } from '../../../bench/report.js';
import { interleavedOrder, median, spread, verdict } from '../../../bench/stats.js';

describe('median and spread', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([5])).toBe(5);
  });

  it('takes the mean of the two middle samples of an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('is not moved by one outlier, unlike the mean', () => {
    expect(median([10, 11, 12, 13, 500])).toBe(12);
  });

  it('reports the smallest and largest sample', () => {
    expect(spread([12, 9, 30, 11])).toEqual({ min: 9, max: 30 });
  });

  it('refuses no samples instead of inventing a number', () => {
    expect(() => median([])).toThrow();
    expect(() => spread([])).toThrow();
  });
});

describe('interleaved order', () => {
  it('runs every command once per round, A/B/C then B/C/A then C/A/B', () => {
    expect(interleavedOrder(3, 3)).toEqual([0, 1, 2, 1, 2, 0, 2, 0, 1]);
  });

  it('gives every command the same number of runs', () => {
    const order = interleavedOrder(4, 7);
    expect(order).toHaveLength(28);
    for (let command = 0; command < 4; command++) expect(order.filter((index) => index === command)).toHaveLength(7);
  });

  it('never runs a command twice in a row within a round', () => {
    const order = interleavedOrder(5, 5);
    for (let round = 0; round < 5; round++) {
      const slice = order.slice(round * 5, round * 5 + 5);
      expect(new Set(slice).size).toBe(5);
    }
  });
});

describe('budgets', () => {
  const row = (id: string, times: number[], rssKb: number[] = [], budgets: RowResult['budgets'] = []): RowResult => ({
    id,
    label: `row ${id}`,
    times,
    rssKb,
    budgets,
  });

  it('compares medians: a row within its bound passes, one beyond it is over', () => {
    const rows = [
      row('1', [40, 41, 39]),
      row('3a', [59, 60, 61], [], [{ metric: 'time', against: '1', limit: 1.5, kind: 'at-most' }]),
      row('3b', [70, 61, 62], [], [{ metric: 'time', against: '1', limit: 1.5, kind: 'at-most' }]),
    ];
    expect(judge(rows, rows[1]!)[0]).toMatchObject({ verdict: 'pass', budget: { ratio: 1.5 } });
    expect(judge(rows, rows[2]!)[0]).toMatchObject({ verdict: 'over' });
    expect(overBudget(rows).map((judged) => judged.budget.label)).toEqual(['time ≤ 1.5 × row 1']);
  });

  it('judges peak RSS on its own samples', () => {
    const rows = [row('2', [100], [80_000]), row('4a', [90], [90_000], [{ metric: 'rss', against: '2', limit: 1.1, kind: 'at-most' }])];
    expect(judge(rows, rows[1]!)[0]).toMatchObject({ verdict: 'over' });
  });

  it('an at-least budget passes when the row is that many times slower', () => {
    expect(verdict({ label: '', ratio: 9, limit: 8, kind: 'at-least' })).toBe('pass');
    expect(verdict({ label: '', ratio: 7, limit: 8, kind: 'at-least' })).toBe('over');
  });

  it('a missed informational budget is reported but not counted as ours', () => {
    const rows = [row('4a', [100]), row('6', [500], [], [{ metric: 'time', against: '4a', limit: 8, kind: 'at-least', informational: true }])];
    expect(judge(rows, rows[1]!)[0]?.verdict).toBe('over');
    expect(overBudget(rows)).toEqual([]);
  });

  it('says "not measured" when the reference row did not run', () => {
    const rows = [
      { ...row('5b', []), notMeasured: 'stored profiles not available in this build' },
      row('5a', [320], [], [{ metric: 'time', against: '5b', limit: 1.3, kind: 'at-most' }]),
    ];
    expect(judge(rows, rows[1]!)[0]?.verdict).toBe('not measured');
    expect(overBudget(rows)).toEqual([]);
    expect(resultsTable(rows)).toContain('| 5b | row 5b | — | — | — | — | — | — | not measured: stored profiles not available in this build |');
  });

  it('prints medians, spread and ratios to rows 1 and 2 in the table', () => {
    const rows = [row('1', [40, 42, 44]), row('2', [80, 84, 88]), { ...row('3a', [50, 60, 70], [45 * 1024]), requests: 2 }];
    expect(resultsTable(rows).split('\n')[4]).toBe('| 3a | row 3a | 2 | 60.0 | 50.0–70.0 | 1.43× | 0.71× | 45.0 |  |');
  });
});
