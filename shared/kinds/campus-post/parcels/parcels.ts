/**
 * Parcels at the campus counter, kept by the shared parcel custody: the
 * recipient found in the campus directory, the worker paid the piece, a
 * storage fee after the board's free days.
 */

import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Keeper, Parcel } from '../../../capabilities/parcel-custody/index.ts';
import * as custody from '../../../capabilities/parcel-custody/index.ts';
import { Dec, formatAmount } from '../../../kernel/money.ts';
import type { Actor } from '../../../kernel/tenancy.ts';
import type { WriteOp } from '../../../store/namespace.ts';
import { board } from '../board/board.ts';
import { feeOrder, orderOp } from '../counter/orders.ts';
import { findPerson, person, recipientOf } from '../directory/directory.ts';
import type { Office } from '../office.ts';
import { pieceOp } from '../roster/roster.ts';

export const checkInInput = z.strictObject({
  tracking: z
    .string()
    .regex(/^[A-Za-z0-9]{6,30}$/, '应为快递单号（6–30位字母或数字） a carrier tracking number')
    .meta({ title: '运单号 Tracking number' }),
  carrier: z.string().trim().min(1).max(30).meta({ title: '快递公司 Carrier' }),
  recipient: z
    .strictObject({
      phone: z
        .string()
        .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 an 11-digit mainland mobile number')
        .optional()
        .meta({ title: '手机号 Phone' }),
      number: z.string().max(20).optional().meta({ title: '学号/工号 Student/staff number' }),
    })
    .refine((r) => r.phone || r.number, '请填写手机号或学号/工号 give the phone or the student/staff number')
    .meta({ title: '收件人 Recipient' }),
  shelf: z.string().trim().min(1).max(20).meta({ title: '货架 Shelf' }),
  size: z.enum(['small', 'medium', 'large']).default('small'),
});
export type CheckIn = z.infer<typeof checkInInput>;

export const releaseInput = z.strictObject({
  code: z.string().max(10),
  last4: z.string().regex(/^\d{4}$/),
  proxy: z.strictObject({ name: z.string().trim().min(1).max(50), authorization: z.string().trim().min(1).max(100) }).optional(),
});
export type Release = z.infer<typeof releaseInput>;

/** The campus office as a keeper of parcels. */
export const keeper = (o: Office): Keeper => ({ tenantId: o.tenant.id, records: o.records, now: o.now, codeSpace: o.codeSpace });

export async function checkIn(o: Office, actor: Actor, input: CheckIn): Promise<Parcel> {
  const found = await findPerson(o, input.recipient);
  const b = await board(o);
  const recipient = found
    ? { id: found.id, name: found.name, address: recipientOf(found), notify: found.consent.notify, door: found.preferredDelivery === 'door' }
    : undefined;
  return custody.checkIn(keeper(o), actor, { tracking: input.tracking, carrier: input.carrier, shelf: input.shelf, size: input.size }, recipient, {
    arrival: (p) =>
      p.status === 'door-pending'
        ? {
            subject: '包裹到达，请预约送货 Parcel arrived: book a delivery slot',
            body: `您的${p.carrier}包裹（${p.tracking}）已到，请预约送货上门时段。Your parcel has arrived; book a door-delivery slot.`,
            event: 'parcel-arrived',
          }
        : {
            subject: `包裹到达，取件码 ${p.code} Parcel arrived: pickup code ${p.code}`,
            body: `您的${p.carrier}包裹（${p.tracking}）已到 ${b.title.zh}，货架 ${p.shelf}，取件码 ${p.code}，取件时请出示手机尾号。Pickup code ${p.code}, shelf ${p.shelf}; bring your phone's last four digits.`,
            event: 'parcel-arrived',
          },
    unclaimed: {
      recipient: 'role:supervisor',
      subject: `无主包裹待查 Unclaimed parcel ${input.tracking}`,
      body: '收件人未在校园名录中找到，请查找收件人。Recipient not in the directory: please search.',
      event: 'parcel-unclaimed',
    },
    // The worker who checked it in is paid the piece.
    with: (p) => [pieceOp(o, actor.sub, 'checkin', p.id)],
  });
}

