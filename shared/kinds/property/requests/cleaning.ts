/**
 * Cleaning (保洁): at home or in a public area, now or on a date; the desk
 * sends it to the cleaning team, the team reports it done, the resident
 * confirms and rates.
 */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import {
  AUTO_CLOSE,
  autoClose,
  autoCloseNotice,
  confirmAndRate,
  DESK_DAY,
  doneAt,
  ESCALATION,
  householdField,
  INTAKE,
  linkIncidents,
  mergeInto,
  note,
  returnVisit,
  STAFF,
  splitOff,
  withinReopenWindow,
} from './common.ts';

export const CLEANING_PLACES = {
  home: { zh: '入户保洁', en: 'In the home' },
  'public-area': { zh: '公共区域', en: 'Public area' },
} as const;

const intake = z.strictObject({
  place: z.enum(Object.keys(CLEANING_PLACES) as ['home', 'public-area']).meta({ title: '保洁位置 Where' }),
  description: z.string().trim().min(4).max(1000).meta({ title: '需求描述 What is needed' }),
  date: z.iso.date().meta({ title: '预约日期 On (date)' }).optional(),
  household: householdField,
});
type Data = z.infer<typeof intake> & { rating?: number; workNote?: string; doneAt?: string };

export const cleaningRequest: CaseType<z.infer<typeof intake>, Data> = {
  type: 'cleaning',
  title: '保洁 Cleaning',
  intake: { schema: intake, ...INTAKE, claims: linkIncidents },
  states: {
    submitted: { label: '已受理 Received' },
    dispatched: { label: '已派班组 Sent to the team' },
    done: { label: '已完成待确认 Done, awaiting confirmation' },
    closed: { label: '已办结 Closed', terminal: true },
    cancelled: { label: '已取消 Cancelled', terminal: true, abandoned: true },
    merged: { label: '已合并 Merged into another request', terminal: true, abandoned: true },
  },
  initial: 'submitted',
  staffRoles: STAFF,
  transitions: {
    dispatch: {
      label: '派保洁班 Send to cleaning',
      from: ['submitted'],
      to: 'dispatched',
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ note: note.optional() }),
      sla: 'respond',
      effects: () => ({ team: 'cleaning', dispatch: [{ team: 'cleaning', title: '保洁 cleaning' }] }),
    },
    complete: {
      label: '完成 Report done',
      from: ['dispatched'],
      to: 'done',
      roles: ['team-member', 'team-lead'],
      actor: 'team',
      input: z.strictObject({ note }),
      sla: 'resolve',
      effects: ({ input, case: c, now }) => ({ data: { workNote: input.note, ...doneAt(now) }, completeTasksOf: [c.team!] }),
    },
    confirm: confirmAndRate<Data>(),
    reopen: {
      label: '未打扫干净，重新处理 Not done well, reopen',
      from: ['done'],
      to: 'dispatched',
      roles: ['resident'],
      actor: 'requester',
      input: z.strictObject({ note }),
      sla: 'restart',
      guard: withinReopenWindow,
      effects: ({ case: c }) => ({ dispatch: [{ team: c.team ?? 'cleaning', title: '返工 redo cleaning' }] }),
    },
    close: returnVisit<Data>(),
    merge: mergeInto<Data>(['submitted', 'dispatched']),
    split: splitOff<Data>(['submitted', 'dispatched']),
    'auto-close': autoClose<Data>(),
    cancel: {
      label: '取消 Cancel',
      from: ['submitted', 'dispatched'],
      to: 'cancelled',
      roles: ['desk-agent', 'resident'],
      input: z.strictObject({ note: note.optional() }),
      // A resident cancels only their own request: the desk, any.
      guard: ({ case: c, actor }) =>
        actor.roles.includes('desk-agent') || c.requester === actor.sub ? undefined : 'Only the requester or the desk may cancel it.',
      effects: () => ({ cancelOpenTasks: true }),
    },
  },
  queues: ['desk'],
  route: () => ({ queue: 'desk', priority: 'normal', sla: { minutes: 2 * DESK_DAY, basis: 'business', firstResponse: DESK_DAY / 4 } }),
  escalation: ESCALATION,
  autoClose: AUTO_CLOSE,
  notify: {
    'auto-close': [autoCloseNotice],
    reopen: [{ to: 'team', subject: (c) => `保洁返工 Cleaning to redo ${c.id.slice(-6)}`, body: (c) => c.data.description }],
    created: [
      {
        to: 'requester',
        subject: (c) => `保洁需求已受理 Cleaning request received (${c.id.slice(-6)})`,
        body: (c, f) => `承诺处理时限：${f.time(c.slaDueAt)}。`,
      },
    ],
    dispatch: [{ to: 'team', subject: (c) => `新保洁任务 New cleaning job ${c.id.slice(-6)}`, body: (c) => c.data.description }],
    complete: [{ to: 'requester', subject: (c) => `保洁已完成 Cleaning done (${c.id.slice(-6)})`, body: () => '请确认并评价。' }],
  },
};
