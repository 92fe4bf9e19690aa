// How the command line reads option values, beyond what commander does:
// fixed choices in any case with "did you mean", lists that may be given more
// than once (merged), and any other option given twice refused (exit 2).
import { InvalidArgumentError, Option, type Command } from 'commander';
import { isRepeatable, REPEATABLE } from './base/options.js';
import { closestWord } from './base/suggest.js';

export { REPEATABLE };

/** An option that takes one of `choices`, in any case (OKX, Json…); a typo is answered with the closest choice. */
export function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices).argParser((value: string) => {
    const lower = value.toLowerCase();
    if (choices.includes(lower)) return lower;
    const near = closestWord(value, choices);
    throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.${near === null ? '' : ` Did you mean ${near}?`}`);
  });
}

/** A comma-separated list that may also be repeated: `--currency HKD --currency USD` is `--currency HKD,USD`. */
export function listOption(flags: string, description: string): Option {
  return new Option(flags, `${description} ${REPEATABLE}`).argParser((value: string, previous: string | undefined) =>
    previous === undefined ? value : `${previous},${value}`,
  );
}

/**
 * Refuses an option given twice, in every command under `program`: commander
 * would silently keep the last value. Repeatable options (marked REPEATABLE)
 * and flags without a value are left alone.
 */
export function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (!(option.required || option.optional) || isRepeatable(option.description)) continue;
    let seen = 0;
    command.on(`option:${option.name()}`, () => {
      seen += 1;
      if (seen > 1) command.error(`error: option '${option.flags}' was given more than once; give it once.`, { exitCode: 2, code: 'balance.repeatedOption' });
    });
  }
  for (const sub of command.commands) refuseRepeatedOptions(sub);
}
