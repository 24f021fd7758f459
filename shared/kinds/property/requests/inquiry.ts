/** Inquiries (问询): answered at the desk from the office's knowledge base (a FAQ entry) or in its own words, and closed with the answer. */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import { DESK_DAY, ESCALATION, householdField, INTAKE, STAFF } from './common.ts';

const intake = z.strictObject({
  question: z.string().trim().min(2).max(1000).meta({ title: '问题 Question' }),
  household: householdField,
});
type Data = z.infer<typeof intake> & { answer?: string; faq?: string };

export const inquiry: CaseType<z.infer<typeof intake>, Data> = {
  type: 'inquiry',
  title: '问询 Inquiry',
  intake: { schema: intake, ...INTAKE },
  states: { submitted: { label: '待答复 Awaiting an answer' }, answered: { label: '已答复 Answered', terminal: true } },
  initial: 'submitted',
  staffRoles: STAFF,
  transitions: {
    answer: {
      label: '答复 Answer',
      from: ['submitted'],
      to: 'answered',
      roles: ['desk-agent', 'manager'],
      // The desk's door fills `answer` from the FAQ entry it names (see requests/routes.ts).
      input: z.strictObject({
        answer: z.string().trim().min(1).max(2000).meta({ title: '答复 Answer' }),
        faq: z.string().max(64).meta({ title: '知识库条目 FAQ entry' }).optional(),
      }),
      effects: ({ input }) => ({ data: { answer: input.answer as string, ...(input.faq ? { faq: input.faq as string } : {}) } }),
    },
  },
  queues: ['desk'],
  route: () => ({ queue: 'desk', priority: 'normal', sla: { minutes: DESK_DAY / 2, basis: 'business' } }),
  escalation: ESCALATION,
  notify: { answer: [{ to: 'requester', subject: (c) => `问询答复 Answer to your question (${c.id.slice(-6)})`, body: (c) => c.data.answer ?? '' }] },
};
