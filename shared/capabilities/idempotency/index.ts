/** Idempotent client-visible writes: one record per Idempotency-Key, written with the change it protects. */

export type { IdempotencyDeps, IdempotencyRequest, PlannedWrite, ResponseVault, WriteOutcome } from './idempotency.ts';
export { IDEMPOTENCY_KEY_PATTERN, idempotentWrite } from './idempotency.ts';
