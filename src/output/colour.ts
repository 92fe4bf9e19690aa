// Colour decisions: --color/--no-color, then NO_COLOR, then FORCE_COLOR, then
// whether the stream is a terminal. chalk alone ignores NO_COLOR, so the level
// is decided here and handed to chalk explicitly.

export type ColorLevel = 0 | 1 | 2 | 3;

export interface ColorInputs {
  /** true for --color, false for --no-color, undefined when neither was given. */
  readonly flag: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

export function resolveColorLevel({ flag, env, isTTY }: ColorInputs): ColorLevel {
  if (flag === false) return 0;
  if (flag === true) return Math.max(1, forcedLevel(env.FORCE_COLOR) ?? terminalLevel(env)) as ColorLevel;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const forced = forcedLevel(env.FORCE_COLOR);
  if (forced !== undefined) return forced;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return terminalLevel(env);
}

function forcedLevel(value: string | undefined): ColorLevel | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const level = Number(value);
  if (Number.isInteger(level) && level >= 0 && level <= 3) return level as ColorLevel;
  return undefined;
}

function terminalLevel(env: Readonly<Record<string, string | undefined>>): ColorLevel {
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM !== undefined && /-256(color)?$/i.test(env.TERM)) return 2;
  return 1;
}
