// Exact decimal money. Every amount travels as a BigNumber from the wire to the
// screen; text leaves only through toPlain() / toGrouped(), which never use
// exponent notation.
import BigNumber from 'bignumber.js';

/** An amount, or null where the provider says the figure does not apply. */
export type Amount = BigNumber | null;

/** Amounts beyond these bounds are not money but a broken response. */
const MAX_INTEGER_DIGITS = 30;
const MAX_FRACTION_DIGITS = 30;

const DECIMAL_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export type DecimalParseResult =
  | { ok: true; value: BigNumber }
  | { ok: false; reason: string };

/**
 * Parses a decimal written the way JSON numbers and providers' strings are
 * written ("12.30", "-276806.51", "1e-8"). Refuses anything else, and refuses
 * magnitudes no account holds, instead of guessing.
 */
export function parseDecimal(text: string): DecimalParseResult {
  const trimmed = text.trim();
  if (!DECIMAL_SYNTAX.test(trimmed)) {
    return { ok: false, reason: `not a decimal number: ${JSON.stringify(clip(text))}` };
  }
  // Cheap guard against "1e999999999" before BigNumber expands it.
  const exponent = /[eE]([+-]?\d+)$/.exec(trimmed);
  if (exponent && Math.abs(Number(exponent[1])) > MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS) {
    return { ok: false, reason: `amount out of range: ${JSON.stringify(clip(text))}` };
  }
  const value = new BigNumber(trimmed);
  if (!value.isFinite()) return { ok: false, reason: `not a finite number: ${JSON.stringify(clip(text))}` };
  const integerDigits = value.abs().integerValue(BigNumber.ROUND_DOWN).toFixed().length;
  const fractionDigits = value.decimalPlaces() ?? 0;
  if (integerDigits > MAX_INTEGER_DIGITS || fractionDigits > MAX_FRACTION_DIGITS) {
    return { ok: false, reason: `amount out of range: ${JSON.stringify(clip(text))}` };
  }
  // Normalise negative zero so it never prints as "-0".
  const result = value.isZero() ? new BigNumber(0) : value;
  const written = writtenScale(trimmed);
  if (written > (result.decimalPlaces() ?? 0)) scales.set(result, written);
  return { ok: true, value: result };
}

/**
 * The number of decimals the provider wrote ("97592.30" → 2), kept so that
 * "97592.30" is shown as written rather than as "97592.3". Only amounts parsed
 * here carry one; computed amounts print their own exact digits.
 */
const scales = new WeakMap<BigNumber, number>();

function writtenScale(text: string): number {
  const match = /^[+-]?\d*(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const fraction = match?.[1]?.length ?? 0;
  const exponent = Number(match?.[2] ?? 0);
  return Math.max(0, fraction - exponent);
}

function displayScale(amount: BigNumber): number {
  return Math.max(scales.get(amount) ?? 0, amount.decimalPlaces() ?? 0);
}

/**
 * The exact sum, shown with as many decimals as the most precise addend
 * ("97592.30" + "1.5" → "97593.80"); null when any addend is null, since a
 * sum of what is known would understate the total.
 */
export function sumAmounts(amounts: readonly Amount[]): Amount {
  let total: BigNumber | null = null;
  let scale = 0;
  for (const amount of amounts) {
    if (amount === null) return null;
    total = total === null ? amount : total.plus(amount);
    scale = Math.max(scale, displayScale(amount));
  }
  if (total !== null && scale > (total.decimalPlaces() ?? 0)) scales.set(total, scale);
  return total;
}

/** Exact plain notation, e.g. "0.00000001" or "97592.30"; null stays null. */
export function toPlain(amount: Amount): string | null {
  return amount === null ? null : amount.toFixed(displayScale(amount));
}

/** Exact, with thousands separators, e.g. "1,759,070,010.72". */
export function toGrouped(amount: BigNumber): string {
  return amount.toFormat(displayScale(amount), {
    decimalSeparator: '.',
    groupSeparator: ',',
    groupSize: 3,
    prefix: '',
    suffix: '',
    secondaryGroupSize: 0,
    fractionGroupSeparator: '',
    fractionGroupSize: 0,
  });
}

export function decimal(text: string): BigNumber {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.value;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
