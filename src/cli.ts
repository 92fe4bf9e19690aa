// The command line: declares commands and options, and loads each command's
// module only when that command runs. Errors end here: one or two lines on
// stderr and an exit code; a stack trace only with --debug.
import { Argument, Command, CommanderError, Option } from 'commander';
import { choiceOption, listOption, refuseRepeatedOptions, REPEATABLE } from './cli-options.js';
import { ExitCode, isBalanceError } from './base/errors.js';
import { redact } from './base/redact.js';
import { processIo, type Io } from './terminal/io.js';

declare const __BALANCE_VERSION__: string;

// Help texts are fixed strings: --help reads no file and loads nothing more.
const WHERE_SETTINGS_LIVE = `Settings: profiles live in $BALANCE_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/balance/,
else ~/.config/balance/ (macOS: ~/Library/Preferences/balance/); \`balance auth list\` prints
the path. Secrets are in the system keyring, or in credentials.json beside config.json.
Environment variables (OKX_*, LONGPORT_*, LONGBRIDGE_*) override a stored profile's credentials.`;

const SHOW_HELP = `
Examples:
  $ balance show --currency HKD,USD
  $ balance show --profile okx-main --json | jq '.balances[].accounts[].cash[]'
  $ balance show --all-profiles --format csv > balances.csv

Exit codes: 0 ok, 1 provider or network error, 2 usage or bad input,
4 credentials missing or rejected, 130/143 interrupted.

${WHERE_SETTINGS_LIVE}
`;

const CHECK_HELP = `
Examples:
  $ balance check --max-risk medium
  $ balance check --all-profiles --min-available okx:USDT=1000 --min-available HKD=50000 || alert
  $ balance check --profile okx-main --max-risk warning --json

Exit codes: 0 every condition holds, 5 a condition is breached, 1 provider or network
error, 2 usage or bad input, 4 credentials missing or rejected.

${WHERE_SETTINGS_LIVE}
`;

/**
 * The command line. Commands are declared with their options only when they
 * may run: `invoked` names the one top-level command the arguments call (see
 * invokedCommand), and every other is declared by name and description alone,
 * enough for help and suggestions. Undefined declares the whole tree.
 */
function buildProgram(io: Io, setExit: (code: number) => void, invoked?: string): Command {
  const program = new Command('balance')
    .description('Account balances across Longport, Longbridge and OKX: tables for people, TSV/CSV/JSON for scripts.')
    .version(`balance ${__BALANCE_VERSION__} (node ${process.version}, ${process.platform}-${process.arch})`, '-V, --version', 'print the version')
    .option('--debug', 'print diagnostics and stack traces to stderr (never secrets)')
    .option('--color', 'force colour on')
    .option('--no-color', 'force colour off (NO_COLOR is honoured too)')
    .showSuggestionAfterError(true)
    // show --help and check --help list --debug and --color too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      // Asked of io, not of process.stdout, which would set up a stream just to
      // learn that a pipe is not a terminal. The help text has no colour.
      getOutHelpWidth: () => io.columns,
      getOutHasColors: () => false,
    });
  for (const { name, description, hidden, declare } of TOP_COMMANDS) {
    const command = program.command(name, { hidden: hidden === true }).description(description);
    if (invoked === undefined || invoked === name) declare(command, { io, setExit, program });
  }
  refuseRepeatedOptions(program);
  return program;
}

interface Declaring {
  readonly io: Io;
  readonly setExit: (code: number) => void;
  readonly program: Command;
}

interface TopCommand {
  readonly name: string;
  readonly description: string;
  readonly hidden?: boolean;
  /** Adds the command's options, arguments, subcommands and action. */
  readonly declare: (command: Command, context: Declaring) => void;
}

