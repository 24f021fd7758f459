/** Business calendars: working hours per weekday, holidays and make-up days, in the tenant's zone; SLA arithmetic on them. */

export type { Calendar, Weekday } from './calendar.ts';
export { addBusinessMinutes, businessMinutesBetween, calendarSchema, roundTheClock } from './calendar.ts';
export { officeWeek } from './office-week.ts';
