/**
 * Complaints (投诉): they go to the manager's queue, not to whoever they are
 * about; a response is mandatory, and neither the team nor the person a
 * complaint concerns may answer or close it. The desk escalates one that
 * waits too long; the resident accepts the response (and rates it) or
 * sends it back.
 */
import { z } from 'zod';
import type { CaseType, TransitionContext } from '../../../pipeline/contract.ts';
import { DESK_DAY, ESCALATION, householdField, INTAKE, note, rating, STAFF } from './common.ts';
import { TEAMS } from './repair.ts';

export const COMPLAINT_CATEGORIES = {
  service: { zh: '服务态度', en: 'Service' },
  repairs: { zh: '维修质量', en: 'Repairs' },
  fees: { zh: '收费', en: 'Fees' },
  noise: { zh: '噪音扰民', en: 'Noise' },
  environment: { zh: '环境卫生', en: 'Cleanliness' },
  security: { zh: '安全秩序', en: 'Security' },
  other: { zh: '其他', en: 'Other' },
} as const;

const intake = z.strictObject({
  category: z
    .enum(Object.keys(COMPLAINT_CATEGORIES) as [keyof typeof COMPLAINT_CATEGORIES, ...Array<keyof typeof COMPLAINT_CATEGORIES>])
    .meta({ title: '投诉类别 Category' }),
  description: z.string().trim().min(4).max(2000).meta({ title: '投诉内容 What happened' }),
  /** The team, or the person (their sign-in), the complaint is about. */
  concerns: z
    .strictObject({ team: z.enum(TEAMS).optional(), person: z.string().max(100).optional() })
    .meta({ title: '被投诉对象 About whom' })
    .optional(),
  household: householdField,
});
type Data = z.infer<typeof intake> & { response?: string; escalations?: number; rating?: number };
type Ctx = TransitionContext<Data, Record<string, unknown>>;

/** Nobody answers or closes a complaint about themselves or their own team. */
const notConcerned = ({ case: c, actor }: Ctx) => {
  const about = c.data.concerns;
  if (about?.person && about.person === actor.sub) return 'A complaint about you is answered by someone else.';
  if (about?.team && (actor.scopes.team ?? []).includes(about.team)) return 'A complaint about your team is answered by someone outside it.';
  return undefined;
};

export const complaint: CaseType<z.infer<typeof intake>, Data> = {
  type: 'complaint',
  title: '投诉 Complaint',
  intake: { schema: intake, ...INTAKE },
  states: {
    submitted: { label: '待答复 Awaiting a response' },
    responded: { label: '已答复待确认 Answered, awaiting the resident' },
    closed: { label: '已办结 Closed', terminal: true },
  },
  initial: 'submitted',
  staffRoles: STAFF,
  transitions: {
    respond: {
      label: '答复 Respond',
      from: ['submitted'],
      to: 'responded',
      roles: ['manager'],
      input: z.strictObject({ response: z.string().trim().min(10, 'a response of at least 10 characters').max(2000).meta({ title: '处理结果 Response' }) }),
      guard: notConcerned,
      sla: 'respond',
      effects: ({ input }) => ({ data: { response: input.response as string } }),
    },
    escalate: {
      label: '升级 Escalate',
      from: ['submitted'],
      to: 'submitted',
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ note }),
      effects: ({ case: c }) => ({ data: { escalations: (c.data.escalations ?? 0) + 1 } }),
    },
    accept: {
      label: '满意，确认 Accept and rate',
      from: ['responded'],
      to: 'closed',
      roles: ['resident'],
      actor: 'requester',
      input: z.strictObject({ rating, note: note.optional() }),
      effects: ({ input }) => ({ data: { rating: input.rating as number } }),
    },
    reject: {
      label: '不满意，退回 Not satisfied',
      from: ['responded'],
      to: 'submitted',
      roles: ['resident'],
      actor: 'requester',
      input: z.strictObject({ note }),
    },
    close: {
      label: '回访后办结 Close after follow-up',
      from: ['responded'],
      to: 'closed',
      roles: ['manager'],
      input: z.strictObject({ note }),
      guard: notConcerned,
    },
  },
  queues: ['manager'],
  route: () => ({ queue: 'manager', priority: 'high', sla: { minutes: 3 * DESK_DAY, basis: 'business', firstResponse: DESK_DAY, nextUpdate: DESK_DAY } }),
  escalation: ESCALATION,
  notify: {
    created: [
      { to: 'requester', subject: (c) => `投诉已受理 Complaint received (${c.id.slice(-6)})`, body: (c, f) => `物业经理将在 ${f.time(c.slaDueAt)} 前答复。` },
      { to: { role: 'manager' }, subject: (c) => `新投诉 New complaint ${c.id.slice(-6)}`, body: (c) => c.data.description },
    ],
    escalate: [
      {
        to: { role: 'manager' },
        subject: (c) => `投诉升级 Complaint escalated ${c.id.slice(-6)}`,
        body: (c) => `已升级 ${c.data.escalations ?? 1} 次，请尽快答复。`,
      },
    ],
    respond: [{ to: 'requester', subject: (c) => `投诉已答复 Your complaint was answered (${c.id.slice(-6)})`, body: (c) => c.data.response ?? '' }],
    reject: [{ to: { role: 'manager' }, subject: (c) => `投诉答复被退回 Response rejected ${c.id.slice(-6)}`, body: () => '居民对答复不满意，请重新处理。' }],
  },
};
