/**
 * Idempotent client-visible writes. The idempotency record is written in the
 * same transaction as the change it protects, so "done" and "remembered"
 * cannot disagree: same key + same request replays the first response; same
 * key + a different request is a 422.
 */
import { fingerprintOf } from '../../kernel/json.ts';
import { problem, problems } from '../../kernel/problems.ts';
import { TABLE, tenantKey } from '../../store/schema.ts';
import { conditions, type Store, TransactionConflict, type WriteAction } from '../../store/store.ts';

const idempotencyKey = (t: string, key: string) => ({ pk: tenantKey(t, 'IDEM', key), sk: 'IDEM' });

const RETENTION_SECONDS = 24 * 3600;

export interface IdempotencyRequest {
  tenantId: string;
  /** The caller's Idempotency-Key header, if any. */
  key?: string;
  /** What identifies the request: method, path, principal and body. */
  fingerprint: unknown;
}

export interface WriteOutcome<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface PlannedWrite<T> {
  actions: WriteAction[];
  status: number;
  body: T;
}

export const IDEMPOTENCY_KEY_PATTERN = /^[\w.:-]{8,128}$/;

/**
 * Runs `plan` and commits its actions; with a key, the record rides along in
 * the transaction. The happy path reads nothing: the record's put is
 * conditional, so a repeat (or a concurrent duplicate) fails on it and only
 * then is the first response read back and replayed. A plan that refuses
 * (say, a transition no longer possible because the first attempt already
 * made it) also looks for an earlier response before reporting the refusal.
 */
export async function idempotentWrite<T>(
  store: Store,
  req: IdempotencyRequest,
  plan: () => Promise<PlannedWrite<T>>,
  now = new Date(),
): Promise<WriteOutcome<T>> {
  if (req.key === undefined) {
    const planned = await plan();
    await store.transact(planned.actions);
    return { status: planned.status, body: planned.body, replayed: false };
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(req.key)) {
    throw problems.badRequest('invalid-idempotency-key', 'Idempotency-Key must be 8–128 characters of letters, digits, ".", ":", "_" or "-".');
  }
  const hash = fingerprintOf(req.fingerprint);
  let planned: PlannedWrite<T>;
  try {
    planned = await plan();
  } catch (err) {
    const earlier = await recall<T>(store, req.tenantId, req.key, hash);
    if (earlier) return earlier;
    throw err;
  }
  const record: WriteAction = {
    kind: 'put',
    item: {
      ...idempotencyKey(req.tenantId, req.key),
      entity: 'idempotency',
      hash,
      status: planned.status,
      response: JSON.stringify(planned.body),
      createdAt: now.toISOString(),
      [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
    },
    condition: conditions.absent(),
  };
  try {
    await store.transact([record, ...planned.actions]);
  } catch (err) {
    if (err instanceof TransactionConflict && err.failed.includes(0)) {
      const earlier = await recall<T>(store, req.tenantId, req.key, hash);
      if (earlier) return earlier;
    }
    throw err;
  }
  return { status: planned.status, body: planned.body, replayed: false };
}

async function recall<T>(store: Store, tenantId: string, key: string, hash: string): Promise<WriteOutcome<T> | undefined> {
  const existing = await store.get(idempotencyKey(tenantId, key));
  if (!existing) return undefined;
  if (existing.hash !== hash) {
    throw problem('idempotency-key-reused', 'This Idempotency-Key was already used with a different request.');
  }
  return { status: existing.status as number, body: JSON.parse(existing.response as string) as T, replayed: true };
}
