// The benchmark's arithmetic: the order runs are made in, and what is
// reported of them. Pure functions, unit-tested (test/unit/bench-stats.test.ts).

/** Median of the samples: the middle one, or the mean of the middle two. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Spread {
  readonly min: number;
  readonly max: number;
}

export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error('spread of no samples');
  return { min: Math.min(...samples), max: Math.max(...samples) };
}

/**
 * The order of runs: `rounds` rounds, each running every command once, so
 * A/B/C/A/B/C… and drift of the machine hits every command alike. Each round
 * starts one command later than the one before, so no command always runs
 * right after the same neighbour.
 */
export function interleavedOrder(commands: number, rounds: number): number[] {
  const order: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < commands; step++) order.push((round + step) % commands);
  }
  return order;
}

/** a / b, or undefined when either is unknown or b is zero. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || b === 0) return undefined;
  return a / b;
}

export interface Budget {
  /** What is compared, e.g. "time ≤ 1.5 × node -e 0". */
  readonly label: string;
  readonly ratio: number | undefined;
  /** The bound on the ratio. */
  readonly limit: number;
  /** "at-most": ratio ≤ limit (ours); "at-least": ratio ≥ limit (the alternative's). */
  readonly kind: 'at-most' | 'at-least';
}

export type Verdict = 'pass' | 'over' | 'not measured';

export function verdict(budget: Budget): Verdict {
  if (budget.ratio === undefined) return 'not measured';
  return (budget.kind === 'at-most' ? budget.ratio <= budget.limit : budget.ratio >= budget.limit) ? 'pass' : 'over';
}

/** "12.3" for milliseconds; "—" when unknown. */
export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '—' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

/** "1.23×"; "—" when unknown. */
export function formatRatio(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toFixed(2)}×`;
}
