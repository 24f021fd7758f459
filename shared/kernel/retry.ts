/**
 * The one retry helper. Optimistic concurrency throughout the platform
 * (ledger heads, case versions, annual caps, pickup codes) means a write may
 * lose a race; the loser re-reads and tries again, with jittered exponential
 * backoff so racers spread out, and gives up after a bounded number of
 * attempts.
 */
import pRetry from 'p-retry';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Which failures are worth another attempt; anything else is thrown at once. */
  retryOn: (err: unknown) => boolean;
  /** First delay and cap in ms (each delay is doubled and jittered up to ×2); 0 retries at once. */
  minMs?: number;
  maxMs?: number;
  /** What to throw when the attempts run out on a retryable failure (default: that failure). */
  exhausted?: (err: unknown) => unknown;
}

/** Backoff for writes racing on one hot record: starts at 1 ms, capped at 200 ms. */
export const CONTENTION = { minMs: 1, maxMs: 200 } as const;

export async function withRetries<T>(attempt: (n: number) => Promise<T>, o: RetryOptions): Promise<T> {
  try {
    return await pRetry(attempt, {
      retries: o.attempts - 1,
      shouldRetry: ({ error }) => o.retryOn(error),
      factor: 2,
      minTimeout: o.minMs ?? 0,
      maxTimeout: o.maxMs ?? Math.max(o.minMs ?? 0, 0),
      randomize: true,
    });
  } catch (err) {
    if (o.exhausted && o.retryOn(err)) throw o.exhausted(err);
    throw err;
  }
}
