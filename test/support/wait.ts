/** Waiting with deadlines instead of sleeps; runs in Node and in the browser. */

/**
 * Resolves once `condition()` is truthy (checked every 10 ms); fails after
 * `timeoutMs`, naming `what` (a function is asked only then, so it can
 * describe what was seen instead).
 */
export async function until(condition: () => unknown, what: string | (() => string), timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
