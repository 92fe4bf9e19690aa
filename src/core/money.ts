// Exact decimal money. Every amount travels as a BigNumber from the wire to the
// screen; text leaves only through toPlain() / toGrouped(), which never use
// exponent notation.
import BigNumber from 'bignumber.js';

export type Decimal = BigNumber;
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
  return { ok: true, value: value.isZero() ? new BigNumber(0) : value };
}

/** Exact plain notation, e.g. "0.00000001"; null stays null. */
export function toPlain(amount: Amount): string | null {
  return amount === null ? null : amount.toFixed();
}

/** Exact, with thousands separators, e.g. "1,759,070,010.72". */
export function toGrouped(amount: BigNumber): string {
  return amount.toFormat({
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
