// The completion generators with an option whose values come from
// `balance __complete profiles` (stored profile names), run by the shells
// themselves with a stand-in `balance` that prints two profile names.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bashScript } from '../../../src/output/completion/bash.js';
import { fishScript } from '../../../src/output/completion/fish.js';
import type { CompletionSpec, OptionSpec } from '../../../src/output/completion/spec.js';
import { zshScript } from '../../../src/output/completion/zsh.js';

const exec = promisify(execFile);
const has = (command: string): boolean => (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, command)));
const inCI = process.env.CI === 'true';

const option = (long: string, fields: Partial<OptionSpec> = {}): OptionSpec => ({
  short: null, long, description: `${long} it is`, value: 'none', valueName: 'value', choices: null, dynamic: null, repeatable: false, ...fields,
});

const SPEC: CompletionSpec = {
  program: 'balance',
  rootOptions: [option('--version', { short: '-V' })],
  globalOptions: [option('--debug')],
  commands: [
    {
      name: 'show',
      description: "show: what's there [now]",
      options: [
        option('--profile', { short: '-P', value: 'required', valueName: 'name', dynamic: 'profiles' }),
        option('--tag', { value: 'required', repeatable: true }),
      ],
      arguments: [],
    },
  ],
};

/** A `balance` that answers `__complete profiles` the way a profile store would. */
function standInPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'balance-standin-'));
  writeFileSync(join(dir, 'balance'), '#!/bin/sh\n[ "$1 $2" = "__complete profiles" ] && printf "margin\\nmain account\\n"\n');
  chmodSync(join(dir, 'balance'), 0o755);
  return `${dir}:${process.env.PATH ?? ''}`;
}

function file(text: string, name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'balance-completion-')), name);
  writeFileSync(path, text);
  return path;
}

describe('completion of stored profile names', () => {
  it('bash asks `balance __complete profiles` for --profile and -P', async () => {
    const script = file(bashScript(SPEC), 'balance.bash');
    const complete = async (...words: string[]) => {
      const program = `source ${JSON.stringify(script)}\nCOMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))\n_balance\nprintf "%s\\n" "\${COMPREPLY[@]}"`;
      const { stdout } = await exec('bash', ['-c', program, 'bash', ...words], { env: { PATH: standInPath() } });
      return stdout.split('\n').filter((line) => line !== '');
    };
    // One name per line, spaces and all.
    expect(await complete('balance', 'show', '--profile', 'm')).toEqual(['margin', 'main account']);
    expect(await complete('balance', 'show', '-P', 'mar')).toEqual(['margin']);
    // The value of --profile is not the command's first argument.
    expect(await complete('balance', 'show', '--profile', 'margin', '--t')).toEqual(['--tag']);
  });

  (has('fish') || inCI ? it : it.skip)('fish asks it too', async () => {
    const script = file(fishScript(SPEC), 'balance.fish');
    await exec('fish', ['-n', script]);
    const { stdout } = await exec('fish', ['--no-config', '-c', `source ${script}; complete -C "balance show --profile "`], { env: { PATH: standInPath() } });
    expect(stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t')[0])).toEqual(['main account', 'margin']);
  });

  (has('zsh') || inCI ? it : it.skip)('zsh: a helper function asks it, and the script with quotes, brackets and colons in descriptions is valid', async () => {
    const text = zshScript(SPEC);
    expect(text).toContain('_balance_profiles() {');
    expect(text).toContain(`'(-P --profile)'{-P,--profile}'[--profile it is]:name:_balance_profiles'`);
    expect(text).toContain(`'*--tag[--tag it is]:value: '`);
    expect(text).toContain(`'show:show: what'\\''s there [now]'`);
    await exec('zsh', ['-n', file(text, '_balance')]);
  });
});
