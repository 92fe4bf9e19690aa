// What a completion script completes: commands, their options and arguments,
// as plain data (built from the command-line declaration, src/cli.ts).

export interface OptionSpec {
  /** e.g. "-p", or null. */
  readonly short: string | null;
  /** e.g. "--provider". */
  readonly long: string;
  readonly description: string;
  /** Whether the option takes a value, and whether it must. */
  readonly value: 'none' | 'required' | 'optional';
  /** Name of the value for help texts, e.g. "name". */
  readonly valueName: string;
  /** The values it accepts, when they are a fixed list. */
  readonly choices: readonly string[] | null;
  /** Values that change, printed one per line by `balance __complete <dynamic>`. */
  readonly dynamic: string | null;
  /** It may be given more than once. */
  readonly repeatable: boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly choices: readonly string[] | null;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
}

export interface CompletionSpec {
  /** The program's name, e.g. "balance". */
  readonly program: string;
  /** Options valid only before a command (--version, --help). */
  readonly rootOptions: readonly OptionSpec[];
  /** Options valid before and after any command (--debug, --color). */
  readonly globalOptions: readonly OptionSpec[];
  /** Each command's options include its --help. */
  readonly commands: readonly CommandSpec[];
}

/** Every spelling of an option, short first: ["-p", "--provider"]. */
export function optionNames(option: OptionSpec): string[] {
  return option.short === null ? [option.long] : [option.short, option.long];
}

/** Whether the word after the option is its value. */
export function takesSeparateValue(option: OptionSpec): boolean {
  return option.value === 'required';
}
