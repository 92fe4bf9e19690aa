// `balance completion bash|zsh|fish`: a completion script built from the
// command-line declaration itself, so it always matches the options there are.
// `balance __complete <what>`: the values that change, for those scripts.
import type { Command, Option } from 'commander';
import { usageError } from '../base/errors.js';
import { isRepeatable } from '../base/options.js';
import type { Io } from '../terminal/io.js';
import { bashScript } from '../output/completion/bash.js';
import { fishScript } from '../output/completion/fish.js';
import type { CommandSpec, CompletionSpec, OptionSpec } from '../output/completion/spec.js';
import { zshScript } from '../output/completion/zsh.js';
import { ROW_FIELDS } from '../output/rows.js';

/** Options whose values are completed by `balance __complete <source>`. */
const DYNAMIC_VALUES: Readonly<Record<string, string>> = { '--profile': 'profiles' };

/** Arguments ("command path:argument") completed the same way. */
const DYNAMIC_ARGUMENTS: Readonly<Record<string, string>> = { 'auth default:name': 'profiles' };

/** Options whose value is a comma-separated list of known names. */
const LIST_VALUES: Readonly<Record<string, readonly string[]>> = { '--fields': ROW_FIELDS };

const GENERATORS: Readonly<Record<string, (spec: CompletionSpec) => string>> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export function runCompletion(shell: string, program: Command, io: Io): number {
  const generate = GENERATORS[shell];
  if (generate === undefined) throw usageError(`No completion for "${shell}".`, `Choose one of: ${Object.keys(GENERATORS).join(', ')}.`);
  io.out(generate(completionSpec(program)));
  return 0;
}

/** Prints the values, one per line. */
export async function runCompleteValues(what: string, io: Io): Promise<number> {
  switch (what) {
    case 'profiles': {
      // Stored profile names. Completion must never print an error into the
      // shell: an unreadable settings file simply completes nothing.
      const { openStoredProfiles } = await import('../accounts/stored-profiles.js');
      const state = await openStoredProfiles(io.env).readState().catch(() => null);
      for (const profile of state?.profiles ?? []) io.out(`${profile.name}\n`);
      return 0;
    }
    default:
      throw usageError(`Nothing to complete for "${what}".`);
  }
}

export function completionSpec(program: Command): CompletionSpec {
  const options = program.options.filter((option) => !option.hidden).map(optionSpec);
  const isRoot = (option: OptionSpec): boolean => option.long === '--version';
  return {
    program: program.name(),
    rootOptions: [...options.filter(isRoot), helpOption('display help')],
    globalOptions: options.filter((option) => !isRoot(option)),
    commands: visibleCommands(program).map((command) => commandSpec(command, [])),
  };
}

function visibleCommands(command: Command): Command[] {
  return command.commands.filter((sub) => !sub.name().startsWith('__'));
}

function commandSpec(command: Command, parent: readonly string[]): CommandSpec {
  const path = [...parent, command.name()];
  return {
    name: command.name(),
    description: command.description(),
    options: [...command.options.filter((option) => !option.hidden).map(optionSpec), helpOption('display help for the command')],
    arguments: command.registeredArguments.map((argument) => ({
      name: argument.name(),
      choices: argument.argChoices ?? null,
      dynamic: DYNAMIC_ARGUMENTS[`${path.join(' ')}:${argument.name()}`] ?? null,
    })),
    commands: visibleCommands(command).map((sub) => commandSpec(sub, path)),
  };
}

/** commander adds -h, --help to every command without listing it among the options. */
function helpOption(description: string): OptionSpec {
  return { short: '-h', long: '--help', description, value: 'none', valueName: 'value', choices: null, dynamic: null, repeatable: false };
}

function optionSpec(option: Option): OptionSpec {
  const long = option.long ?? option.short ?? option.flags;
  const list = LIST_VALUES[long];
  return {
    short: option.long === undefined ? null : (option.short ?? null),
    long,
    description: option.description,
    value: option.required ? 'required' : option.optional ? 'optional' : 'none',
    valueName: /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? 'value',
    choices: list ?? option.argChoices ?? null,
    ...(list === undefined ? {} : { list: true }),
    dynamic: DYNAMIC_VALUES[long] ?? null,
    repeatable: isRepeatable(option.description),
  };
}
