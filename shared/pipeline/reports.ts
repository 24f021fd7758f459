/**
 * Satisfaction and service-level figures per month, case type and team,
 * kept as counters that each closing case adds to in its own transaction:
 * a month's report is one Query however many cases it counts, and it cannot
 * disagree with the cases (a late case is counted in the month it closed,
 * which a scan by due date would miss). A case's rating is its `data.rating`
 * (1–5), given when it is confirmed or at the desk's return visit.
 */
import { DateTime } from 'luxon';
import type { Item, WriteAction } from '../store/store.ts';
import type { CaseType, CaseView } from './contract.ts';
import { reportKeys } from './keys.ts';

const COUNTERS = [
  'ended',
  'abandoned',
  'rated',
  'ratingSum',
  'r1',
  'r2',
  'r3',
  'r4',
  'r5',
  'resolved',
  'resolvedInTime',
  'responded',
  'respondedInTime',
  'breached',
] as const;
type Counter = (typeof COUNTERS)[number];

export interface ReportRow {
  type: string;
  team: string;
  /** Cases that ended this month; `abandoned` of them withdrawn or cancelled (not counted below). */
  ended: number;
  abandoned: number;
  rated: number;
  /** Mean rating, one decimal; null when none was rated. */
  averageRating: number | null;
  ratings: [number, number, number, number, number];
  /** Served cases with a resolution promise, and those resolved by it. */
  resolved: number;
  resolvedInTime: number;
  responded: number;
  respondedInTime: number;
  /** Cases that passed any promise. */
  breached: number;
  /** Resolved in time, as a percentage; null when none. */
  attainment: number | null;
}

/** The counter write for a case that has just ended (none while it is open). */
export function reportAction(ct: CaseType, c: CaseView, now: Date, timeZone: string): WriteAction | undefined {
  const state = ct.states[c.state];
  if (!state?.terminal) return undefined;
  const month = DateTime.fromJSDate(now, { zone: timeZone }).toFormat('yyyy-MM');
  const add: Partial<Record<Counter, number>> = { ended: 1 };
  if (state.abandoned) add.abandoned = 1;
  else {
    const rating = c.data.rating;
    if (typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 5) {
      add.rated = 1;
      add.ratingSum = rating;
      add[`r${rating}` as Counter] = 1;
    }
    const timers = c.sla?.timers ?? {};
    const kept = (t: { metAt?: string; dueAt: string } | undefined) => (t?.metAt && t.metAt <= t.dueAt ? 1 : 0);
    if (timers.resolution) {
      add.resolved = 1;
      add.resolvedInTime = kept(timers.resolution);
    }
    if (timers.firstResponse) {
      add.responded = 1;
      add.respondedInTime = kept(timers.firstResponse);
    }
    if (Object.values(timers).some((t) => t.breached || (t.metAt && t.metAt > t.dueAt))) add.breached = 1;
  }
  const entries = Object.entries(add).filter(([, v]) => v);
  return {
    kind: 'update',
    key: reportKeys.row(c.tenantId, month, c.type, c.team ?? '-'),
    update: `SET entity = :e, #type = :type, #team = :team, #month = :month ADD ${entries.map(([k]) => `#${k} :${k}`).join(', ')}`,
    names: { '#type': 'type', '#team': 'team', '#month': 'month', ...Object.fromEntries(entries.map(([k]) => [`#${k}`, k])) },
    values: { ':e': 'case-report', ':type': c.type, ':team': c.team ?? '-', ':month': month, ...Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])) },
  };
}

export function toReportRow(item: Item): ReportRow {
  const n = (k: Counter) => Number(item[k] ?? 0);
  const rated = n('rated');
  const resolved = n('resolved');
  return {
    type: item.type as string,
    team: item.team as string,
    ended: n('ended'),
    abandoned: n('abandoned'),
    rated,
    averageRating: rated ? Math.round((n('ratingSum') / rated) * 10) / 10 : null,
    ratings: [n('r1'), n('r2'), n('r3'), n('r4'), n('r5')],
    resolved,
    resolvedInTime: n('resolvedInTime'),
    responded: n('responded'),
    respondedInTime: n('respondedInTime'),
    breached: n('breached'),
    attainment: resolved ? Math.round((n('resolvedInTime') / resolved) * 1000) / 10 : null,
  };
}
