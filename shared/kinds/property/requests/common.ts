/** What the property office's request types share: who works them, notes and ratings, the household they are for. */
import { z } from 'zod';
import type { CaseView, Effects, IntakeContext, Transition, TransitionContext } from '../../../pipeline/contract.ts';
import { incidentsFor } from '../incidents/incidents.ts';

/** The desk and the manager see every request; auditors read them. */
export const STAFF = ['desk-agent', 'manager', 'tenant-admin', 'auditor'] as const;
export const INTAKE = { roles: ['resident', 'desk-agent'], onBehalf: ['desk-agent'] } as const;
export const note = z.string().trim().min(1).max(500).meta({ title: '说明 Note' });
export const rating = z.number().int().min(1).max(5).meta({ title: '满意度评分 Rating (1–5)' });
/** Set by the desk's door (the household the request is for), never typed by hand. */
export const householdField = z.string().max(64).meta({ title: '住户 Household' }).optional();
/** A working day at the desk, in minutes of its business hours. */
export const DESK_DAY = 8 * 60;

/** Who hears of a request's service level: the team (or the desk) at 80 %, the team leads and the desk on breach, the manager when it is overdue again. */
export const ESCALATION = {
  warn: ['team', { role: 'desk-agent' }],
  breach: [{ role: 'team-lead' }, { role: 'desk-agent' }],
  escalate: [{ role: 'manager' }],
} as const;

/** Days a finished job waits for the resident: they may confirm, rate or reopen it; then it closes by itself. */
export const REOPEN_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;

/** A done job closes by itself after the quiet period, with a notice to the resident. */
export const AUTO_CLOSE = { from: 'done', afterDays: REOPEN_DAYS, action: 'auto-close' } as const;

/** When the job was reported done: the reopen window runs from here. */
export const doneAt = (now: Date) => ({ doneAt: now.toISOString() });

/** Refuses a reopening after the window (the sweep may not have closed it yet). */
export function withinReopenWindow({ case: c, now }: TransitionContext<{ doneAt?: string }, unknown>): string | undefined {
  const done = c.data.doneAt ? Date.parse(c.data.doneAt) : undefined;
  if (done !== undefined && now.getTime() - done > REOPEN_DAYS * DAY_MS) {
    return `the ${REOPEN_DAYS}-day window to reopen it ended on ${new Date(done + REOPEN_DAYS * DAY_MS).toISOString().slice(0, 10)}; please file a new request`;
  }
  return undefined;
}

/**
 * The desk's return visit (回访): it calls the resident, records whether
 * they were reached and, if they gave one, their rating, and closes the job.
 */
export function returnVisit<D>(more?: (ctx: TransitionContext<D, ReturnVisit>) => Effects): Transition<D, ReturnVisit> {
  return {
    label: '回访后办结 Return visit and close',
    from: ['done'],
    to: 'closed',
    roles: ['desk-agent'],
    input: returnVisitInput,
    effects: (ctx) => {
      const extra = more?.(ctx) ?? {};
      return {
        ...extra,
        data: {
          ...(ctx.input.rating !== undefined ? { rating: ctx.input.rating } : {}),
          followUp: { by: ctx.actor.sub, at: ctx.now.toISOString(), reached: ctx.input.reached },
          ...extra.data,
        },
      };
    },
  };
}
const returnVisitInput = z.strictObject({
  note,
  reached: z.boolean().default(true).meta({ title: '已联系到住户 Resident reached' }),
  rating: rating.optional(),
});
type ReturnVisit = z.infer<typeof returnVisitInput>;

/** The resident confirms a finished job and rates it (1–5); `more` adds what closing it does (a charge billed). */
export function confirmAndRate<D>(
  more?: (ctx: TransitionContext<D, { rating: number; note?: string }>) => Effects,
): Transition<D, { rating: number; note?: string }> {
  return {
    label: '确认并评价 Confirm and rate',
    from: ['done'],
    to: 'closed',
    roles: ['resident'],
    actor: 'requester',
    input: z.strictObject({ rating, note: note.optional() }),
    effects: (ctx) => {
      const extra = more?.(ctx) ?? {};
      return { ...extra, data: { ...extra.data, rating: ctx.input.rating } };
    },
  };
}

/** The platform closes a quiet job (see AUTO_CLOSE). */
export function autoClose<D>(effects?: Transition<D>['effects']): Transition<D> {
  return { label: '逾期自动办结 Closed automatically', from: ['done'], to: 'closed', roles: [], system: true, ...(effects ? { effects } : {}) };
}

export const autoCloseNotice = {
  to: 'requester',
  subject: (c: CaseView) => `已自动办结 Closed automatically (${c.id.slice(-6)})`,
  body: () =>
    `完工后 ${REOPEN_DAYS} 天未收到您的确认，已自动办结。如仍有问题，请重新报事。 No reply within ${REOPEN_DAYS} days of the job being done, so it is closed; file a new request if anything is still wrong.`,
} as const;

/** A duplicate report (the same leak, reported by two neighbours): closed into the other, whose news its requester now hears. */
export function mergeInto<D>(from: readonly string[]): Transition<D, { into: string; note?: string }> {
  return {
    label: '合并到另一报事 Merge into another request',
    from,
    to: 'merged',
    roles: ['desk-agent', 'manager'],
    input: z.strictObject({ into: z.string().min(1).max(40).meta({ title: '合并到 Into request' }), note: note.optional() }),
    effects: ({ input }) => ({ mergeInto: input.into, cancelOpenTasks: true, data: { mergedInto: input.into } }),
  };
}

/** The types a mixed report may be split into. */
export const SPLIT_TYPES = ['repair', 'cleaning', 'complaint', 'service', 'inquiry', 'feedback'] as const;

/** A report of two problems: the second is filed as its own request for the same resident and household, linked both ways. */
export function splitOff<D extends { household?: string }>(
  from: readonly string[],
): Transition<D, { type: string; input: Record<string, unknown>; note?: string }> {
  return {
    label: '拆分为新报事 Split off a new request',
    from,
    roles: ['desk-agent', 'manager'],
    input: z.strictObject({
      type: z.enum(SPLIT_TYPES).meta({ title: '新报事类型 Type' }),
      input: z.record(z.string(), z.unknown()).meta({ title: '新报事内容 Details' }),
      note: note.optional(),
    }),
    effects: ({ input, case: c }) => ({
      spawn: [{ type: input.type, input: { ...input.input, ...(c.data.household ? { household: c.data.household } : {}) } }],
    }),
  };
}

/** Links a new report to the incidents its household's building is under (its resident is told it is known). */
export async function linkIncidents({ input, records }: IntakeContext<{ household?: string }>) {
  const known = await incidentsFor(records, input.household);
  return known.length ? { data: { incidents: known.map((i) => ({ id: i.id, title: i.title })) } } : {};
}

/** What a report's acknowledgement adds when it is linked to a known incident. */
export const knownIncident = (c: CaseView) => {
  const known = (c.data.incidents as Array<{ title: string }> | undefined) ?? [];
  return known.length ? ` 已知事件 Known incident: ${known.map((i) => i.title).join('；')}。` : '';
};
