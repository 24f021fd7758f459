/** Door delivery by appointment (the exception to pickup): a slot with capacity, then proof of delivery. */

import { DateTime } from 'luxon';
import { z } from 'zod';
import { CodeRecord, type Parcel, ParcelRecord } from '../../../capabilities/parcel-custody/index.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Actor } from '../../../kernel/tenancy.ts';
import { TransactionConflict } from '../../../store/namespace.ts';
import type { Office } from '../office.ts';
import { campusProblem } from '../problems.ts';
import { pieceOp } from '../roster/roster.ts';
import { parcel } from './parcels.ts';
import { SlotRecord } from './slot.entity.ts';

export const SLOTS = ['12:00-13:00', '18:00-19:00', '20:00-21:00'] as const;

export const doorBookingInput = z.strictObject({
  date: z.iso.date().meta({ title: '送货日期 Delivery date' }),
  slot: z.enum(SLOTS).meta({ title: '时段 Time slot' }),
});
export const doorDeliveryInput = z.strictObject({
  receivedBy: z.string().trim().min(1).max(50).meta({ title: '签收人 Received by' }),
  note: z.string().max(200).optional().meta({ title: '备注 Note' }),
});
const SLOT_CAPACITY = 8;
/** How far ahead a door delivery may be booked: the office plans a fortnight of rounds. */
const BOOKING_DAYS = 14;

export async function bookDoorDelivery(o: Office, parcelId: string, date: string, slot: string): Promise<Parcel> {
  if (!(SLOTS as readonly string[]).includes(slot)) throw problems.validation([{ field: 'slot', message: `one of ${SLOTS.join(', ')}` }]);
  const today = o.today();
  const last = DateTime.fromISO(today).plus({ days: BOOKING_DAYS }).toISODate();
  if (date < today || (last && date > last))
    throw problems.validation([{ field: 'date', message: `应在今天起${BOOKING_DAYS}天内 from today to ${BOOKING_DAYS} days ahead (${today}–${last})` }]);
  const p = await parcel(o, parcelId);
  if (p.status !== 'waiting' && p.status !== 'door-pending') throw campusProblem('not-deliverable', `Parcel ${parcelId} is ${p.status}.`);
  // Booked again into the slot it has (a refresh, a double click): nothing changes, nothing is counted twice.
  if (p.door?.date === date && p.door.slot === slot) return p;
  const held = await o.records.get(SlotRecord, { date, slot });
  const booked = held?.booked ?? 0;
  if (booked >= SLOT_CAPACITY) throw campusProblem('slot-full', `The ${date} ${slot} slot is full; choose another.`);
  const next: Parcel = { ...p, status: 'door-pending', door: { date, slot }, version: p.version + 1 };
  // Moved to another slot: the place it held is given back.
  const before = p.door ? await o.records.get(SlotRecord, { date: p.door.date, slot: p.door.slot }) : undefined;
  try {
    await o.records.transact([
      o.records.putOp(ParcelRecord, next, { version: p.version }),
      // The count read above must still hold: two bookings racing for the last place cannot both get it.
      o.records.putOp(SlotRecord, { date, slot, booked: booked + 1 }, held ? { field: 'booked', equals: booked } : 'absent'),
      ...(before && before.booked > 0
        ? [o.records.putOp(SlotRecord, { ...before, booked: before.booked - 1 }, { field: 'booked', equals: before.booked })]
        : []),
    ]);
  } catch (err) {
    if (err instanceof TransactionConflict) throw campusProblem('slot-changed', 'The slot or the parcel changed meanwhile; try again.');
    throw err;
  }
  return next;
}

export async function deliverToDoor(o: Office, actor: Actor, parcelId: string, proof: { receivedBy: string; note?: string }): Promise<Parcel> {
  const p = await parcel(o, parcelId);
  if (p.status !== 'door-pending' || !p.door) throw campusProblem('not-booked', 'The parcel has no booked delivery.');
  const now = o.now().toISOString();
  const delivered: Parcel = {
    ...p,
    status: 'delivered',
    door: { ...p.door, worker: actor.sub },
    custody: [...p.custody, { at: now, action: 'delivered', by: actor.sub, to: proof.receivedBy, ...(proof.note !== undefined ? { note: proof.note } : {}) }],
    version: p.version + 1,
  };
  await o.records.transact([
    o.records.putOp(ParcelRecord, delivered, { version: p.version }),
    ...(p.code ? [o.records.deleteOp(CodeRecord, p.code)] : []),
    pieceOp(o, actor.sub, 'door-delivery', p.id),
  ]);
  return delivered;
}
