// What the command line's declaration (src/cli.ts) tells the code that reads
// it back (the completion scripts) about an option, beyond what commander keeps.

/** Ends the description of an option whose values add up when it is repeated (--currency, --min-available). */
export const REPEATABLE = '(repeatable)';

export function isRepeatable(description: string): boolean {
  return description.endsWith(REPEATABLE);
}
