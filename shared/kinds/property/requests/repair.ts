/**
 * Repair request (报修): the resident reports once at the service desk; the
 * desk owns the request to the end (首问负责制), dispatches it to a team,
 * and the resident confirms and rates the result. A chargeable repair posts
 * its charge to the ledger when the request is closed.
 */
import { z } from 'zod';
import { amountSchema, parseAmount } from '../../../kernel/money.ts';
import type { CaseType, Effects, SlaSpec, TransitionContext } from '../../../pipeline/contract.ts';
import { chargeDraft } from '../billing/billing.ts';
import {
  AUTO_CLOSE,
  autoClose,
  autoCloseNotice,
  confirmAndRate,
  DESK_DAY,
  doneAt,
  ESCALATION,
  knownIncident,
  linkIncidents,
  mergeInto,
  returnVisit,
  splitOff,
  withinReopenWindow,
} from './common.ts';

export const TEAMS = ['maintenance', 'electrical', 'elevator', 'cleaning', 'greening', 'security'] as const;

/** The teams in words: a resident is told which team has their repair by its name. */
export const TEAM_LABELS: Record<(typeof TEAMS)[number], { zh: string; en: string }> = {
  maintenance: { zh: '维修班', en: 'Maintenance' },
  electrical: { zh: '电工班', en: 'Electricians' },
  elevator: { zh: '电梯班', en: 'Elevators' },
  cleaning: { zh: '保洁班', en: 'Cleaning' },
  greening: { zh: '绿化班', en: 'Grounds' },
  security: { zh: '秩序维护班', en: 'Security' },
};

/** Each category of repair and the team it goes to. */
export const CATEGORIES = {
  plumbing: { label: { zh: '水管/下水', en: 'Plumbing' }, team: 'maintenance' },
  electrical: { label: { zh: '电路/照明', en: 'Electrical and lighting' }, team: 'electrical' },
  'doors-windows': { label: { zh: '门窗/锁具', en: 'Doors, windows and locks' }, team: 'maintenance' },
  elevator: { label: { zh: '电梯', en: 'Elevator' }, team: 'elevator' },
  'public-area': { label: { zh: '公共区域', en: 'Public areas' }, team: 'cleaning' },
  other: { label: { zh: '其他', en: 'Other' }, team: 'maintenance' },
} as const;

const urgency = z.enum(['emergency', 'normal']).meta({ title: '紧急程度 Urgency' });

/**
 * Emergencies (burst pipes, people in a lift) run on the clock; the rest on
 * desk hours. First response: the desk dispatches (or the team starts);
 * updates while it runs; resolution: reported done.
 */
const repairSla = (u: z.infer<typeof urgency>): SlaSpec =>
  u === 'emergency'
    ? { minutes: 120, basis: 'clock', firstResponse: 15, nextUpdate: 60 }
    : { minutes: DESK_DAY, basis: 'business', firstResponse: 60, nextUpdate: 4 * 60 };

const intake = z.strictObject({
  category: z.enum(Object.keys(CATEGORIES) as [keyof typeof CATEGORIES, ...Array<keyof typeof CATEGORIES>]).meta({ title: '报修类别 Category' }),
  description: z.string().trim().min(4, 'describe the problem in at least 4 characters').max(1000).meta({ title: '问题描述 Description' }),
  location: z
    .strictObject({
      building: z.string().trim().min(1).max(20).meta({ title: '楼栋 Building' }),
      unit: z.string().trim().max(20).meta({ title: '单元 Unit' }).optional(),
      room: z.string().trim().max(20).meta({ title: '房号 Room' }).optional(),
    })
    .meta({ title: '报修位置 Location' }),
  urgency: urgency.default('normal'),
  /** Mainland mobile number; personal data, sealed at rest. */
  contactPhone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 expected an 11-digit mainland mobile number')
    .meta({ title: '联系电话 Contact phone' })
    .optional(),
  preferredTime: z.string().trim().max(100).meta({ title: '方便上门时间 Preferred time' }).optional(),
  /** Set by the desk's door (the household the request is for), never typed by hand. */
  household: z.string().max(64).meta({ title: '住户 Household' }).optional(),
});

