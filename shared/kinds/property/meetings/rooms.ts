/**
 * Meeting rooms (会议室) and their days. A room's bookings for one date are
 * one record, written under its version: two bookings of the same time
 * race for one write, and the loser sees the winner when it plans again.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { problems } from '../../../kernel/problems.ts';
import type { RecordWrite } from '../../../pipeline/contract.ts';
import { entity, type Records } from '../../../store/namespace.ts';
import { propertyProblem } from '../problems.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 时:分（如 09:30） a time as HH:mm');

export const roomInput = z
  .strictObject({
    name: z.string().trim().min(1).max(50),
    capacity: z.number().int().min(1).max(500),
    /** Bookings of this room wait for the manager's approval. */
    needsApproval: z.boolean().default(false),
    opens: hhmm.default('08:00'),
    closes: hhmm.default('21:00'),
  })
  .refine((r) => r.opens < r.closes, { path: ['closes'], message: 'must be after it opens' });

export const roomRecord = z.object({
  id: z.string(),
  name: z.string(),
  capacity: z.number().int(),
  needsApproval: z.boolean(),
  opens: z.string(),
  closes: z.string(),
});
export type Room = z.infer<typeof roomRecord>;

export const RoomRecord = entity({
  name: 'property-room',
  attribute: 'room',
  schema: roomRecord,
  key: (id: string) => ({ pk: ['ROOMS'], sk: id }),
  keyOf: (r) => r.id,
});

export const roomDayRecord = z.object({
  room: z.string(),
  date: z.string(),
  bookings: z.array(z.object({ caseId: z.string(), from: z.string(), to: z.string(), purpose: z.string() })),
  version: z.number().int(),
});
export type RoomDay = z.infer<typeof roomDayRecord>;

export const RoomDayRecord = entity({
  name: 'property-room-day',
  attribute: 'day',
  schema: roomDayRecord,
  key: (k: { room: string; date: string }) => ({ pk: ['ROOM', k.room], sk: `DAY#${k.date}` }),
  keyOf: (d) => ({ room: d.room, date: d.date }),
  version: (d) => d.version,
});

export const putRoom = (records: Records, id: string, input: z.input<typeof roomInput>) =>
  records.put(RoomRecord, { id, ...roomInput.parse(input) }).then(() => ({ id, ...roomInput.parse(input) }));
export const listRooms = (records: Records) => records.list(RoomRecord, ['ROOMS']);
export const roomDay = async (records: Records, room: string, date: string): Promise<RoomDay> =>
  (await records.get(RoomDayRecord, { room, date })) ?? { room, date, bookings: [], version: 0 };

/** How far ahead a room may be booked. */
export const BOOKING_HORIZON_DAYS = 90;

/**
 * Takes a room's time for a booking: refused in the past, beyond the
 * horizon, outside opening hours, above capacity, or over another booking
 * (409 naming it). Returns the day's write and what the booking needs to know.
 */
export async function claimRoom(
  records: Records,
  b: { caseId: string; room: string; date: string; from: string; to: string; purpose: string; attendees: number },
  now: Date,
  timeZone: string,
) {
  const room = await records.get(RoomRecord, b.room);
  if (!room) throw problems.validation([{ field: 'input.room', message: `no meeting room ${b.room}` }]);
  const startsAt = DateTime.fromISO(`${b.date}T${b.from}`, { zone: timeZone });
  const endsAt = DateTime.fromISO(`${b.date}T${b.to}`, { zone: timeZone });
  if (startsAt.toMillis() < now.getTime()) throw propertyProblem('booking-in-past', `${b.date} ${b.from} has passed; book a time to come.`);
  if (startsAt.diff(DateTime.fromJSDate(now), 'days').days > BOOKING_HORIZON_DAYS) {
    throw problems.validation([{ field: 'input.date', message: `at most ${BOOKING_HORIZON_DAYS} days ahead` }]);
  }
  if (b.from < room.opens || b.to > room.closes) {
    throw problems.validation([{ field: 'input.from', message: `${room.name} is open ${room.opens}–${room.closes}` }]);
  }
  if (b.attendees > room.capacity) throw problems.validation([{ field: 'input.attendees', message: `${room.name} seats ${room.capacity}` }]);
  const day = await roomDay(records, b.room, b.date);
  const clash = day.bookings.find((x) => x.from < b.to && b.from < x.to);
  if (clash) {
    throw propertyProblem('booking-conflict', `${room.name} is booked ${clash.from}–${clash.to} on ${b.date}.`, {
      extensions: { conflictsWith: { caseId: clash.caseId, from: clash.from, to: clash.to } },
    });
  }
  const next: RoomDay = { ...day, bookings: [...day.bookings, { caseId: b.caseId, from: b.from, to: b.to, purpose: b.purpose }], version: day.version + 1 };
  const write: RecordWrite = { draft: RoomDayRecord.draft(next), condition: day.version === 0 ? 'absent' : { version: day.version } };
  return { room, write, startsAt: startsAt.toUTC().toISO()!, endsAt: endsAt.toUTC().toISO()! };
}

/** Gives a booking's time back (a cancellation, a refusal). */
export async function releaseRoom(records: Records, room: string, date: string, caseId: string): Promise<RecordWrite[]> {
  const day = await roomDay(records, room, date);
  if (!day.bookings.some((x) => x.caseId === caseId)) return [];
  const next: RoomDay = { ...day, bookings: day.bookings.filter((x) => x.caseId !== caseId), version: day.version + 1 };
  return [{ draft: RoomDayRecord.draft(next), condition: { version: day.version } }];
}
