/**
 * Service levels with three timers — first response, next update,
 * resolution — on the tenant's business calendar (or round the clock),
 * paused while a case waits on its requester and shifted by the pause when
 * it resumes. The sweep warns a case's team at 80 % of a timer, tells the
 * team's leads and the desk when it is breached, and the manager when it is
 * overdue by its own length again — each once: the marks are written with
 * the messages, conditioned on the case not having changed meanwhile.
 */
import { addBusinessMinutes, businessMinutesBetween, type Calendar, roundTheClock } from '../capabilities/calendar/calendar.ts';
import { type CaseView, SLA_TIMERS, type SlaClock, type SlaSpec, type SlaTimer, type SlaTimerName, type Transition } from './contract.ts';

const WARN_AT = 0.8;

const calendarFor = (basis: SlaClock['basis'], tenantCalendar: Calendar) => (basis === 'clock' ? roundTheClock(tenantCalendar.timeZone) : tenantCalendar);

/** A timer's due and warning times follow from its start, its length and the time it spent paused — never from arithmetic on earlier due times. */
function timer(cal: Calendar, t: Pick<SlaTimer, 'startedAt' | 'minutes' | 'pausedMinutes'> & Partial<SlaTimer>): SlaTimer {
  const start = new Date(t.startedAt);
  return {
    ...t,
    dueAt: addBusinessMinutes(cal, start, t.minutes + t.pausedMinutes).toISOString(),
    warnAt: addBusinessMinutes(cal, start, Math.round(t.minutes * WARN_AT) + t.pausedMinutes).toISOString(),
  };
}

const fresh = (cal: Calendar, now: Date, minutes: number) => timer(cal, { startedAt: now.toISOString(), minutes, pausedMinutes: 0 });

/** The clock a new case starts with. */
export function startClock(spec: SlaSpec, tenantCalendar: Calendar, now: Date): SlaClock {
  const cal = calendarFor(spec.basis, tenantCalendar);
  return {
    basis: spec.basis,
    timers: {
      resolution: fresh(cal, now, spec.minutes),
      ...(spec.firstResponse !== undefined ? { firstResponse: fresh(cal, now, spec.firstResponse) } : {}),
    },
    ...(spec.nextUpdate !== undefined ? { nextUpdateMinutes: spec.nextUpdate } : {}),
    pausedMinutes: 0,
  };
}

const running = (clock: SlaClock) => (Object.entries(clock.timers) as Array<[SlaTimerName, SlaTimer]>).filter(([, t]) => !t.metAt);

/** The clock after a transition: a response meets the first-response timer and restarts next-update; a pause stops every running timer; a resume lengthens them by the pause; a resolution (or the end) meets them all; a reopening owes the resolution again. */
export function advanceClock(clock: SlaClock, event: Transition['sla'], ended: boolean, tenantCalendar: Calendar, now: Date): SlaClock {
  const terminal = ended || event === 'resolve';
  const cal = calendarFor(clock.basis, tenantCalendar);
  const at = now.toISOString();
  let next: SlaClock = { ...clock, timers: { ...clock.timers } };
  if (event === 'pause' && !clock.pausedAt && !terminal) next.pausedAt = at;
  if ((event === 'resume' || terminal) && clock.pausedAt) {
    const paused = businessMinutesBetween(cal, new Date(clock.pausedAt), now);
    for (const [name, t] of running(clock)) next.timers[name] = timer(cal, { ...t, pausedMinutes: t.pausedMinutes + paused });
    const { pausedAt: _, ...rest } = next;
    next = { ...rest, pausedMinutes: clock.pausedMinutes + paused, pauses: [...(clock.pauses ?? []), { from: clock.pausedAt, to: at }] };
  }
  const timers = next.timers;
  if (event === 'respond') {
    if (timers.firstResponse && !timers.firstResponse.metAt) timers.firstResponse = { ...timers.firstResponse, metAt: at };
    if (clock.nextUpdateMinutes !== undefined && !terminal) timers.nextUpdate = fresh(cal, now, clock.nextUpdateMinutes);
  }
  if (event === 'restart' && !terminal) {
    // Reopened: the resolution is owed again, in full, from now.
    const length = clock.timers.resolution?.minutes;
    if (length !== undefined) timers.resolution = fresh(cal, now, length);
    delete timers.nextUpdate;
  }
  if (terminal) for (const [name, t] of running(next)) timers[name] = { ...t, metAt: at };
  return next;
}

