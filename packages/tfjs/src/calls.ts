import { ParameterError } from '@aug/core';

/** The core calls a layer or function makes for the user, whose option errors are the user's. */
const INNER_CALLS = ['createAugmenter', 'runSync'];

/**
 * Runs `f`, reporting a ParameterError of a core call it makes for the user
 * (`createAugmenter`'s seed, `runSync`'s step or layout) under `where`, the call the user
 * made (`randomCutMix`, `RandomCutout`). A strategy's own errors keep its name.
 */
export function asCall<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof ParameterError && INNER_CALLS.includes(error.strategy)) {
      throw new ParameterError(where, error.parameter, error.rule, error.received, error.hint);
    }
    throw error;
  }
}
