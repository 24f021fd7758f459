/**
 * Parcel custody (包裹代管), wherever parcels are kept for people — a campus
 * post office, a property office's desk: check-in under a carrier's
 * tracking number (once), a six-digit pickup code whose own record is the
 * lock (unique among the parcels waiting), a notice to the recipient;
 * release against the code plus a second factor — a wrong factor counts
 * against that parcel, which locks after five — and a chain of custody
 * recording every hand. The keeper supplies who the recipient is, how they
 * are told, and what else a check-in or a release writes (a piece rate, a
 * storage fee); the records live in the keeper's own namespace.
 */

import { randomInt } from 'node:crypto';
import { ID_PATTERN, newId } from '../../kernel/ids.ts';
import { sameSecret } from '../../kernel/keys.ts';
import { label } from '../../kernel/labels.ts';
import { problems } from '../../kernel/problems.ts';
import { withRetries } from '../../kernel/retry.ts';
import type { Actor } from '../../kernel/tenancy.ts';
import { type Records, TransactionConflict, type WriteOp } from '../../store/namespace.ts';
import { enqueue } from '../outbox/index.ts';
import { uncollected as atCounter, CodeRecord, ofRecipient, type Parcel, ParcelRecord, TrackingRecord } from './custody.entity.ts';
import { custodyProblem } from './problems.ts';

const MAX_FAILED_RELEASES = 5;
/** Six-digit pickup codes. */
export const CODE_SPACE = 1_000_000;

/** Where parcels are kept: the keeper's records for one tenant and its clock. */
export interface Keeper {
  tenantId: string;
  records: Records;
  now(): Date;
  /** How many pickup codes exist; a test shrinks it to force collisions. */
  codeSpace?: number;
}

/** Whom a parcel is for, as the keeper's directory knows them. */
export interface Recipient {
  id: string;
  name: string;
  /** Their mailbox address, for notices. */
  address: string;
  /** Whether they agreed to be told. */
  notify: boolean;
  /** They have parcels brought to the door (the keeper books a slot). */
  door?: boolean;
}

export interface Notice {
  recipient: string;
  subject: string;
  body: string;
  event: string;
}

export interface ParcelIn {
  tracking: string;
  carrier: string;
  shelf: string;
  size: 'small' | 'medium' | 'large';
}

const message = (k: Keeper, n: Notice): WriteOp => enqueue(k.tenantId, { kind: 'message', channel: 'mailbox', ...n }, k.now());

/**
 * Checks a parcel in for a recipient (or none: unclaimed, and whoever looks
 * after unclaimed parcels is told). `arrival` words the recipient's notice;
 * `with` adds the keeper's own writes to the same transaction.
 */
export async function checkIn(
  k: Keeper,
  actor: Actor,
  input: ParcelIn,
  recipient: Recipient | undefined,
  hooks: { arrival(p: Parcel): Omit<Notice, 'recipient'>; unclaimed: Notice; with?(p: Parcel): WriteOp[] },
): Promise<Parcel> {
  const existing = await k.records.get(TrackingRecord, { carrier: input.carrier, tracking: input.tracking });
  if (existing) {
    throw custodyProblem(
      'duplicate-tracking',
      `Tracking number ${input.tracking} (${input.carrier}) is already checked in here as parcel ${existing.parcelId}.`,
    );
  }
  // A drawn code may already be taken: the transaction fails on its record and a fresh code is drawn.
  return withRetries(
    async () => {
      const at = k.now();
      const now = at.toISOString();
      const id = newId(at.getTime());
      const code = recipient ? String(randomInt(0, k.codeSpace ?? CODE_SPACE)).padStart(6, '0') : undefined;
      const parcel: Parcel = {
        id,
        tracking: input.tracking,
        carrier: input.carrier,
        ...(recipient ? { recipientId: recipient.id, recipientName: recipient.name } : {}),
        shelf: input.shelf,
        size: input.size,
        status: recipient ? (recipient.door ? 'door-pending' : 'waiting') : 'unclaimed',
        ...(code ? { code } : {}),
        checkedInAt: now,
        remindedDays: [],
        failedAttempts: 0,
        custody: [{ at: now, action: 'checked-in', by: actor.sub, note: input.shelf }],
        version: 1,
      };
      const writes: WriteOp[] = [
        k.records.putOp(ParcelRecord, parcel, 'absent'),
        k.records.putOp(TrackingRecord, { carrier: input.carrier, tracking: input.tracking, parcelId: id }, 'absent'),
        ...(hooks.with?.(parcel) ?? []),
      ];
      if (code) writes.push(k.records.putOp(CodeRecord, { code, parcelId: id }, 'absent'));
      if (recipient?.notify) writes.push(message(k, { recipient: recipient.address, ...hooks.arrival(parcel) }));
      if (!recipient) writes.push(message(k, hooks.unclaimed));
      try {
        await k.records.transact(writes);
        return parcel;
      } catch (err) {
        // The tracking record (write 1) means a concurrent duplicate check-in.
        if (err instanceof TransactionConflict && err.failed.includes(1))
          throw custodyProblem('duplicate-tracking', `Tracking number ${input.tracking} was just checked in here.`);
        throw err;
      }
    },
    { attempts: 10, retryOn: (err) => err instanceof TransactionConflict },
  );
}

