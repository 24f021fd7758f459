/**
 * Service applications (服务申请): an access card, a parking permit, moving
 * in or out, keys left with the desk — priced from the office's service
 * price list when the desk accepts the application, the charge billed to
 * the household (its statement shows it, its payments settle it), then
 * delivered and confirmed like any job.
 */
import { z } from 'zod';
import { parseAmount } from '../../../kernel/money.ts';
import type { CaseType, Effects, TransitionContext } from '../../../pipeline/contract.ts';
import { chargeDraft } from '../billing/billing.ts';
import { quote } from '../services/services.ts';
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
  note,
  returnVisit,
  STAFF,
} from './common.ts';

const intake = z.strictObject({
  service: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/)
    .meta({ title: '服务项目 Service' }),
  quantity: z.number().int().min(1).max(12).default(1).meta({ title: '数量 Quantity' }),
  /** What the desk needs to know: a plate number, a moving date, whose keys. */
  detail: z.string().trim().min(2).max(500).meta({ title: '说明 Details' }),
  household: householdField,
});
type Data = z.infer<typeof intake> & {
  price?: { name: string; unit: string; unitPrice: string; total: string };
  delivered?: string;
  rating?: number;
  doneAt?: string;
};
type Ctx<I = Record<string, unknown>> = TransitionContext<Data, I>;

async function priced(ctx: Ctx): Promise<Effects> {
  const q = await quote(ctx.records, ctx.case.data.service, ctx.case.data.quantity);
  if (!q) return {};
  const price = { name: q.item.name, unit: q.item.unit, unitPrice: q.item.price, total: q.total };
  const household = ctx.case.data.household;
  if (parseAmount(q.total).isZero() || !household) return { data: { price } };
  const transferId = `service:${ctx.case.id}:charge`;
  return {
    data: { price },
    transfers: [
      {
        id: transferId,
        debit: `receivable:household:${household}`,
        credit: `income:services:${ctx.case.data.service}`,
        amount: q.total,
        currency: 'CNY',
        memo: `${q.item.name} ×${ctx.case.data.quantity} ${ctx.case.id}`,
        ref: { caseId: ctx.case.id },
      },
    ],
    records: [
      chargeDraft({
        household,
        source: `service:${ctx.case.id}`,
        name: `${q.item.name} ×${ctx.case.data.quantity}`,
        amount: q.total,
        transferId,
        on: ctx.now,
        timeZone: ctx.timeZone,
      }),
    ],
  };
}

export const serviceApplication: CaseType<z.infer<typeof intake>, Data> = {
  type: 'service',
  title: '服务申请 Service application',
  intake: { schema: intake, ...INTAKE },
  states: {
    submitted: { label: '已受理 Received' },
    accepted: { label: '已受理计费 Accepted and charged' },
    done: { label: '已办理待确认 Provided, awaiting confirmation' },
    closed: { label: '已办结 Closed', terminal: true },
    rejected: { label: '不予办理 Declined', terminal: true },
    cancelled: { label: '已取消 Cancelled', terminal: true, abandoned: true },
  },
  initial: 'submitted',
  staffRoles: STAFF,
  transitions: {
    accept: {
      label: '受理并计费 Accept and charge',
      from: ['submitted'],
      to: 'accepted',
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ note: note.optional() }),
      sla: 'respond',
      // Priced as the list stands now; a service it does not offer cannot be accepted.
      guard: async (ctx) => ((await quote(ctx.records, ctx.case.data.service, 1)) ? undefined : `the service price list offers no ${ctx.case.data.service}`),
      effects: priced,
    },
    deliver: {
      label: '办理完成 Provided',
      from: ['accepted'],
      to: 'done',
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ note: note.meta({ title: '办理结果 What was provided (card no., permit no.)' }) }),
      sla: 'resolve',
      effects: ({ input, now }: Ctx<{ note: string }>) => ({ data: { delivered: input.note, ...doneAt(now) } }),
    },
    confirm: confirmAndRate<Data>(),
    close: returnVisit<Data>(),
    'auto-close': autoClose<Data>(),
    reject: {
      label: '不予办理 Decline',
      from: ['submitted'],
      to: 'rejected',
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ note }),
      sla: 'resolve',
    },
    cancel: {
      label: '取消 Cancel',
      from: ['submitted'],
      to: 'cancelled',
      roles: ['resident'],
      actor: 'requester',
      input: z.strictObject({ note: note.optional() }),
    },
  },
  queues: ['desk'],
  route: () => ({ queue: 'desk', priority: 'normal', sla: { minutes: 2 * DESK_DAY, basis: 'business', firstResponse: DESK_DAY / 2 } }),
  escalation: ESCALATION,
  autoClose: AUTO_CLOSE,
  notify: {
    accept: [
      {
        to: 'requester',
        subject: (c) => `服务申请已受理 Service application accepted (${c.id.slice(-6)})`,
        body: (c) => (c.data.price ? `${c.data.price.name} ×${c.data.quantity}，费用 ¥${c.data.price.total}，已计入您家账单。` : '已受理。'),
      },
    ],
    deliver: [{ to: 'requester', subject: (c) => `服务已办理 Service provided (${c.id.slice(-6)})`, body: (c) => c.data.delivered ?? '' }],
    reject: [{ to: 'requester', subject: (c) => `服务申请未受理 Service application declined (${c.id.slice(-6)})`, body: () => '详情请咨询服务台。' }],
    'auto-close': [autoCloseNotice],
  },
};
