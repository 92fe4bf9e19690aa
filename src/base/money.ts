// Exact decimal money. Every amount travels as a BigNumber from the wire to the
// screen; text leaves only through toPlain() / toGrouped(), which never use
// exponent notation.
import BigNumber from 'bignumber.js';

/** An amount, or null where the provider says the figure does not apply. */
export type Amount = BigNumber | null;

/** Amounts beyond these bounds are not money but a broken response. */
const MAX_INTEGER_DIGITS = 30;
const MAX_FRACTION_DIGITS = 30;

/** Sign, integer digits, fraction digits, exponent: the parts of a decimal as JSON and providers write it. */
const DECIMAL_PARTS = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

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
  const parts = DECIMAL_PARTS.exec(trimmed);
  const integer = parts?.[1] ?? '';
  const fraction = parts?.[2] ?? '';
  // At least one digit, before or after the point ("5.", ".5"; not "." or "e5").
  if (parts === null || (integer === '' && fraction === '')) {
    return { ok: false, reason: `not a decimal number: ${JSON.stringify(clip(text))}` };
  }
  const exponent = parts[3];
  // Cheap guard against "1e999999999" before BigNumber expands it.
  if (exponent !== undefined && Math.abs(Number(exponent)) > MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS) {
    return { ok: false, reason: `amount out of range: ${JSON.stringify(clip(text))}` };
  }
  const value = new BigNumber(trimmed);
  if (!value.isFinite()) return { ok: false, reason: `not a finite number: ${JSON.stringify(clip(text))}` };
  // The digits are counted in the text when it is written plainly (almost
  // always), and in the number only when an exponent moves the point.
  const digits = exponent === undefined ? writtenDigits(integer, fraction) : numberDigits(value);
  if (digits.integer > MAX_INTEGER_DIGITS || digits.fraction > MAX_FRACTION_DIGITS) {
    return { ok: false, reason: `amount out of range: ${JSON.stringify(clip(text))}` };
  }
  // Normalise negative zero so it never prints as "-0".
  const result = value.isZero() ? new BigNumber(0) : value;
  const written = Math.max(0, fraction.length - Number(exponent ?? 0));
  if (written > digits.fraction) scales.set(result, written);
  return { ok: true, value: result };
}

/** Significant integer digits (at least 1) and decimal places (trailing zeros not counted) of a plainly written decimal. */
function writtenDigits(integer: string, fraction: string): { integer: number; fraction: number } {
  let leading = 0;
  while (leading < integer.length - 1 && integer.charCodeAt(leading) === 48) leading++;
  let places = fraction.length;
  while (places > 0 && fraction.charCodeAt(places - 1) === 48) places--;
  return { integer: Math.max(1, integer.length - leading), fraction: places };
}

/** The same, of a number. */
function numberDigits(value: BigNumber): { integer: number; fraction: number } {
  return { integer: value.abs().integerValue(BigNumber.ROUND_DOWN).toFixed().length, fraction: value.decimalPlaces() ?? 0 };
}

/**
 * The number of decimals the provider wrote ("97592.30" → 2), kept so that
 * "97592.30" is shown as written rather than as "97592.3". Only amounts parsed
 * here carry one; computed amounts print their own exact digits.
 */
const scales = new WeakMap<BigNumber, number>();


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
