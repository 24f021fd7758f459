/** Feedback and suggestions (信息反馈): the desk acknowledges each with a reply, which the resident receives. */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import { DESK_DAY, ESCALATION, householdField, INTAKE, note, STAFF } from './common.ts';

export const FEEDBACK_KINDS = {
  praise: { zh: '表扬', en: 'Praise' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  other: { zh: '其他', en: 'Other' },
} as const;

const intake = z.strictObject({
  kind: z.enum(Object.keys(FEEDBACK_KINDS) as ['praise', 'suggestion', 'other']).meta({ title: '类别 Kind' }),
  text: z.string().trim().min(4).max(2000).meta({ title: '内容 Your feedback' }),
  household: householdField,
});
type Data = z.infer<typeof intake> & { reply?: string };

export const feedback: CaseType<z.infer<typeof intake>, Data> = {
  type: 'feedback',
  title: '信息反馈 Feedback',
  intake: { schema: intake, ...INTAKE },
  states: { submitted: { label: '已收到 Received' }, acknowledged: { label: '已答复 Answered', terminal: true } },
  initial: 'submitted',
  staffRoles: STAFF,
  transitions: {
    acknowledge: {
      label: '答复 Reply',
      from: ['submitted'],
      to: 'acknowledged',
      roles: ['desk-agent', 'manager'],
      input: z.strictObject({ reply: note }),
      effects: ({ input }) => ({ data: { reply: input.reply } }),
    },
  },
  queues: ['desk'],
  route: () => ({ queue: 'desk', priority: 'low', sla: { minutes: 3 * DESK_DAY, basis: 'business' } }),
  escalation: ESCALATION,
  notify: { acknowledge: [{ to: 'requester', subject: (c) => `您的反馈已答复 Reply to your feedback (${c.id.slice(-6)})`, body: (c) => c.data.reply ?? '' }] },
};