export type RepairInput = z.infer<typeof intake>;
type RepairData = RepairInput & { suggestedTeam: string; charge?: string; workNote?: string; rating?: number; reopenCount?: number; doneAt?: string };
type Ctx<I = Record<string, unknown>> = TransitionContext<RepairData, I>;

const note = z.string().trim().min(1).max(500).meta({ title: '说明 Note' });

/** A chargeable repair's charge: booked in the ledger and, for a household, billed to it (its statement shows it; payments settle it). */
const chargeEffects = (ctx: Ctx): Effects => {
  const transfers = chargeTransfer(ctx) ?? [];
  const household = ctx.case.data.household;
  if (transfers.length === 0 || !household) return { transfers };
  const t = transfers[0]!;
  return {
    transfers,
    records: [
      chargeDraft({
        household,
        source: `repair:${ctx.case.id}`,
        name: `维修费 Repair ${ctx.case.id}`,
        amount: t.amount,
        transferId: t.id,
        on: ctx.now,
        timeZone: ctx.timeZone,
      }),
    ],
  };
};

const chargeTransfer = (ctx: Ctx): Effects['transfers'] => {
  const charge = ctx.case.data.charge;
  if (!charge || parseAmount(charge).isZero()) return [];
  return [
    {
      id: `repair:${ctx.case.id}:charge`,
      // Billed to the household when the request knows it (every request through the desk's door does).
      debit: ctx.case.data.household ? `receivable:household:${ctx.case.data.household}` : `receivable:resident:${ctx.case.requester}`,
      credit: 'income:repairs',
      amount: charge,
      currency: 'CNY',
      memo: `维修费 repair charge ${ctx.case.id}`,
      ref: { caseId: ctx.case.id },
    },
  ];
};

const where = (d: RepairData) => [d.location.building, d.location.unit, d.location.room].filter(Boolean).join('-');

