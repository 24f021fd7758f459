/**
 * Parcels at the counter: check-in against the directory with a pickup
 * code and a notice to the recipient; release against the code plus a
 * second factor, with a chain of custody; storage fees after the free days.
 */

import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { enqueue } from '../../../capabilities/outbox/index.ts';
import { ID_PATTERN, newId } from '../../../kernel/ids.ts';
import { sameSecret } from '../../../kernel/keys.ts';
import { Dec, formatAmount } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import { withRetries } from '../../../kernel/retry.ts';
import type { Actor } from '../../../kernel/tenancy.ts';
import { TransactionConflict, type WriteOp } from '../../../store/namespace.ts';
import { board } from '../board/board.ts';
import { feeOrder, orderOp } from '../counter/orders.ts';
import { findPerson, person, recipientOf } from '../directory/directory.ts';
import type { Office } from '../office.ts';
import { campusProblem } from '../problems.ts';
import { pieceOp } from '../roster/roster.ts';
import { uncollected as atCounter, CodeRecord, ofRecipient, type Parcel, ParcelRecord, TrackingRecord } from './parcel.entity.ts';

const MAX_FAILED_RELEASES = 5;

export const checkInInput = z.strictObject({
  tracking: z.string().regex(/^[A-Za-z0-9]{6,30}$/, 'a carrier tracking number'),
  carrier: z.string().trim().min(1).max(30),
  recipient: z
    .strictObject({
      phone: z
        .string()
        .regex(/^1[3-9]\d{9}$/)
        .optional(),
      number: z.string().max(20).optional(),
    })
    .refine((r) => r.phone || r.number, 'give the phone or the student/staff number'),
  shelf: z.string().trim().min(1).max(20),
  size: z.enum(['small', 'medium', 'large']).default('small'),
});
export type CheckIn = z.infer<typeof checkInInput>;

export const releaseInput = z.strictObject({
  code: z.string().max(10),
  last4: z.string().regex(/^\d{4}$/),
  proxy: z.strictObject({ name: z.string().trim().min(1).max(50), authorization: z.string().trim().min(1).max(100) }).optional(),
});
export type Release = z.infer<typeof releaseInput>;

/** The outbox write of a mailbox message caused by a parcel. */
const notice = (o: Office, recipient: string, subject: string, body: string, event: string): WriteOp =>
  enqueue(o.tenant.id, { kind: 'message', channel: 'mailbox', recipient, subject, body, event }, o.now());

export async function checkIn(o: Office, actor: Actor, input: CheckIn): Promise<Parcel> {
  const existing = await o.records.get(TrackingRecord, { carrier: input.carrier, tracking: input.tracking });
  if (existing)
    throw campusProblem(
      'duplicate-tracking',
      `Tracking number ${input.tracking} (${input.carrier}) is already checked in here as parcel ${existing.parcelId}.`,
    );
  const recipient = await findPerson(o, input.recipient);
  const b = await board(o);
  // A drawn code may already be taken: the transaction fails on its record and a fresh code is drawn.
  return withRetries(
    async () => {
      const at = o.now();
      const now = at.toISOString();
      const id = newId(at.getTime());
      // Six random digits, unique among the uncollected parcels here: the code's own record is the lock.
      const code = recipient ? String(randomInt(0, o.codeSpace)).padStart(6, '0') : undefined;
      const door = recipient?.preferredDelivery === 'door';
      const parcel: Parcel = {
        id,
        tracking: input.tracking,
        carrier: input.carrier,
        ...(recipient ? { recipientId: recipient.id, recipientName: recipient.name } : {}),
        shelf: input.shelf,
        size: input.size,
        status: recipient ? (door ? 'door-pending' : 'waiting') : 'unclaimed',
        ...(code ? { code } : {}),
        checkedInAt: now,
        remindedDays: [],
        failedAttempts: 0,
        custody: [{ at: now, action: 'checked-in', by: actor.sub, note: input.shelf }],
        version: 1,
      };
      const writes: WriteOp[] = [
        o.records.putOp(ParcelRecord, parcel, 'absent'),
        o.records.putOp(TrackingRecord, { carrier: input.carrier, tracking: input.tracking, parcelId: id }, 'absent'),
        pieceOp(o, actor.sub, 'checkin', id),
      ];
      if (code) writes.push(o.records.putOp(CodeRecord, { code, parcelId: id }, 'absent'));
      if (recipient?.consent.notify) {
        writes.push(
          notice(
            o,
            recipientOf(recipient),
            door ? '包裹到达，请预约送货 Parcel arrived: book a delivery slot' : `包裹到达，取件码 ${code} Parcel arrived: pickup code ${code}`,
            door
              ? `您的${input.carrier}包裹（${input.tracking}）已到，请预约送货上门时段。Your parcel has arrived; book a door-delivery slot.`
              : `您的${input.carrier}包裹（${input.tracking}）已到 ${b.title.zh}，货架 ${input.shelf}，取件码 ${code}，取件时请出示手机尾号。Pickup code ${code}, shelf ${input.shelf}; bring your phone's last four digits.`,
            'parcel-arrived',
          ),
        );
      }
      if (!recipient) {
        writes.push(
          notice(
            o,
            'role:supervisor',
            `无主包裹待查 Unclaimed parcel ${input.tracking}`,
            '收件人未在校园名录中找到，请查找收件人。Recipient not in the directory: please search.',
            'parcel-unclaimed',
          ),
        );
      }
      try {
        await o.records.transact(writes);
        return parcel;
      } catch (err) {
        // The tracking record (write 1) means a concurrent duplicate check-in.
        if (err instanceof TransactionConflict && err.failed.includes(1))
          throw campusProblem('duplicate-tracking', `Tracking number ${input.tracking} was just checked in here.`);
        throw err;
      }
    },
    { attempts: 10, retryOn: (err) => err instanceof TransactionConflict },
  );
}

