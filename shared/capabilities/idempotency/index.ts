/** Idempotent client-visible writes: one record per Idempotency-Key, written with the change it protects. */

export type { IdempotencyRequest, PlannedWrite, WriteOutcome } from './idempotency.ts';
export { IDEMPOTENCY_KEY_PATTERN, idempotentWrite } from './idempotency.ts';