export async function parcel(k: Keeper, id: string): Promise<Parcel> {
  const found = ID_PATTERN.test(id) ? await k.records.get(ParcelRecord, id) : undefined;
  if (!found) throw problems.notFound(`Parcel ${id}`);
  return found;
}

/** Parcels still in custody: uncollected, unclaimed, locked, to return. */
export function uncollected(k: Keeper): Promise<Parcel[]> {
  return k.records.find(ParcelRecord, atCounter, undefined);
}

/** One page of the parcels in custody, oldest first, from where the previous page stopped. */
export function uncollectedPage(k: Keeper, opts: { limit: number; startKey?: Record<string, unknown> }) {
  return k.records.page(ParcelRecord, atCounter, undefined, opts);
}

/** A recipient's parcels, newest first. */
export function parcelsOf(k: Keeper, recipientId: string): Promise<Parcel[]> {
  return k.records.find(ParcelRecord, ofRecipient, { recipientId }, { descending: true });
}

export interface Handover {
  code: string;
  last4: string;
  proxy?: { name: string; authorization: string };
}

/**
 * Release: the code plus a second factor. A wrong code is a generic
 * refusal; a right code with a wrong factor counts against that parcel,
 * which locks after five (`locked` tells whoever must then release it).
 * `with` adds the keeper's writes (a piece rate, a storage fee) to the handover.
 */
export async function release(
  k: Keeper,
  actor: Actor,
  input: Handover,
  hooks: {
    secondFactor(p: Parcel): Promise<string | undefined>;
    locked(p: Parcel, failed: number): Notice;
    with?(p: Parcel, at: Date): Promise<{ changes?: Partial<Pick<Parcel, 'storageFee'>>; writes: WriteOp[] }>;
  },
): Promise<Parcel> {
  const refuse = () => custodyProblem('release-refused', label('取件码或手机尾号不符，没有对应的包裹。', 'No parcel matches this code and verification.'));
  const hit = /^\d{6}$/.test(input.code) ? await k.records.get(CodeRecord, input.code) : undefined;
  if (!hit) throw refuse();
  const p = await parcel(k, hit.parcelId);
  if (p.status === 'released' || p.status === 'delivered') throw custodyProblem('already-released', `Parcel ${p.id} was already handed over.`);
  if (p.status === 'locked') throw custodyProblem('parcel-locked', 'This parcel is locked after repeated failed attempts; a supervisor must release it.');
  const at = k.now();
  const now = at.toISOString();
  const expected = await hooks.secondFactor(p);
  if (!expected || !sameSecret(input.last4, expected)) {
    const failed = p.failedAttempts + 1;
    const locked = failed >= MAX_FAILED_RELEASES;
    const next: Parcel = {
      ...p,
      failedAttempts: failed,
      status: locked ? 'locked' : p.status,
      custody: [...p.custody, { at: now, action: locked ? 'locked' : 'release-refused', by: actor.sub }],
      version: p.version + 1,
    };
    const writes: WriteOp[] = [k.records.putOp(ParcelRecord, next, { version: p.version })];
    if (locked) writes.push(message(k, hooks.locked(p, failed)));
    // Counting the failure is best effort: if the parcel changed meanwhile, the refusal still stands.
    await k.records.transact(writes).catch(() => undefined);
    throw refuse();
  }
  const extra = (await hooks.with?.(p, at)) ?? { writes: [] };
  const released: Parcel = {
    ...p,
    ...extra.changes,
    status: 'released',
    custody: [
      ...p.custody,
      { at: now, action: 'released', by: actor.sub, to: input.proxy ? `${input.proxy.name}（代取 proxy, ${input.proxy.authorization}）` : p.recipientName },
    ],
    version: p.version + 1,
  };
  try {
    await k.records.transact([k.records.putOp(ParcelRecord, released, { version: p.version }), k.records.deleteOp(CodeRecord, input.code), ...extra.writes]);
  } catch (err) {
    if (err instanceof TransactionConflict) throw custodyProblem('already-released', `Parcel ${p.id} was just handed over.`);
    throw err;
  }
  return released;
}