/**
 * The clock after the case's priority changed: each timer keeps its start
 * and the pauses since, counted on the new basis, and takes the new length (as if the case had
 * had that priority from the start); a notice already given stays given only
 * while its moment is still past.
 */
export function reprioritiseClock(clock: SlaClock, spec: SlaSpec, tenantCalendar: Calendar, now: Date): SlaClock {
  const cal = calendarFor(spec.basis, tenantCalendar);
  const lengths: Partial<Record<SlaTimerName, number>> = { resolution: spec.minutes, firstResponse: spec.firstResponse, nextUpdate: spec.nextUpdate };
  const timers: SlaClock['timers'] = {};
  for (const name of SLA_TIMERS) {
    const old = clock.timers[name];
    const minutes = lengths[name];
    if (old?.metAt) timers[name] = old;
    else if (minutes === undefined) continue;
    else if (old) {
      const t = timer(cal, { startedAt: old.startedAt, minutes, pausedMinutes: pausedSince(clock, cal, old.startedAt) });
      const due = Date.parse(t.dueAt);
      const still = (flag: boolean | undefined, moment: number) => !!flag && now.getTime() >= moment;
      timers[name] = {
        startedAt: t.startedAt,
        minutes,
        pausedMinutes: t.pausedMinutes,
        dueAt: t.dueAt,
        warnAt: t.warnAt,
        ...(still(old.warned, Date.parse(t.warnAt)) ? { warned: true } : {}),
        ...(still(old.breached, due) ? { breached: true } : {}),
        ...(still(old.escalated, due + (due - Date.parse(t.startedAt))) ? { escalated: true } : {}),
      };
    } else if (name === 'resolution') timers[name] = fresh(cal, now, minutes);
  }
  const { nextUpdateMinutes: _, ...rest } = clock;
  return {
    ...rest,
    basis: spec.basis,
    timers,
    pausedMinutes: pausedSince(clock, cal, undefined),
    ...(spec.nextUpdate !== undefined ? { nextUpdateMinutes: spec.nextUpdate } : {}),
  };
}

/** The time (on `cal`) the case spent paused since a moment: the pauses are kept, so a change of basis counts them again in the new unit. */
function pausedSince(clock: SlaClock, cal: Calendar, since: string | undefined): number {
  let total = 0;
  for (const p of clock.pauses ?? []) {
    const from = since && p.from < since ? since : p.from;
    if (p.to > from) total += businessMinutesBetween(cal, new Date(from), new Date(p.to));
  }
  return total;
}

export type SlaLevel = 'warn' | 'breach' | 'escalate';

/** What a sweep at `now` owes a case's people: each timer's level reached and not yet told. */
export function dueNotices(c: Pick<CaseView, 'sla'>, now: Date): Array<{ timer: SlaTimerName; level: SlaLevel }> {
  const clock = c.sla;
  if (!clock || clock.pausedAt) return [];
  const out: Array<{ timer: SlaTimerName; level: SlaLevel }> = [];
  for (const [name, t] of Object.entries(clock.timers) as Array<[SlaTimerName, SlaTimer]>) {
    if (t.metAt) continue;
    const due = Date.parse(t.dueAt);
    const overdueAgain = due + (due - Date.parse(t.startedAt));
    const level: SlaLevel | undefined =
      now.getTime() >= overdueAgain && !t.escalated
        ? 'escalate'
        : now.getTime() >= due && !t.breached
          ? 'breach'
          : now.getTime() >= Date.parse(t.warnAt) && !t.warned && !t.breached
            ? 'warn'
            : undefined;
    if (level) out.push({ timer: name, level });
  }
  return out;
}

/** The clock with the notices marked as given (a higher level marks the lower ones too). */
export function markNotices(clock: SlaClock, notices: ReadonlyArray<{ timer: SlaTimerName; level: SlaLevel }>): SlaClock {
  const timers = { ...clock.timers };
  for (const { timer: name, level } of notices) {
    const t = timers[name]!;
    timers[name] = { ...t, warned: true, ...(level !== 'warn' ? { breached: true } : {}), ...(level === 'escalate' ? { escalated: true } : {}) };
  }
  return { ...clock, timers };
}

