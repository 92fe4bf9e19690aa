// The four risk labels must look different at every colour level: at 16
// colours, chalk turns the orange of `warning` into bright yellow, which
// looks like the yellow of `medium`.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { RiskLevel } from '../../../src/base/model.js';
import { riskColour } from '../../../src/output/table.js';

const ESC = String.fromCharCode(27);
const LEVELS: readonly RiskLevel[] = [0, 1, 2, 3];

/** The escape codes before a label painted at this colour level, e.g. "[32m". */
function opening(level: RiskLevel, colorLevel: 0 | 1 | 2 | 3): string {
  const painted = riskColour(level, new Chalk({ level: colorLevel }))('label');
  return painted.slice(0, painted.indexOf('label')).split(ESC).join('');
}

describe('risk label colours', () => {
  it('16 colours: safe green, medium yellow, warning bright red, danger bold bright white on red', () => {
    expect(LEVELS.map((level) => opening(level, 1))).toEqual(['[32m', '[33m', '[91m', '[1m[97m[41m']);
  });

  it('256 colours: warning is orange (208), not a yellow', () => {
    expect(LEVELS.map((level) => opening(level, 2))).toEqual(['[32m', '[33m', '[38;5;208m', '[1m[97m[41m']);
  });

  it('true colour: warning is #FF8700', () => {
    expect(opening(2, 3)).toBe('[38;2;255;135;0m');
  });

  it.each([1, 2, 3] as const)('the four levels differ at colour level %i', (colorLevel) => {
    expect(new Set(LEVELS.map((level) => opening(level, colorLevel))).size).toBe(4);
  });

  it('adds nothing without colour: the words alone tell the levels apart', () => {
    expect(LEVELS.map((level) => riskColour(level, new Chalk({ level: 0 }))('x'))).toEqual(['x', 'x', 'x', 'x']);
  });
});
