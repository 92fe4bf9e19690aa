// What a completion script completes: the command tree — commands, their
// subcommands, options and arguments — as plain data (built from the
// command-line declaration, src/cli.ts).

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
  /** The value is a comma-separated list of `choices` (e.g. --fields currency,available). */
  readonly list?: boolean;
  /** Values that change, printed one per line by `balance __complete <dynamic>`. */
  readonly dynamic: string | null;
  /** It may be given more than once. */
  readonly repeatable: boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly choices: readonly string[] | null;
  /** Values that change, as for OptionSpec.dynamic. */
  readonly dynamic?: string | null;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
  /** Its subcommands (`auth login`, …); a command with subcommands takes no arguments of its own. */
  readonly commands?: readonly CommandSpec[];
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

/** One place in the command tree: the words that lead to it ([] for the program itself). */
export interface CommandNode {
  readonly path: readonly string[];
  /** The options valid there: the command's own, the global ones, and at the top the root ones. */
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
  readonly commands: readonly CommandSpec[];
}

/** Every place in the command tree, the program first, parents before their subcommands. */
export function commandNodes(spec: CompletionSpec): CommandNode[] {
  const nodes: CommandNode[] = [{ path: [], options: [...spec.rootOptions, ...spec.globalOptions], arguments: [], commands: spec.commands }];
  const visit = (command: CommandSpec, parent: readonly string[]): void => {
    const path = [...parent, command.name];
    nodes.push({ path, options: [...command.options, ...spec.globalOptions], arguments: command.arguments, commands: command.commands ?? [] });
    for (const sub of command.commands ?? []) visit(sub, path);
  };
  for (const command of spec.commands) visit(command, []);
  return nodes;
}

/** Every spelling of an option, short first: ["-p", "--provider"]. */
export function optionNames(option: OptionSpec): string[] {
  return option.short === null ? [option.long] : [option.short, option.long];
}

/** Whether the word after the option is its value. */
export function takesSeparateValue(option: OptionSpec): boolean {
  return option.value === 'required';
}
