// --currency: "HKD" or "usdt,btc", case-insensitive, at most 20 codes.
import { usageError } from './errors.js';

export const MAX_CURRENCIES = 20;
const CODE = /^[A-Z0-9]{2,10}$/;

/** An upper-case currency code as --currency accepts it: 2–10 letters or digits. */
export function isCurrencyCode(code: string): boolean {
  return CODE.test(code);
}

export function parseCurrencyList(input: string | undefined): string[] {
  if (input === undefined) return [];
  const codes = input.split(',').map((code) => code.trim().toUpperCase());
  if (codes.every((code) => code === '')) throw usageError('--currency needs at least one currency code, e.g. --currency HKD');
  // "HKD,,USD" or "HKD," is most likely a typo that lost a code: say so rather than guess.
  if (codes.includes('')) throw usageError(`--currency "${input}" has an empty entry.`, 'Separate codes with single commas, e.g. --currency HKD,USD.');
  const bad = codes.find((code) => !isCurrencyCode(code));
  if (bad !== undefined) {
    throw usageError(`--currency: "${bad}" is not a currency code.`, 'Use 2–10 letters or digits, e.g. HKD, USDT, BTC.');
  }
  if (codes.length > MAX_CURRENCIES) {
    throw usageError(`--currency lists ${codes.length} currencies; at most ${MAX_CURRENCIES} are allowed.`);
  }
  return [...new Set(codes)];
}
