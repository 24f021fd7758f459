/**
 * Business-hours calendars for SLA due times, in the tenant's time zone.
 * Working intervals per weekday, closed holidays, and make-up working days
 * (调休: a weekend day that is worked in exchange for a holiday).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
const date = z.iso.date();
const interval = z.tuple([time, time]).refine(([from, to]) => from < to, 'an interval must end after it starts');

export const calendarSchema = z
  .strictObject({
    timeZone: z.string().refine((tz) => DateTime.now().setZone(tz).isValid, 'unknown IANA time zone'),
    hours: z.partialRecord(z.enum(WEEKDAYS), z.array(interval).max(4)),
    holidays: z.array(date).max(400).default([]),
    /** Make-up working days: worked with the hours of `makeupHoursFrom`. */
    workdays: z.array(date).max(100).default([]),
    makeupHoursFrom: z.enum(WEEKDAYS).default('mon'),
  })
  .refine((c) => Object.values(c.hours).some((list) => list && list.length > 0), 'a calendar needs at least one working interval');

export type Calendar = z.infer<typeof calendarSchema>;

/** A 24×7 calendar: SLA minutes are wall-clock minutes. */
export function roundTheClock(timeZone: string): Calendar {
  const all = Object.fromEntries(WEEKDAYS.map((d) => [d, [['00:00', '24:00']]])) as Calendar['hours'];
  return { timeZone, hours: all, holidays: [], workdays: [], makeupHoursFrom: 'mon' };
}

function intervalsOn(cal: Calendar, day: DateTime): Array<[DateTime, DateTime]> {
  const iso = day.toISODate()!;
  let spec: Array<[string, string]> | undefined;
  if (cal.workdays.includes(iso)) spec = cal.hours[cal.makeupHoursFrom];
  else if (cal.holidays.includes(iso)) spec = [];
  else spec = cal.hours[WEEKDAYS[day.weekday - 1]!];
  return (spec ?? []).map(([from, to]) => [at(day, from), at(day, to)]);
}

function at(day: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h === 24 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

const MAX_DAYS = 3 * 366;

/** The instant `minutes` working minutes after `start`. */
export function addBusinessMinutes(cal: Calendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a non-negative number');
  let cursor: DateTime = DateTime.fromJSDate(start, { zone: cal.timeZone });
  let remainingMs = minutes * 60_000;
  let day: DateTime = cursor.startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 }).startOf('day')) {
    for (const [from, to] of intervalsOn(cal, day)) {
      if (to <= cursor) continue;
      const begin = from > cursor ? from : cursor;
      const available = to.toMillis() - begin.toMillis();
      if (remainingMs === 0 && available > 0) return begin.toJSDate();
      if (remainingMs <= available && remainingMs > 0) return begin.plus({ milliseconds: remainingMs }).toJSDate();
      remainingMs -= available;
      cursor = to;
    }
  }
  throw new RangeError('calendar has no working time within three years');
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(cal: Calendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  const start = DateTime.fromJSDate(from, { zone: cal.timeZone });
  const end = DateTime.fromJSDate(to, { zone: cal.timeZone });
  let total = 0;
  for (let day = start.startOf('day'); day < end; day = day.plus({ days: 1 }).startOf('day')) {
    for (const [a, b] of intervalsOn(cal, day)) {
      const lo = a > start ? a : start;
      const hi = b < end ? b : end;
      if (hi > lo) total += hi.toMillis() - lo.toMillis();
    }
  }
  return total / 60_000;
}
