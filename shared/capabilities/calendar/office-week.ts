/** The ordinary Chinese office week, the default for offices that keep government hours. */
import type { Calendar } from './calendar.ts';

const day: Array<[string, string]> = [
  ['08:30', '12:00'],
  ['14:00', '17:30'],
];

export const officeWeek: Calendar = {
  timeZone: 'Asia/Shanghai',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: [],
  workdays: [],
  makeupHoursFrom: 'mon',
};
