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

/** How far from today a business date may lie: a settlement, a discharge or a run dated decades away is a mistake or an attack. */
export interface DateWindow {
  pastDays: number;
  futureDays: number;
}

/** Why a business date is outside the window around today, or undefined when it is inside. */
export function outsideWindow(date: string, today: string, window: DateWindow): string | undefined {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  const t = DateTime.fromISO(today, { zone: 'UTC' });
  const earliest = t.minus({ days: window.pastDays }).toISODate()!;
  const latest = t.plus({ days: window.futureDays }).toISODate()!;
  if (!d.isValid || date < earliest || date > latest) return `must be a business date from ${earliest} to ${latest}`;
  return undefined;
}
