import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../src/base/errors.js';
import { registerSecret } from '../../../src/base/redact.js';

describe('BalanceError', () => {
  it('masks every loaded secret in its message and hint, wherever the text came from', () => {
    registerSecret('unit-echoed-api-key-77');
    const error = new BalanceError('auth', 'OKX says: API key unit-echoed-api-key-77 does not exist', {
      hint: 'Check unit-echoed-api-key-77.',
    });
    expect(error.message).toBe('OKX says: API key **** does not exist');
    expect(error.hint).toBe('Check ****.');
  });

  it('maps kinds to exit codes: auth 4, usage and config 2, the rest 1', () => {
    expect(new BalanceError('auth', 'x').exitCode).toBe(4);
    expect(new BalanceError('usage', 'x').exitCode).toBe(2);
    expect(new BalanceError('config', 'x').exitCode).toBe(2);
    for (const kind of ['provider', 'network', 'response'] as const) expect(new BalanceError(kind, 'x').exitCode).toBe(1);
  });
});
