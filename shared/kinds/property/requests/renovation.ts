/**
 * Renovation applications (装修申请): the plan and its documents go to the
 * manager; once approved, the desk takes the deposit and issues the permit;
 * the work is inspected midway and at the end; after the final inspection
 * the deposit is released in full or partly kept for damage.
 *
 * The deposit in the ledger: taking it books the cash against a payable to
 * the household (the office owes it back) and, in the same step, holds that
 * payable as a pending two-phase transfer toward damage income — the most
 * that could be kept. Releasing voids the hold; keeping part posts the hold
 * for that part (the rest of the hold lapses); either way what is not kept
 * is paid back. A hold is resolved once: the ledger refuses a second time.
 */
import { z } from 'zod';
import { amountSchema, formatAmount, parseAmount } from '../../../kernel/money.ts';
import type { CaseType, Effects, TransitionContext } from '../../../pipeline/contract.ts';
import { PAYMENT_METHODS } from '../billing/billing.entity.ts';
import { servicePrices } from '../services/services.ts';
import { DESK_DAY, ESCALATION, householdField, INTAKE, note, STAFF } from './common.ts';

const date = z.iso.date();
const intake = z
  .strictObject({
    description: z.string().trim().min(4).max(2000).meta({ title: '装修内容 Scope of work' }),
    contractor: z.strictObject({
      name: z.string().trim().min(1).max(100).meta({ title: '施工单位 Contractor' }),
      phone: z
        .string()
        .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 expected an 11-digit mainland mobile number')
        .meta({ title: '施工方电话 Contractor phone' })
        .optional(),
    }),
    startOn: date.meta({ title: '开工日期 Start' }),
    endOn: date.meta({ title: '完工日期 End' }),
    documents: z
      .array(z.strictObject({ title: z.string().trim().min(1).max(100), ref: z.string().trim().min(1).max(300) }))
      .min(1, 'attach the plan (a drawing, the scope of work)')
      .max(10)
      .meta({ title: '图纸与资料 Plan documents' }),
    household: householdField,
  })
  .refine((x) => x.endOn >= x.startOn, { path: ['endOn'], message: 'must not be before the start' })
  .refine((x) => Date.parse(x.endOn) - Date.parse(x.startOn) <= 180 * 86_400_000, { path: ['endOn'], message: 'at most 180 days of work' });

type Inspection = { stage: 'mid' | 'final'; at: string; by: string; passed: boolean; findings: string };
type Data = z.infer<typeof intake> & {
  approval?: { by: string; at: string; conditions?: string };
  deposit?: { amount: string; method: string; takenAt: string; status: 'held' | 'released' | 'partly-kept'; kept?: string; refunded?: string };
  permit?: { number: string; validFrom: string; validTo: string };
  inspections?: Inspection[];
};
type Ctx<I = Record<string, unknown>> = TransitionContext<Data, I>;

const ids = (caseId: string) => ({
  deposit: `renovation:${caseId}:deposit`,
  hold: `renovation:${caseId}:hold`,
  release: `renovation:${caseId}:release`,
  kept: `renovation:${caseId}:kept`,
  refund: `renovation:${caseId}:refund`,
});
const payableOf = (household: string) => `payable:deposits:${household}`;
const DAMAGE = 'income:renovation-damage';

function inspection(ctx: Ctx<{ passed: boolean; findings: string }>, stage: Inspection['stage']): Inspection {
  return { stage, at: ctx.now.toISOString(), by: ctx.actor.sub, passed: ctx.input.passed, findings: ctx.input.findings };
}

/** What is not kept goes back the way it came. */
function refund(ctx: Ctx, amount: string): Effects['transfers'] {
  const d = ctx.case.data.deposit!;
  if (parseAmount(amount).isZero()) return [];
  return [
    {
      id: ids(ctx.case.id).refund,
      debit: payableOf(ctx.case.data.household!),
      credit: `clearing:payments:${d.method}`,
      amount,
      currency: 'CNY',
      memo: `装修押金退还 deposit returned ${ctx.case.id}`,
      ref: { caseId: ctx.case.id },
    },
  ];
}

const inspect = z.strictObject({
  passed: z.boolean().meta({ title: '是否合格 Passed' }),
  findings: z.string().trim().min(2).max(1000).meta({ title: '检查记录 Findings' }),
});