export async function parcel(o: Office, id: string): Promise<Parcel> {
  const found = ID_PATTERN.test(id) ? await o.records.get(ParcelRecord, id) : undefined;
  if (!found) throw problems.notFound(`Parcel ${id}`);
  return found;
}

/** Parcels waiting at the counter: uncollected, unclaimed, locked, to return. */
export function uncollected(o: Office): Promise<Parcel[]> {
  return o.records.find(ParcelRecord, atCounter, undefined);
}

/** A recipient's parcels, newest first. */
export function parcelsOf(o: Office, personId: string): Promise<Parcel[]> {
  return o.records.find(ParcelRecord, ofRecipient, { recipientId: personId }, { descending: true });
}

/**
 * Release at the counter: the code plus a second factor (the phone's last
 * four digits). A wrong code is a generic refusal; a right code with a
 * wrong second factor counts against that parcel, which locks after five.
 */
export async function release(o: Office, actor: Actor, input: Release): Promise<Parcel> {
  const refuse = () => campusProblem('release-refused', 'No parcel matches this code and verification.');
  const hit = /^\d{6}$/.test(input.code) ? await o.records.get(CodeRecord, input.code) : undefined;
  if (!hit) throw refuse();
  const p = await parcel(o, hit.parcelId);
  if (p.status === 'released' || p.status === 'delivered') throw campusProblem('already-released', `Parcel ${p.id} was already handed over.`);
  if (p.status === 'locked') throw campusProblem('parcel-locked', 'This parcel is locked after repeated failed attempts; the supervisor must release it.');
  const recipient = p.recipientId ? await person(o, p.recipientId) : undefined;
  const at = o.now();
  const now = at.toISOString();
  if (!recipient || !sameSecret(input.last4, recipient.phoneLast4)) {
    const failed = p.failedAttempts + 1;
    const locked = failed >= MAX_FAILED_RELEASES;
    const next: Parcel = {
      ...p,
      failedAttempts: failed,
      status: locked ? 'locked' : p.status,
      custody: [...p.custody, { at: now, action: locked ? 'locked' : 'release-refused', by: actor.sub }],
      version: p.version + 1,
    };
    const writes: WriteOp[] = [o.records.putOp(ParcelRecord, next, { version: p.version })];
    if (locked)
      writes.push(
        notice(
          o,
          'role:supervisor',
          `包裹已锁定 Parcel locked ${p.tracking}`,
          `取件验证连续失败 ${failed} 次，包裹已锁定。Repeated failed pickups: parcel locked.`,
          'parcel-locked',
        ),
      );
    // Counting the failure is best effort: if the parcel changed meanwhile, the refusal still stands.
    await o.records.transact(writes).catch(() => undefined);
    throw refuse();
  }
  const fee = await storageFee(o, p, at);
  const released: Parcel = {
    ...p,
    status: 'released',
    ...(fee ? { storageFee: fee } : {}),
    custody: [
      ...p.custody,
      { at: now, action: 'released', by: actor.sub, to: input.proxy ? `${input.proxy.name}（代取 proxy, ${input.proxy.authorization}）` : p.recipientName },
    ],
    version: p.version + 1,
  };
  const writes: WriteOp[] = [
    o.records.putOp(ParcelRecord, released, { version: p.version }),
    o.records.deleteOp(CodeRecord, input.code),
    pieceOp(o, actor.sub, 'release', p.id),
  ];
  if (fee)
    writes.push(
      orderOp(
        o,
        feeOrder(o, actor, at, {
          id: `fee-${p.id}`,
          kind: 'storage-fee',
          customer: p.recipientId,
          name: '包裹保管费 storage fee',
          line: 'parcels',
          amount: fee,
        }),
      ),
    );
  try {
    await o.records.transact(writes);
  } catch (err) {
    if (err instanceof TransactionConflict) throw campusProblem('already-released', `Parcel ${p.id} was just handed over.`);
    throw err;
  }
  return released;
}

/** What keeping a parcel past the board's free days costs, if anything. */
async function storageFee(o: Office, p: Parcel, at: Date): Promise<string | undefined> {
  const { freeDays, storageFeePerDay } = (await board(o)).parcels;
  const days = Math.floor(DateTime.fromJSDate(at).diff(DateTime.fromISO(p.checkedInAt), 'days').days);
  const charged = days - freeDays;
  return charged > 0 && new Dec(storageFeePerDay).gt(0) ? formatAmount(new Dec(storageFeePerDay).times(charged)) : undefined;
}