export const TIMER_LABELS: Record<SlaTimerName, { zh: string; en: string }> = {
  firstResponse: { zh: '首次响应', en: 'First response' },
  nextUpdate: { zh: '进展更新', en: 'Next update' },
  resolution: { zh: '办结', en: 'Resolution' },
};

/*
 * A case's clock as stored: one compact line instead of a nested map. The
 * clock was most of a case record's size, and a record past 1 KB costs twice
 * on the table and on each of its two indexes at every change; written
 * positionally, with instants as base-36 milliseconds, an ordinary case
 * stays under it. The format, `|`-separated:
 *   1 | basis | pausedMinutes | nextUpdateMinutes | pausedAt | pauses | timers
 * pauses `from~to` joined by `,`; timers `name=startedAt,minutes,pausedMinutes,dueAt,warnAt,metAt,flags`
 * joined by `;`, flags 1 warned, 2 breached, 4 escalated; an absent value is empty.
 */
const TIMER_CODES: Record<SlaTimerName, string> = { resolution: 'r', firstResponse: 'f', nextUpdate: 'u' };
const TIMER_NAMES = Object.fromEntries(Object.entries(TIMER_CODES).map(([k, v]) => [v, k])) as Record<string, SlaTimerName>;
const instant = (iso: string | undefined) => (iso === undefined ? '' : Date.parse(iso).toString(36));
const iso = (packed: string) => (packed === '' ? undefined : new Date(Number.parseInt(packed, 36)).toISOString());

export function packClock(clock: SlaClock): string {
  const timers = (Object.entries(clock.timers) as Array<[SlaTimerName, SlaTimer]>).map(([name, t]) => {
    const flags = (t.warned ? 1 : 0) | (t.breached ? 2 : 0) | (t.escalated ? 4 : 0);
    return `${TIMER_CODES[name]}=${[instant(t.startedAt), t.minutes, t.pausedMinutes, instant(t.dueAt), instant(t.warnAt), instant(t.metAt), flags || ''].join(',')}`;
  });
  return [
    '1',
    clock.basis,
    clock.pausedMinutes,
    clock.nextUpdateMinutes ?? '',
    instant(clock.pausedAt),
    (clock.pauses ?? []).map((p) => `${instant(p.from)}~${instant(p.to)}`).join(','),
    timers.join(';'),
  ].join('|');
}

/** Reads a stored clock; one stored before clocks were packed is a map already. */
export function unpackClock(stored: unknown): SlaClock | undefined {
  if (stored === undefined || stored === null) return undefined;
  if (typeof stored !== 'string') return stored as SlaClock;
  const [, basis, pausedMinutes, nextUpdateMinutes, pausedAt, pauses, timers] = stored.split('|') as string[];
  const clock: SlaClock = { basis: basis as SlaClock['basis'], timers: {}, pausedMinutes: Number(pausedMinutes) };
  if (nextUpdateMinutes) clock.nextUpdateMinutes = Number(nextUpdateMinutes);
  if (pausedAt) clock.pausedAt = iso(pausedAt);
  if (pauses) clock.pauses = pauses.split(',').map((p) => ({ from: iso(p.split('~')[0]!)!, to: iso(p.split('~')[1]!)! }));
  for (const entry of timers ? timers.split(';') : []) {
    const [code, fields] = entry.split('=') as [string, string];
    const [startedAt, minutes, paused, dueAt, warnAt, metAt, flags] = fields.split(',') as string[];
    const f = Number(flags || 0);
    clock.timers[TIMER_NAMES[code]!] = {
      startedAt: iso(startedAt!)!,
      minutes: Number(minutes),
      pausedMinutes: Number(paused),
      dueAt: iso(dueAt!)!,
      warnAt: iso(warnAt!)!,
      ...(metAt ? { metAt: iso(metAt) } : {}),
      ...(f & 1 ? { warned: true } : {}),
      ...(f & 2 ? { breached: true } : {}),
      ...(f & 4 ? { escalated: true } : {}),
    };
  }
  return clock;
}
