/**
 * The service-level clock as rules: due times follow the tenant's business
 * calendar (holidays, make-up days) or the wall clock, a pause never counts,
 * a change of priority recomputes from the start, and a sweep gives each
 * notice once and in order, however often it runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, type Calendar, roundTheClock } from '../../shared/capabilities/calendar/calendar.ts';
import { property } from '../../shared/kinds/property/index.ts';
import type { SlaClock, SlaSpec, SlaTimerName } from '../../shared/pipeline/contract.ts';
import { advanceClock, dueNotices, markNotices, packClock, reprioritiseClock, type SlaLevel, startClock, unpackClock } from '../../shared/pipeline/sla.ts';

const desk: Calendar = { ...property.defaultCalendar, holidays: ['2026-12-01', '2026-12-02'], workdays: ['2026-12-06'] };
const MIN = 60_000;
const cal = (c: SlaClock) => (c.basis === 'clock' ? roundTheClock(desk.timeZone) : desk);

const spec = fc.record(
  {
    minutes: fc.integer({ min: 1, max: 5_000 }),
    basis: fc.constantFrom('business' as const, 'clock' as const),
    firstResponse: fc.integer({ min: 1, max: 600 }),
    nextUpdate: fc.integer({ min: 1, max: 600 }),
  },
  { requiredKeys: ['minutes', 'basis'] },
);
const start = fc.date({ min: new Date('2026-11-20T00:00:00Z'), max: new Date('2026-12-10T00:00:00Z'), noInvalidDate: true });
/** Transitions a case goes through, each some minutes after the last. */
const events = fc.array(
  fc.tuple(fc.constantFrom('respond' as const, 'pause' as const, 'resume' as const, undefined), fc.integer({ min: 0, max: 3 * 24 * 60 })),
  { maxLength: 12 },
);

function replay(s: SlaSpec, begin: Date, steps: ReadonlyArray<readonly [Parameters<typeof advanceClock>[1], number]>) {
  let clock = startClock(s, desk, begin);
  let now = begin;
  const pauses: Array<[Date, Date | undefined]> = [];
  for (const [event, after] of steps) {
    now = new Date(now.getTime() + after * MIN);
    if (event === 'pause' && !clock.pausedAt) pauses.push([now, undefined]);
    if (event === 'resume' && clock.pausedAt) pauses[pauses.length - 1]![1] = now;
    clock = advanceClock(clock, event, false, desk, now);
  }
  return { clock, now, pauses };
}