export const renovation: CaseType<z.infer<typeof intake>, Data> = {
  type: 'renovation',
  title: '装修申请 Renovation application',
  intake: { schema: intake, ...INTAKE },
  states: {
    submitted: { label: '待审批 Awaiting approval' },
    approved: { label: '已批准待交押金 Approved, deposit due' },
    permitted: { label: '施工中 Permit issued, work under way' },
    inspected: { label: '已竣工验收 Finally inspected' },
    closed: { label: '已办结 Closed', terminal: true },
    rejected: { label: '不予批准 Not approved', terminal: true },
    withdrawn: { label: '已撤回 Withdrawn', terminal: true, abandoned: true },
  },
  initial: 'submitted',
  staffRoles: STAFF,
  transitions: {
    approve: {
      label: '批准 Approve',
      from: ['submitted'],
      to: 'approved',
      roles: ['manager'],
      input: z.strictObject({ conditions: z.string().trim().max(1000).meta({ title: '审批意见 Conditions' }).optional() }),
      sla: 'resolve',
      guard: ({ case: c }) => (c.data.household ? undefined : 'a renovation is for a household: file it through the desk'),
      effects: ({ actor, now, input }) => ({
        data: { approval: { by: actor.sub, at: now.toISOString(), ...(input.conditions ? { conditions: input.conditions } : {}) } },
      }),
    },
    reject: {
      label: '不予批准 Reject',
      from: ['submitted'],
      to: 'rejected',
      roles: ['manager'],
      input: z.strictObject({ note }),
      sla: 'resolve',
    },
    'take-deposit': {
      label: '收押金并发放施工许可 Take the deposit, issue the permit',
      from: ['approved'],
      to: 'permitted',
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ method: z.enum(PAYMENT_METHODS).meta({ title: '付款方式 Method' }) }),
      guard: async ({ records }) => ((await servicePrices(records)) ? undefined : 'the service price list names no renovation deposit yet'),
      effects: async (ctx: Ctx<{ method: string }>) => {
        const amount = (await servicePrices(ctx.records))!.renovationDeposit;
        const c = ctx.case;
        const id = ids(c.id);
        const payable = payableOf(c.data.household!);
        return {
          data: {
            deposit: { amount, method: ctx.input.method, takenAt: ctx.now.toISOString(), status: 'held' },
            // A number a worker can read out at the gate: the year it starts and the case's last eight characters.
            permit: { number: `ZX-${c.data.startOn.slice(0, 4)}-${c.id.slice(-8)}`, validFrom: c.data.startOn, validTo: c.data.endOn },
          },
          transfers: [
            {
              id: id.deposit,
              debit: `clearing:payments:${ctx.input.method}`,
              credit: payable,
              amount,
              currency: 'CNY',
              memo: `装修押金 renovation deposit ${c.id}`,
              ref: { caseId: c.id },
            },
          ],
          entries: [
            {
              kind: 'entry',
              entry: {
                id: id.hold,
                memo: `押金暂扣 deposit held against damage ${c.id}`,
                ref: { caseId: c.id },
                legs: [
                  { account: payable, side: 'debit', amount },
                  { account: DAMAGE, side: 'credit', amount },
                ],
                pending: {},
              },
            },
          ],
        };
      },
    },
    'mid-inspection': {
      label: '中期检查 Mid-way inspection',
      from: ['permitted'],
      roles: ['desk-agent', 'manager', 'team-lead'],
      input: inspect,
      effects: (ctx: Ctx<{ passed: boolean; findings: string }>) => ({ data: { inspections: [...(ctx.case.data.inspections ?? []), inspection(ctx, 'mid')] } }),
    },
    'final-inspection': {
      label: '竣工验收 Final inspection',
      from: ['permitted'],
      to: 'inspected',
      roles: ['desk-agent', 'manager', 'team-lead'],
      input: inspect,
      effects: (ctx: Ctx<{ passed: boolean; findings: string }>) => ({
        data: { inspections: [...(ctx.case.data.inspections ?? []), inspection(ctx, 'final')] },
      }),
    },
    'release-deposit': {
      label: '退还押金 Release the deposit',
      from: ['inspected'],
      to: 'closed',
      roles: ['manager'],
      input: z.strictObject({ note: note.optional() }),
      effects: (ctx) => {
        const d = ctx.case.data.deposit!;
        const id = ids(ctx.case.id);
        return {
          data: { deposit: { ...d, status: 'released', refunded: d.amount } },
          entries: [{ kind: 'void-pending', id: id.release, pendingId: id.hold, memo: `押金全额退还 deposit released ${ctx.case.id}` }],
          transfers: refund(ctx, d.amount),
        };
      },
    },
    'keep-deposit': {
      label: '扣留部分押金 Keep part of the deposit',
      from: ['inspected'],
      to: 'closed',
      roles: ['manager'],
      input: z.strictObject({
        amount: amountSchema().meta({ title: '扣留金额 Amount kept' }),
        reason: z.string().trim().min(4).max(1000).meta({ title: '原因 Damage found' }),
      }),
      guard: ({ case: c, input }) => {
        const kept = parseAmount(input.amount);
        if (kept.isZero()) return 'keep more than 0.00, or release the deposit';
        return kept.gt(c.data.deposit!.amount) ? `at most the deposit held, ${c.data.deposit!.amount}` : undefined;
      },
      effects: (ctx: Ctx<{ amount: string; reason: string }>) => {
        const d = ctx.case.data.deposit!;
        const id = ids(ctx.case.id);
        const kept = formatAmount(parseAmount(ctx.input.amount));
        const back = formatAmount(parseAmount(d.amount).minus(kept));
        return {
          data: { deposit: { ...d, status: 'partly-kept', kept, refunded: back } },
          entries: [
            {
              kind: 'post-pending',
              id: id.kept,
              pendingId: id.hold,
              amount: kept,
              memo: `押金扣留 deposit kept for damage ${ctx.case.id}: ${ctx.input.reason}`,
            },
          ],
          transfers: refund(ctx, back),
        };
      },
    },
    withdraw: {
      label: '撤回 Withdraw',
      from: ['submitted', 'approved'],
      to: 'withdrawn',
      roles: ['resident', 'desk-agent'],
      input: z.strictObject({ note: note.optional() }),
      guard: ({ case: c, actor }) =>
        actor.roles.includes('desk-agent') || c.requester === actor.sub ? undefined : 'Only the applicant or the desk may withdraw it.',
    },
  },
  queues: ['manager'],
  route: () => ({ queue: 'manager', priority: 'normal', sla: { minutes: 3 * DESK_DAY, basis: 'business', firstResponse: 3 * DESK_DAY } }),
  escalation: ESCALATION,
  documents: [{ label: '装修档案 Renovation file', path: '/console/property/renovations/{id}' }],
  notify: {
    created: [{ to: { role: 'manager' }, subject: (c) => `新装修申请 New renovation application ${c.id.slice(-6)}`, body: (c) => c.data.description }],
    approve: [
      { to: 'requester', subject: (c) => `装修申请已批准 Renovation approved (${c.id.slice(-6)})`, body: () => '请到服务台交纳装修押金、领取施工许可证。' },
    ],
    reject: [{ to: 'requester', subject: (c) => `装修申请未获批准 Renovation not approved (${c.id.slice(-6)})`, body: () => '详情请咨询物业经理。' }],
    'take-deposit': [
      {
        to: 'requester',
        subject: (c) => `施工许可证 ${c.data.permit?.number} Permit issued`,
        body: (c) => `押金 ¥${c.data.deposit?.amount} 已收取；许可期 ${c.data.permit?.validFrom} 至 ${c.data.permit?.validTo}。`,
      },
    ],
    'release-deposit': [
      { to: 'requester', subject: (c) => `装修押金已退还 Deposit returned (${c.id.slice(-6)})`, body: (c) => `退还 ¥${c.data.deposit?.refunded}。` },
    ],
    'keep-deposit': [
      {
        to: 'requester',
        subject: (c) => `装修押金结算 Deposit settled (${c.id.slice(-6)})`,
        body: (c) => `扣留 ¥${c.data.deposit?.kept}，退还 ¥${c.data.deposit?.refunded}。`,
      },
    ],
  },
};
