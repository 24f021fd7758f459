/**
 * Consultation (咨询) at the window or on the hotline: a question on a
 * topic, answered there and then (filed answered) or later by the station.
 */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';

export const TOPICS = {
  registration: { zh: '登记', en: 'Registration' },
  permits: { zh: '办证', en: 'Permits' },
  housing: { zh: '租房', en: 'Housing' },
  employment: { zh: '就业', en: 'Employment' },
  schooling: { zh: '子女入学', en: 'Schooling' },
  health: { zh: '计生卫生', en: 'Health and family planning' },
  law: { zh: '法律', en: 'Law' },
  other: { zh: '其他', en: 'Other' },
} as const;
export const topic = z.enum(Object.keys(TOPICS) as [keyof typeof TOPICS]).meta({ title: '事项 Topic' });
const text = (title: string) => z.string().trim().min(1).max(1000).meta({ title });

const intake = z.strictObject({
  name: z.string().trim().min(1).max(50).meta({ title: '咨询人 Name' }),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 expected an 11-digit mainland mobile number')
    .meta({ title: '联系电话 Phone' })
    .optional(),
  topic,
  question: text('问题 Question'),
  /** Answered on the spot: filed as answered. */
  answer: text('答复 Answer').optional(),
});
type Input = z.infer<typeof intake>;

export const consultation: CaseType<Input, Input & { answeredBy?: string }> = {
  type: 'consultation',
  title: '咨询 Consultation',
  intake: {
    schema: intake,
    roles: ['station', 'collector'],
    sensitive: ['phone'],
    onBehalf: ['station'],
    toData: (input, actor) => ({ ...input, ...(input.answer && { answeredBy: actor.sub }) }),
  },
  states: { open: { label: '待答复 To answer' }, answered: { label: '已答复 Answered', terminal: true } },
  initial: 'open',
  staffRoles: ['station', 'family-planning', 'police', 'governance', 'tenant-admin', 'auditor'],
  revealRoles: ['station'],
  transitions: {
    answer: {
      label: '答复 Answer',
      from: ['open'],
      to: 'answered',
      roles: ['station', 'family-planning', 'police', 'governance'],
      input: z.strictObject({ answer: text('答复 Answer') }),
      sla: 'resolve',
      effects: ({ actor, input }) => ({ data: { answer: input.answer, answeredBy: actor.sub } }),
    },
  },
  queues: ['station'],
  route: (input) => ({
    ...(input.answer && { initial: 'answered' }),
    queue: 'station',
    priority: 'normal',
    sla: { minutes: 2 * 8 * 60, basis: 'business' },
  }),
  notify: {},
};