describe('the service-level clock', () => {
  it('keeps every running timer due exactly its length plus its paused time after it started, on its calendar', () => {
    fc.assert(
      fc.property(spec, start, events, (s, begin, steps) => {
        const { clock } = replay(s, begin, steps);
        for (const t of Object.values(clock.timers)) {
          if (t.metAt) continue;
          const counted = businessMinutesBetween(cal(clock), new Date(t.startedAt), new Date(t.dueAt));
          expect(counted).toBeCloseTo(t.minutes + t.pausedMinutes, 6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts as paused exactly the business time between each pause and its resume, and no more', () => {
    fc.assert(
      fc.property(spec, start, events, (s, begin, steps) => {
        const { clock, pauses } = replay(s, begin, steps);
        const closed = pauses.filter((p): p is [Date, Date] => p[1] !== undefined);
        const expected = closed.reduce((sum, [from, to]) => sum + businessMinutesBetween(cal(clock), from, to), 0);
        expect(clock.pausedMinutes).toBeCloseTo(expected, 6);
        // The resolution timer runs from the start, so it was lengthened by every pause.
        if (!clock.timers.resolution!.metAt) expect(clock.timers.resolution!.pausedMinutes).toBeCloseTo(expected, 6);
        expect(clock.pausedAt !== undefined).toBe(pauses.length > 0 && pauses[pauses.length - 1]![1] === undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('owes nothing while paused, however long the pause — longer than the promise itself', () => {
    fc.assert(
      fc.property(spec, start, fc.integer({ min: 1, max: 60 * 24 * 90 }), (s, begin, later) => {
        const paused = advanceClock(startClock(s, desk, begin), 'pause', false, desk, new Date(begin.getTime() + MIN));
        expect(dueNotices({ sla: paused }, new Date(begin.getTime() + later * MIN))).toEqual([]);
        // Resumed, the promise is as far ahead as it was when the pause began.
        const resumedAt = new Date(begin.getTime() + (later + 1) * MIN);
        const resumed = advanceClock(paused, 'resume', false, desk, resumedAt);
        const left = businessMinutesBetween(cal(resumed), resumedAt, new Date(resumed.timers.resolution!.dueAt));
        const leftBefore = businessMinutesBetween(cal(paused), new Date(begin.getTime() + MIN), new Date(paused.timers.resolution!.dueAt));
        expect(left).toBeCloseTo(leftBefore, 6);
      }),
      { numRuns: 200 },
    );
  });

  it('on a change of priority takes the new lengths from the start, and changing back restores the old due times', () => {
    fc.assert(
      fc.property(spec, spec, start, events, fc.integer({ min: 0, max: 10_000 }), (a, b, begin, steps, after) => {
        const { clock, now } = replay(a, begin, steps);
        const at = new Date(now.getTime() + after * MIN);
        const changed = reprioritiseClock(clock, b, desk, at);
        const r = changed.timers.resolution!;
        if (!clock.timers.resolution!.metAt) {
          expect(r.dueAt).toBe(addBusinessMinutes(cal(changed), new Date(r.startedAt), b.minutes + r.pausedMinutes).toISOString());
        }
        if (a.basis === b.basis) {
          const back = reprioritiseClock(changed, a, desk, at);
          for (const name of ['resolution', 'firstResponse'] as SlaTimerName[]) {
            const before = clock.timers[name];
            if (before && b[name === 'resolution' ? 'minutes' : name] !== undefined) expect(back.timers[name]?.dueAt).toBe(before.dueAt);
          }
        }
        // Met promises stay met.
        for (const [name, t] of Object.entries(clock.timers)) if (t.metAt) expect(changed.timers[name as SlaTimerName]).toEqual(t);
      }),
      { numRuns: 200 },
    );
  });

  it('gives each notice once, in order warn → breach → escalate, however often the sweep runs', () => {
    fc.assert(
      fc.property(spec, start, fc.array(fc.integer({ min: 0, max: 2 * 24 * 60 }), { minLength: 1, maxLength: 30 }), (s, begin, gaps) => {
        let clock = startClock(s, desk, begin);
        let now = begin;
        const given = new Map<SlaTimerName, SlaLevel[]>();
        for (const gap of gaps) {
          now = new Date(now.getTime() + gap * MIN);
          const notices = dueNotices({ sla: clock }, now);
          for (const n of notices) given.set(n.timer, [...(given.get(n.timer) ?? []), n.level]);
          clock = markNotices(clock, notices);
          expect(dueNotices({ sla: clock }, now)).toEqual([]); // a second sweep at the same moment owes nothing
        }
        const order: SlaLevel[] = ['warn', 'breach', 'escalate'];
        for (const [name, levels] of given) {
          expect(new Set(levels).size).toBe(levels.length);
          expect(levels.map((l) => order.indexOf(l))).toEqual([...levels.map((l) => order.indexOf(l))].sort());
          // The last sweep told of the highest level reached by then.
          const t = clock.timers[name]!;
          const due = Date.parse(t.dueAt);
          const reached = now.getTime() >= 2 * due - Date.parse(t.startedAt) ? 'escalate' : now.getTime() >= due ? 'breach' : 'warn';
          expect(levels).toContain(reached);
        }
        // Nothing reached goes untold.
        for (const [name, t] of Object.entries(clock.timers)) {
          if (now.getTime() >= Date.parse(t.warnAt)) expect(given.has(name as SlaTimerName)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts a business promise around holidays and make-up working days', () => {
    // Mon 2026-11-30 16:00 Shanghai; Tue and Wed are holidays. A 480-minute promise: 1.5 h on Monday, then Thursday.
    const clock = startClock({ minutes: 480, basis: 'business', firstResponse: 60 }, desk, new Date('2026-11-30T08:00:00Z'));
    expect(clock.timers.firstResponse!.dueAt).toBe('2026-11-30T09:00:00.000Z');
    expect(clock.timers.resolution!.dueAt).toBe(addBusinessMinutes(desk, new Date('2026-12-03T00:30:00Z'), 390).toISOString());
    // Paused over the holidays, it loses nothing: the pause counted no business time.
    const paused = advanceClock(clock, 'pause', false, desk, new Date('2026-11-30T10:00:00Z'));
    const resumed = advanceClock(paused, 'resume', false, desk, new Date('2026-12-03T00:30:00Z'));
    expect(resumed.pausedMinutes).toBe(0);
    expect(resumed.timers.resolution!.dueAt).toBe(clock.timers.resolution!.dueAt);
  });

  it('meets every timer when the case ends, also while paused, and restarts the resolution when it is reopened', () => {
    const begin = new Date('2026-11-30T01:00:00Z');
    const clock = startClock({ minutes: 480, basis: 'business', firstResponse: 60, nextUpdate: 240 }, desk, begin);
    const responded = advanceClock(clock, 'respond', false, desk, new Date('2026-11-30T01:30:00Z'));
    expect(responded.timers.firstResponse!.metAt).toBe('2026-11-30T01:30:00.000Z');
    expect(responded.timers.nextUpdate!.startedAt).toBe('2026-11-30T01:30:00.000Z');
    const paused = advanceClock(responded, 'pause', false, desk, new Date('2026-11-30T02:00:00Z'));
    const ended = advanceClock(paused, undefined, true, desk, new Date('2026-11-30T03:00:00Z'));
    expect(ended.pausedAt).toBeUndefined();
    expect(Object.values(ended.timers).every((t) => t.metAt)).toBe(true);
    expect(dueNotices({ sla: ended }, new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    const reopenedAt = new Date('2026-11-30T05:00:00Z');
    const reopened = advanceClock(advanceClock(responded, 'resolve', false, desk, reopenedAt), 'restart', false, desk, reopenedAt);
    expect(reopened.timers.resolution).toMatchObject({ startedAt: reopenedAt.toISOString(), minutes: 480 });
    expect(reopened.timers.resolution!.metAt).toBeUndefined();
  });
});

describe('the clock as stored', () => {
  const noticeLevels = fc.array(fc.constantFrom<SlaLevel>('warn', 'breach', 'escalate'), { maxLength: 3 });
  it('reads back exactly the clock that was written, through pauses, notices and the end', () => {
    fc.assert(
      fc.property(spec, start, events, noticeLevels, fc.boolean(), (s, begin, steps, levels, end) => {
        const { clock, now } = replay(s, begin, steps);
        let c = markNotices(
          clock,
          levels.map((level) => ({ timer: 'resolution' as const, level })),
        );
        if (end) c = advanceClock(c, undefined, true, desk, new Date(now.getTime() + MIN));
        const packed = packClock(c);
        expect(unpackClock(packed)).toEqual(c);
        expect(unpackClock(JSON.parse(JSON.stringify(c)))).toEqual(c); // a clock stored before packing
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a three-timer clock to a fraction of its size as a map', () => {
    const c = advanceClock(
      startClock({ minutes: 480, basis: 'business', firstResponse: 60, nextUpdate: 240 }, desk, new Date('2026-11-30T01:05:00Z')),
      'respond',
      false,
      desk,
      new Date('2026-11-30T01:35:00Z'),
    );
    expect(Object.keys(c.timers)).toHaveLength(3);
    expect(packClock(c).length).toBeLessThan(JSON.stringify(c).length / 3);
  });
});