export const parcel = (o: Office, id: string): Promise<Parcel> => custody.parcel(keeper(o), id);

/** How many index pages one search reads on through before it answers with a cursor to go on. */
const SEARCH_PAGES = 10;

/**
 * A page of the parcels at the counter, oldest first. `q` finds a parcel by
 * its tracking number (or part of it), the recipient's name, its shelf, or
 * the recipient's phone or student number typed in full (through the
 * directory's blind index: the number is not kept on the parcel). A search
 * reads on through up to ten index pages and answers with a cursor to go on.
 */
export async function counterPage(o: Office, q: { q?: string; limit: number; cursor?: string }) {
  const term = q.q?.trim().toLowerCase() ?? '';
  const cursors = o.cursors(`parcels:${term}`);
  const who = /^\d{11}$/.test(term)
    ? await findPerson(o, { phone: term })
    : /^[a-z0-9]{4,20}$/.test(term) && !/^[a-z]+$/.test(term)
      ? await findPerson(o, { number: term })
      : undefined;
  const matches = (p: Parcel) =>
    !term ||
    p.tracking.toLowerCase().includes(term) ||
    p.shelf.toLowerCase() === term ||
    (p.recipientName?.toLowerCase().includes(term) ?? false) ||
    (who !== undefined && p.recipientId === who.id);
  const items: Parcel[] = [];
  let startKey = cursors.decode(q.cursor);
  for (let read = 0; read < (term ? SEARCH_PAGES : 1); read++) {
    const page = await custody.uncollectedPage(keeper(o), { limit: q.limit, ...(startKey ? { startKey } : {}) });
    items.push(...page.items.filter(matches));
    startKey = page.lastKey;
    if (!startKey || items.length >= q.limit) break;
  }
  return { items, nextCursor: cursors.encode(startKey) };
}

/** Parcels waiting at the counter: uncollected, unclaimed, locked, to return. */
export const uncollected = (o: Office): Promise<Parcel[]> => custody.uncollected(keeper(o));

/** A recipient's parcels, newest first. */
export const parcelsOf = (o: Office, personId: string): Promise<Parcel[]> => custody.parcelsOf(keeper(o), personId);

/** Release at the counter: the code plus the phone's last four digits; the piece paid, a storage fee charged past the free days. */
export function release(o: Office, actor: Actor, input: Release): Promise<Parcel> {
  return custody.release(keeper(o), actor, input, {
    secondFactor: async (p) => (p.recipientId ? (await person(o, p.recipientId))?.phoneLast4 : undefined),
    locked: (p, failed) => ({
      recipient: 'role:supervisor',
      subject: `包裹已锁定 Parcel locked ${p.tracking}`,
      body: `取件验证连续失败 ${failed} 次，包裹已锁定。Repeated failed pickups: parcel locked.`,
      event: 'parcel-locked',
    }),
    with: async (p, at) => {
      const fee = await storageFee(o, p, at);
      const writes: WriteOp[] = [pieceOp(o, actor.sub, 'release', p.id)];
      if (fee) {
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
      }
      return { ...(fee ? { changes: { storageFee: fee } } : {}), writes };
    },
  });
}

/** What keeping a parcel past the board's free days costs, if anything. */
async function storageFee(o: Office, p: Parcel, at: Date): Promise<string | undefined> {
  const { freeDays, storageFeePerDay } = (await board(o)).parcels;
  const days = Math.floor(DateTime.fromJSDate(at).diff(DateTime.fromISO(p.checkedInAt), 'days').days);
  const charged = days - freeDays;
  return charged > 0 && new Dec(storageFeePerDay).gt(0) ? formatAmount(new Dec(storageFeePerDay).times(charged)) : undefined;
}