const TOP_COMMANDS: readonly TopCommand[] = [
  {
    name: 'show',
    description: 'show per-currency cash and the account risk level',
    declare: (command, { io, setExit }) => {
      addTargetOptions(command)
        .addHelpText('after', SHOW_HELP)
        .addOption(listOption('-c, --currency <codes>', 'only these currencies, comma-separated (e.g. HKD or usdt,btc)'))
        .option('--json', 'JSON output (same as --format json)')
        .addOption(choiceOption('-f, --format <format>', 'output format (default: table on a terminal, tsv otherwise)', ['table', 'tsv', 'json', 'csv']))
        .addOption(listOption('--fields <names>', 'TSV/CSV columns to print, in this order (e.g. currency,available,withdrawable)'))
        .option('-w, --watch [seconds]', 'refresh every few seconds (default 30): redrawn on a terminal, NDJSON otherwise')
        .option('--value-in <CUR>', "each account's net value in one currency, as its provider values it, and the exact total (e.g. USD)")
        .action(async (_options, self: Command) => {
          const { runShow } = await import('./commands/show.js');
          setExit(await runShow(self.optsWithGlobals(), io));
        });
    },
  },
  {
    name: 'check',
    description: 'exit 5 when a condition is breached: a gate for cron jobs and monitoring',
    declare: (command, { io, setExit }) => {
      addTargetOptions(command)
        .addHelpText('after', CHECK_HELP)
        .addOption(choiceOption('--max-risk <level>', "breached when an account's risk is above this level", ['safe', 'medium', 'warning', 'danger']))
        .addOption(
          new Option('--min-available <CUR=AMOUNT>', `breached when less of a currency is available, e.g. HKD=50000 or okx:USDT=1000 ${REPEATABLE}`).argParser(
            (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
          ),
        )
        .option(
          '--min-value <CUR=AMOUNT>',
          'breached when the net value of all accounts is lower, e.g. USD=100000, or of one: okx:USD=5000 (repeatable)',
          (value: string, previous: string[]) => [...previous, value],
          [] as string[],
        )
        .option('--min-token-days <days>', 'breached when an access token used expires within this many days (Longport/Longbridge)')
        .option('--json', 'JSON output: the conditions, the measured values and the verdict')
        .action(async (_options, self: Command) => {
          const { runCheck } = await import('./commands/check.js');
          setExit(await runCheck(self.optsWithGlobals(), io));
        });
    },
  },
  {
    name: 'providers',
    description: 'list the providers, their default hosts and the environment variables each reads',
    declare: (command, { io, setExit }) => {
      command.option('--json', 'JSON output').action(async (_options, self: Command) => {
        const { runProviders } = await import('./commands/providers.js');
        setExit(await runProviders(self.optsWithGlobals(), io));
      });
    },
  },
  {
    name: 'completion',
    description: 'print a shell completion script (bash, zsh or fish)',
    declare: (command, { io, setExit, program }) => {
      command.addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish'])).action(async (shell: string) => {
        const { runCompletion } = await import('./commands/completion.js');
        setExit(runCompletion(shell, program, io));
      });
    },
  },
  {
    // Called by the completion scripts for values that change (stored profile names).
    name: '__complete',
    description: '',
    hidden: true,
    declare: (command, { io, setExit }) => {
      command.argument('<what>').action(async (what: string) => {
        const { runCompleteValues } = await import('./commands/completion.js');
        setExit(await runCompleteValues(what, io));
      });
    },
  },
  {
    name: 'auth',
    description: 'log in, check and manage stored credentials (profiles)',
    declare: (auth, { io, setExit }) => {
      const login = auth
        .command('login')
        .description('store credentials as a profile: Longbridge signs in with your browser (OAuth); app keys are asked without echo on a terminal, or read one per line with --with-stdin')
        .addOption(choiceOption('-p, --provider <name>', 'provider the credentials are for', ['longport', 'longbridge', 'okx']))
        .option('--profile <name>', 'profile name: letters, digits, - and _, at most 32 (default: the provider name)')
        .option('--with-stdin', 'read the secrets from stdin, one per line (Longport/Longbridge: app key, app secret, access token; OKX: API key, API secret, API passphrase)')
        .option('--app-key', 'Longbridge: type an app key, secret and access token instead of signing in with the browser')
        .option('--no-browser', 'Longbridge sign-in: print the link only, do not open a browser')
        .option('--no-verify', 'save without checking the credentials with the provider first')
        .option('--insecure-storage', 'keep the secrets in a plain-text file (mode 0600) instead of the system keyring')
        .option('--force', 'replace a stored profile of the same name without asking, even one of another provider')
        .option('--auto-refresh', 'Longport/Longbridge: renew the access token before use when it expires within 14 days');
      addConnectionOptions(login).action(async (_options, command: Command) => {
        const { runLogin } = await import('./commands/auth/login.js');
        setExit(await runLogin(command.optsWithGlobals(), io));
      });
      auth
        .command('status')
        .description('where each profile\'s secrets come from (masked), and whether the provider accepts them now')
        .option('--profile <name>', 'only this profile')
        .option('--json', 'JSON output')
        .addOption(timeoutOption())
        .action(async (_options, command: Command) => {
          const { runStatus } = await import('./commands/auth/status.js');
          setExit(await runStatus(command.optsWithGlobals(), io));
        });
      auth
        .command('refresh')
        .description('renew a stored Longport/Longbridge access token before it expires, where the old one is stored')
        .option('--profile <name>', 'the profile to renew (default: the default profile)')
        .option('--all', 'every stored profile whose token can be renewed')
        .option('--valid-for <days>', 'days the new token is valid (at most 90)', '90')
        .addOption(new Option('--auto-refresh <on|off>', 'only mark the profile: renew its token before use when it expires within 14 days (on), or not (off)').choices(['on', 'off']))
        .option('--timeout <seconds>', 'give up after this many seconds', '15')
        .action(async (_options, command: Command) => {
          const { runRefresh } = await import('./commands/auth/refresh.js');
          setExit(await runRefresh(command.optsWithGlobals(), io));
        });
      auth
        .command('logout')
        .description('remove a profile: its secrets from every store that holds them, and its settings (a Longbridge sign-in also deletes its registered client)')
        .option('--profile <name>', 'the profile to remove (may be left out when only one is stored)')
        .option('--all', 'remove every profile (asks on a terminal)')
        .option('-y, --yes', 'do not ask: needed for --all in a script')
        .action(async (_options, command: Command) => {
          const { runLogout } = await import('./commands/auth/logout.js');
          setExit(await runLogout(command.optsWithGlobals(), io));
        });
      auth
        .command('list')
        .description('stored profiles, their providers, and which one is the default')
        .option('--json', 'JSON output')
        .action(async (_options, command: Command) => {
          const { runList } = await import('./commands/auth/list.js');
          setExit(await runList(command.optsWithGlobals(), io));
        });
      auth
        .command('default')
        .description('set the profile a bare `balance show` uses (without a name: print it)')
        .argument('[name]', 'profile name')
        .action(async (name: string | undefined) => {
          const { runDefault } = await import('./commands/auth/default.js');
          setExit(await runDefault(name, io));
        });
    },
  },
];

