/** Time as the platform sees it: an injectable clock, and calendar dates in a tenant's own zone. */
import { DateTime } from 'luxon';

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(zone: string, at: Date = new Date()): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** The calendar date of an ISO instant in a time zone. */
export function dateOfIso(zone: string, iso: string): string {
  return DateTime.fromISO(iso, { zone }).toISODate()!;
}