export const repairRequest: CaseType<RepairInput, RepairData> = {
  type: 'repair',
  title: '报修 Repair request',
  intake: {
    schema: intake,
    roles: ['resident', 'desk-agent'],
    onBehalf: ['desk-agent'],
    sensitive: ['contactPhone'],
    toData: (input) => ({ ...input, suggestedTeam: CATEGORIES[input.category].team }),
    claims: linkIncidents,
  },
  states: {
    submitted: { label: '已受理 Received' },
    dispatched: { label: '已派工 Dispatched' },
    in_progress: { label: '维修中 In progress' },
    waiting: { label: '等待住户配合 Waiting on the resident' },
    done: { label: '已完工待确认 Done, awaiting confirmation' },
    closed: { label: '已办结 Closed', terminal: true },
    cancelled: { label: '已取消 Cancelled', terminal: true, abandoned: true },
    merged: { label: '已合并 Merged into another request', terminal: true, abandoned: true },
  },
  initial: 'submitted',
  staffRoles: ['desk-agent', 'tenant-admin', 'auditor'],
  revealRoles: ['desk-agent', 'team-member'],
  transitions: {
    dispatch: {
      label: '派工 Dispatch to a team',
      // Also from dispatched: sent on to another team (the first team's task is withdrawn).
      from: ['submitted', 'dispatched'],
      to: 'dispatched',
      roles: ['desk-agent', 'tenant-admin'],
      input: z.strictObject({
        team: z.enum(TEAMS).meta({ title: '派往班组 Team' }),
        assist: z.array(z.enum(TEAMS)).max(TEAMS.length).meta({ title: '协助班组 Assisting teams' }).optional(),
        note: note.optional(),
      }),
      sla: 'respond',
      guard: ({ input, case: c }) =>
        input.assist?.includes(input.team)
          ? `${input.team} leads the job; it cannot also assist`
          : c.team === input.team && !input.assist?.length
            ? `already dispatched to ${input.team}`
            : undefined,
      effects: ({ input, case: c }: Ctx<{ team: string; assist?: string[] }>) => {
        const open = new Set(c.tasks.filter((x) => x.status === 'open').map((x) => x.team));
        const assist = [...new Set(input.assist ?? [])].filter((x) => !open.has(x) || x === c.team);
        return {
          team: input.team,
          // A member of the team by its roster's turn; whoever starts the work takes it over.
          assignee: null,
          autoAssign: true,
          ...(c.team && c.team !== input.team ? { cancelTasksOf: [c.team] } : {}),
          dispatch: [
            ...(c.team === input.team && open.has(input.team) ? [] : [{ team: input.team, title: '报修 repair' }]),
            ...assist.map((team) => ({ team, title: '协助维修 assist with a repair' })),
          ],
        };
      },
    },
    reassign: {
      label: '改派人员 Reassign',
      from: ['dispatched', 'in_progress', 'waiting'],
      roles: ['desk-agent', 'team-lead', 'manager'],
      input: z.strictObject({ assignee: z.string().trim().min(1).max(64).meta({ title: '处理人 Assignee' }), note: note.optional() }),
      guard: ({ input, case: c }) => (input.assignee === c.assignee ? `${input.assignee} already has it` : undefined),
      effects: ({ input }: Ctx<{ assignee: string }>) => ({ assignee: input.assignee }),
    },
    'assist-done': {
      label: '协助完成 Assisting work done',
      from: ['dispatched', 'in_progress', 'waiting'],
      roles: ['team-member', 'team-lead'],
      input: z.strictObject({ note }),
      guard: ({ actor, case: c }) =>
        c.tasks.some((x) => x.status === 'open' && x.team !== c.team && (actor.scopes.team ?? []).includes(x.team))
          ? undefined
          : 'your team has no assisting task open on this repair',
      effects: ({ actor, case: c }) => ({ completeTasksOf: (actor.scopes.team ?? []).filter((team) => team !== c.team) }),
    },
    start: {
      label: '开始维修 Start work',
      from: ['dispatched'],
      to: 'in_progress',
      roles: ['team-member', 'team-lead'],
      actor: 'team',
      input: z.strictObject({ note: note.optional() }),
      sla: 'respond',
      effects: ({ actor }) => ({ assignee: actor.sub }),
    },
    hold: {
      label: '等待住户配合 Wait for the resident',
      from: ['dispatched', 'in_progress'],
      to: 'waiting',
      roles: ['desk-agent', 'team-member', 'team-lead'],
      input: z.strictObject({ note }),
      // The clock stops while the resident is needed (access to the flat, a part they buy).
      sla: 'pause',
    },
    resume: {
      label: '继续处理 Resume',
      from: ['waiting'],
      to: 'dispatched',
      roles: ['desk-agent', 'team-member', 'team-lead'],
      input: z.strictObject({ note: note.optional() }),
      sla: 'resume',
    },
    complete: {
      label: '完工 Report done',
      from: ['dispatched', 'in_progress'],
      to: 'done',
      roles: ['team-member', 'team-lead'],
      actor: 'team',
      input: z.strictObject({ note, charge: amountSchema().meta({ title: '收费金额 Charge (yuan)' }).optional() }),
      sla: 'resolve',
      guard: ({ case: c }) => {
        const waiting = c.tasks.filter((x) => x.status === 'open' && x.team !== c.team).map((x) => x.team);
        return waiting.length ? `waiting for the assisting teams: ${waiting.join(', ')}` : undefined;
      },
      effects: ({ input, case: c, actor, now }: Ctx<{ note: string; charge?: string }>) => ({
        assignee: c.assignee ?? actor.sub,
        data: { workNote: input.note, ...(input.charge ? { charge: input.charge } : {}), ...doneAt(now) },
        completeTasksOf: [c.team!],
      }),
    },
    confirm: confirmAndRate<RepairData>((ctx) => chargeEffects(ctx as unknown as Ctx)),
    reopen: {
      label: '未修好，重新处理 Not fixed, reopen',
      from: ['done'],
      to: 'submitted',
      roles: ['resident'],
      actor: 'requester',
      input: z.strictObject({ note }),
      sla: 'restart',
      guard: withinReopenWindow,
      effects: ({ case: c }) => ({ team: null, assignee: null, data: { reopenCount: (c.data.reopenCount ?? 0) + 1 } }),
    },
    close: returnVisit<RepairData>((ctx) => chargeEffects(ctx as unknown as Ctx)),
    merge: mergeInto<RepairData>(['submitted', 'dispatched', 'in_progress', 'waiting']),
    split: splitOff<RepairData>(['submitted', 'dispatched', 'in_progress', 'waiting']),
    'auto-close': autoClose<RepairData>((ctx) => chargeEffects(ctx)),
    reprioritise: {
      label: '调整紧急程度 Change urgency',
      from: ['submitted', 'dispatched', 'in_progress', 'waiting'],
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ urgency: urgency, note }),
      // The promise follows the urgency, counted from when the resident first reported it.
      effects: ({ input }: Ctx<{ urgency: RepairInput['urgency'] }>) => ({
        data: { urgency: input.urgency },
        priority: { priority: input.urgency, sla: repairSla(input.urgency) },
      }),
    },
    withdraw: {
      label: '撤回 Withdraw',
      from: ['submitted', 'dispatched'],
      to: 'cancelled',
      roles: ['resident'],
      actor: 'requester',
      input: z.strictObject({ note: note.optional() }),
      effects: () => ({ cancelOpenTasks: true }),
    },
    cancel: {
      label: '取消 Cancel',
      from: ['submitted', 'dispatched', 'in_progress'],
      to: 'cancelled',
      roles: ['desk-agent'],
      input: z.strictObject({ note }),
      effects: () => ({ cancelOpenTasks: true }),
    },
  },
  queues: ['desk'],
  route: (input) => ({
    queue: 'desk',
    priority: input.urgency,
    sla: repairSla(input.urgency),
  }),
  escalation: ESCALATION,
  autoClose: AUTO_CLOSE,
  notify: {
    'auto-close': [autoCloseNotice],
    created: [
      {
        to: 'requester',
        subject: (c) => `报修已受理 Repair request received (${c.id.slice(-6)})`,
        body: (c, f) =>
          `您在 ${where(c.data)} 的报修（${CATEGORIES[c.data.category].label.zh}）已由服务台受理，承诺处理时限：${f.time(c.slaDueAt)}。${knownIncident(c)}`,
      },
      {
        to: { role: 'desk-agent' },
        subject: (c) => `新报修 New repair request ${c.id.slice(-6)}`,
        body: (c, f) => `${where(c.data)}：${c.data.description}（时限 ${f.time(c.slaDueAt)}）`,
      },
    ],
    dispatch: [
      {
        to: 'requester',
        subject: (c) => `已派工 Dispatched (${c.id.slice(-6)})`,
        body: (c) => `您的报修已派给${TEAM_LABELS[c.team as (typeof TEAMS)[number]]?.zh ?? c.team}处理。`,
      },
      {
        to: 'team',
        subject: (c) => `新工单 New work order ${c.id.slice(-6)}`,
        body: (c, f) => `${where(c.data)}：${c.data.description}（时限 ${f.time(c.slaDueAt)}）`,
      },
    ],
    start: [{ to: 'requester', subject: (c) => `维修中 Work started (${c.id.slice(-6)})`, body: () => `维修人员已开始处理您的报修。` }],
    complete: [
      {
        to: 'requester',
        subject: (c) => `维修已完成 Repair done (${c.id.slice(-6)})`,
        body: (c) => `维修已完成：${c.data.workNote ?? ''}${c.data.charge ? `；费用 ¥${c.data.charge}` : ''}。请确认并评价。`,
      },
    ],
    confirm: [
      {
        to: 'team',
        subject: (c) => `居民已评价 Rated ${c.data.rating ?? ''}/5 (${c.id.slice(-6)})`,
        body: (c) => `工单 ${c.id} 已办结，评价 ${c.data.rating ?? ''} 星。`,
      },
    ],
    reopen: [{ to: { role: 'desk-agent' }, subject: (c) => `报修重新打开 Reopened ${c.id.slice(-6)}`, body: () => `居民反馈问题未解决，请重新派工。` }],
    close: [{ to: 'requester', subject: (c) => `报修已办结 Closed (${c.id.slice(-6)})`, body: () => `服务台回访后已办结您的报修。` }],
    withdraw: [{ to: 'team', subject: (c) => `工单已撤回 Withdrawn ${c.id.slice(-6)}`, body: () => `居民已撤回该报修。` }],
    cancel: [{ to: 'requester', subject: (c) => `报修已取消 Cancelled (${c.id.slice(-6)})`, body: () => `服务台已取消您的报修。` }],
  },
};
