/**
 * How long to wait before each reconnection attempt. A pure function of the
 * attempt number (and a random source, so tests can pin it).
 */

export interface BackoffOptions {
  /** Delay before the first retry, ms. Default: 250. */
  initialDelayMs: number;
  /** Upper bound of the delay, ms. Default: 10000. */
  maxDelayMs: number;
  /** Growth of the delay from one attempt to the next. Default: 2. */
  factor: number;
  /**
   * Share of each delay that is random, from 0 (none) to 1 (anywhere between
   * 0 and the full delay). Default: 0.5. Jitter keeps the clients a server
   * restart dropped together from all knocking in the same millisecond.
   */
  jitter: number;
}

export const BACKOFF_DEFAULTS: BackoffOptions = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.5,
};

/**
 * Delay before retry number `attempt` (0 for the first): `initialDelayMs ×
 * factor^attempt`, capped at `maxDelayMs`, less a random share of up to
 * `jitter` of it. With the defaults: 125–250 ms, 250–500 ms, 0.5–1 s, … up
 * to 5–10 s.
 */
export function backoff(attempt: number, options: BackoffOptions = BACKOFF_DEFAULTS, random: () => number = Math.random): number {
  const full = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** Math.max(0, attempt));
  return Math.round(full * (1 - options.jitter * random()));
}