/** Which account to query: the options `show` and `check` share. */
function addTargetOptions(command: Command): Command {
  return addConnectionOptions(
    command
      .addOption(choiceOption('-p, --provider <name>', 'provider to query', ['longport', 'longbridge', 'okx', 'sample']))
      .option('--profile <name>', 'stored profile to use (see `balance auth list`)')
      .option('--all-profiles', 'every stored profile and the environment\'s credentials, fetched at once'),
  );
}

/** How to reach an account: the settings `show` and `check` take and `auth login` saves with a profile. */
function addConnectionOptions(command: Command): Command {
  return command
    .option('--base-url <url>', 'provider API base URL (https://, or http:// to loopback only)')
    .addOption(choiceOption('--site <site>', 'OKX site your account is registered on', ['global', 'eea', 'us']))
    .addOption(choiceOption('--region <region>', 'Longport/Longbridge region (cn: mainland China hosts)', ['global', 'cn']))
    .option('--demo-trading', 'OKX demo trading (sends x-simulated-trading: 1)')
    .option('--no-demo-trading', 'OKX: live trading, even if the profile was saved with --demo-trading')
    .option('--funding', 'OKX: the funding account too, beside the trading account')
    .option('--no-funding', 'OKX: the trading account only, even if the profile was saved with --funding')
    .option('--legacy-api', 'Longbridge 2022 pre-release endpoint (GetAccountCashInfo on openapi.longbridge.sg)')
    .option('--proxy <url>', 'proxy to go through: http://, https://, socks5:// or socks5h://HOST:PORT, or none to go direct (beats HTTPS_PROXY…)')
    .addOption(timeoutOption());
}

/** --timeout: its default shown as a number, with the maximum. */
function timeoutOption(): Option {
  return new Option('--timeout <seconds>', 'give up after this many seconds, retries included (at most 600)').default('15', '15');
}

/**
 * The top-level command the arguments call: the first one not an option (the
 * program's own options take no value). Undefined when that is no command
 * (commander then answers with help or a suggestion from the whole tree) and
 * for `completion`, which describes the whole tree.
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const first = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return first !== 'completion' && TOP_COMMANDS.some((command) => command.name === first) ? first : undefined;
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => (exitCode = code), invokedCommand(argv));
  const debug = argv.includes('--debug');
  try {
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return ExitCode.usage;
    }
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    return handleError(error, io, debug);
  }
}

function handleError(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; commander has already printed the rest.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    // `balance help show`: help asked for as a command is no failure either.
    if (error.code === 'commander.help' && error.exitCode === 0) return ExitCode.ok;
    return ExitCode.usage;
  }
  if (isBalanceError(error)) {
    io.err(`balance: ${error.message}\n`);
    if (error.hint !== undefined) io.err(`  ${error.hint}\n`);
    if (debug && error.stack !== undefined) io.err(`${redact(error.stack)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`balance: unexpected error: ${message}\n  Run again with --debug for details, and report it if it persists.\n`);
  if (debug && error instanceof Error && error.stack !== undefined) io.err(`${error.stack}\n`);
  return ExitCode.provider;
}
