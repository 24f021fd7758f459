import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, type Calendar, calendarSchema, roundTheClock } from '../../shared/capabilities/calendar/calendar.ts';
import { property } from '../../shared/kinds/property/index.ts';

const desk: Calendar = property.defaultCalendar;
const at = (iso: string) => new Date(iso);

describe('business-hours calendar', () => {
  it('counts only working hours, in the tenant time zone', () => {
    // Fri 2026-11-27 16:30 Shanghai (08:30 UTC): one hour left on Friday, Saturday morning has three.
    expect(addBusinessMinutes(desk, at('2026-11-27T08:30:00Z'), 60).toISOString()).toBe('2026-11-27T09:30:00.000Z');
    expect(addBusinessMinutes(desk, at('2026-11-27T08:30:00Z'), 120).toISOString()).toBe('2026-11-28T02:00:00.000Z'); // Sat 10:00
    // 8 working hours from Friday 16:30: 1 h Fri + 3 h Sat + (Sun closed) + 4 h Mon from 08:30 (3.5 h morning, then 13:00–13:30).
    expect(addBusinessMinutes(desk, at('2026-11-27T08:30:00Z'), 480).toISOString()).toBe('2026-11-30T05:30:00.000Z');
  });

  it('skips the lunch break and starts counting at opening time', () => {
    // Mon 2026-11-30 07:00 Shanghai: nothing counts before 08:30.
    expect(addBusinessMinutes(desk, at('2026-11-29T23:00:00Z'), 30).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    // Mon 11:50 + 20 min: 10 min before lunch, 10 min after 13:00.
    expect(addBusinessMinutes(desk, at('2026-11-30T03:50:00Z'), 20).toISOString()).toBe('2026-11-30T05:10:00.000Z');
  });

  it('closes on holidays and opens on make-up working days', () => {
    const cal: Calendar = { ...desk, holidays: ['2026-12-01'], workdays: ['2026-12-06'] };
    // Mon 2026-11-30 17:00 + 60 min: 30 on Monday, Tuesday is a holiday, then Wednesday 08:30 + 30.
    expect(addBusinessMinutes(cal, at('2026-11-30T09:00:00Z'), 60).toISOString()).toBe('2026-12-02T01:00:00.000Z');
    // Sunday 2026-12-06 is worked with Monday's hours.
    expect(addBusinessMinutes(cal, at('2026-12-05T16:00:00Z'), 10).toISOString()).toBe('2026-12-06T00:40:00.000Z');
  });

  it('counts wall-clock time on a 24×7 calendar', () => {
    const clock = roundTheClock('Asia/Shanghai');
    fc.assert(
      fc.property(fc.date({ min: at('2020-01-01'), max: at('2030-01-01'), noInvalidDate: true }), fc.integer({ min: 0, max: 100_000 }), (start, minutes) => {
        expect(addBusinessMinutes(clock, start, minutes).getTime() - start.getTime()).toBe(minutes * 60_000);
      }),
    );
  });

  it('lands on a due time whose working minutes from the start equal the SLA', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2026-01-01'), max: at('2027-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 5000 }), (start, minutes) => {
        const due = addBusinessMinutes(desk, start, minutes);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(Math.round(businessMinutesBetween(desk, start, due) * 1000) / 1000).toBe(minutes);
      }),
      { numRuns: 300 },
    );
  });

  it('never moves a due time earlier for a longer SLA', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2026-01-01'), max: at('2027-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        (start, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(addBusinessMinutes(desk, start, lo).getTime()).toBeLessThanOrEqual(addBusinessMinutes(desk, start, hi).getTime());
        },
      ),
    );
  });

  it('refuses calendars that make no sense', () => {
    expect(calendarSchema.safeParse({ timeZone: 'Mars/Olympus', hours: { mon: [['09:00', '17:00']] } }).success).toBe(false);
    expect(calendarSchema.safeParse({ timeZone: 'Asia/Shanghai', hours: { mon: [['17:00', '09:00']] } }).success).toBe(false);
    expect(calendarSchema.safeParse({ timeZone: 'Asia/Shanghai', hours: {} }).success).toBe(false);
    expect(calendarSchema.safeParse({ timeZone: 'Asia/Shanghai', hours: { mon: [['09:00', '17:00']] }, holidays: ['2026-13-01'] }).success).toBe(false);
    expect(calendarSchema.safeParse(desk).success).toBe(true);
  });
});
