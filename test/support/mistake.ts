import { ShipshapeError } from '../../lib';

/**
 * Runs a step that must fail with a user mistake and returns its message: one sentence
 * naming where, what is wrong and how to fix it. Any other error is rethrown as the bug it is.
 */
export function mistake(step: () => unknown): string {
  try {
    step();
  } catch (error) {
    if (error instanceof ShipshapeError) return error.message;
    throw error;
  }
  throw new Error('expected a ShipshapeError, but nothing was thrown');
}
