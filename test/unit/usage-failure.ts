// Runs code that must refuse its input, and returns the usage error (exit 2) it threw.
import { BalanceError } from '../../src/base/errors.js';

export function usageFailure(run: () => unknown): BalanceError {
  try {
    run();
  } catch (error) {
    if (error instanceof BalanceError && error.kind === 'usage') return error;
    throw error;
  }
  throw new Error('expected a usage error');
}
