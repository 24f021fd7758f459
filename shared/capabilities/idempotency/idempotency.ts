/**
 * Idempotent client-visible writes. The idempotency record is written in the
 * same transaction as the change it protects, so "done" and "remembered"
 * cannot disagree: same key + same request replays the first response; same
 * key + a different request is a 422. A key belongs to the principal that
 * used it (another caller's same key is simply another record), and the
 * response it replays is kept sealed, since it may hold a secret shown once
 * (a webhook's signing secret), and deflated: it rides in the change's
 * transaction, where every KB costs two write units, and a created record's
 * answer (a case with its clock) is over one KB as text.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { fingerprintOf } from '../../kernel/json.ts';
import { problem, problems } from '../../kernel/problems.ts';
import { TABLE, tenantKey } from '../../store/schema.ts';
import { conditions, type Store, TransactionConflict, type WriteAction } from '../../store/store.ts';

/** The record of one principal's key: the principal is hashed so that any sub fits a key. */
const idempotencyKey = (t: string, principal: string, key: string) => ({
  pk: tenantKey(t, 'IDEM', createHash('sha256').update(principal).digest('base64url').slice(0, 22), key),
  sk: 'IDEM',
});

/** Seals and opens the responses kept for replay (the sealing capability's Sealer). */
export interface ResponseVault {
  open(tenantId: string, sealed: string): Record<string, unknown>;
  sealBytes(tenantId: string, data: Uint8Array): Uint8Array;
  openBytes(tenantId: string, sealed: Uint8Array): Uint8Array;
}

export interface IdempotencyDeps {
  store: Store;
  vault: ResponseVault;
}

const RETENTION_SECONDS = 24 * 3600;

export interface IdempotencyRequest {
  tenantId: string;
  /** Who is asking: the verified caller's sub (a key is theirs alone). */
  principal: string;
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
  { store, vault }: IdempotencyDeps,
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
  const key = req.key;
  const hash = fingerprintOf(req.fingerprint);
  let planned: PlannedWrite<T>;
  try {
    planned = await plan();
  } catch (err) {
    const earlier = await recall<T>({ store, vault }, { ...req, key }, hash);
    if (earlier) return earlier;
    throw err;
  }
  const record: WriteAction = {
    kind: 'put',
    item: {
      ...idempotencyKey(req.tenantId, req.principal, req.key),
      entity: 'idempotency',
      hash,
      response: vault.sealBytes(req.tenantId, deflateRawSync(JSON.stringify({ status: planned.status, body: planned.body }))),
      createdAt: now.toISOString(),
      [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
    },
    condition: conditions.absent(),
  };
  try {
    await store.transact([record, ...planned.actions]);
  } catch (err) {
    if (err instanceof TransactionConflict && err.failed.includes(0)) {
      const earlier = await recall<T>({ store, vault }, { ...req, key }, hash);
      if (earlier) return earlier;
    }
    throw err;
  }
  return { status: planned.status, body: planned.body, replayed: false };
}

async function recall<T>({ store, vault }: IdempotencyDeps, req: IdempotencyRequest & { key: string }, hash: string): Promise<WriteOutcome<T> | undefined> {
  const existing = await store.get(idempotencyKey(req.tenantId, req.principal, req.key));
  if (!existing) return undefined;
  if (existing.hash !== hash) {
    throw problem('idempotency-key-reused', 'This Idempotency-Key was already used with a different request.');
  }
  // A response kept before they were deflated into bytes is a sealed string.
  const kept =
    typeof existing.response === 'string'
      ? vault.open(req.tenantId, existing.response)
      : JSON.parse(Buffer.from(inflateRawSync(vault.openBytes(req.tenantId, existing.response as Uint8Array))).toString('utf8'));
  const { status, body } = kept as { status: number; body: T };
  return { status, body, replayed: true };
}
