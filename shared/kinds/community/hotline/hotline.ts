/**
 * The hotline (服务热线) for floating residents and landlords: the station
 * logs every call — who called, about what, what came of it — and turns a
 * call into a case of any type without typing it again: the new case is
 * filed from the call's step, takes the caller's phone from the call (it is
 * sealed there), and the two are linked both ways.
 */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import { topic } from '../services/consultation.ts';

export const CALLERS = {
  'floating-resident': { zh: '流动人口', en: 'Floating resident' },
  landlord: { zh: '出租房东', en: 'Landlord' },
  employer: { zh: '用工单位', en: 'Employer' },
  other: { zh: '其他', en: 'Other' },
} as const;

export const CALL_OUTCOMES = {
  answered: { zh: '当场答复', en: 'Answered' },
  'case-opened': { zh: '已立案', en: 'Case opened' },
  'call-back': { zh: '需回电', en: 'Call back' },
  referred: { zh: '已转介', en: 'Referred' },
} as const;

const intake = z.strictObject({
  name: z.string().trim().min(1).max(50).meta({ title: '来电人 Caller' }),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$|^0\d{9,11}$/, '应为手机或固定电话号码 expected a mobile or landline number')
    .meta({ title: '来电号码 Phone' }),
  caller: z.enum(Object.keys(CALLERS) as [keyof typeof CALLERS]).meta({ title: '来电人类别 Caller is' }),
  topic,
  summary: z.string().trim().min(1).max(1000).meta({ title: '来电内容 Summary' }),
  outcome: z.enum(Object.keys(CALL_OUTCOMES) as [keyof typeof CALL_OUTCOMES]).meta({ title: '处理结果 Outcome' }),
});
type Input = z.infer<typeof intake>;

/** What a call already says, in the words of the case types it most often becomes. */
const CARRIED: Record<string, (call: Input) => Record<string, unknown>> = {
  consultation: (call) => ({ name: call.name, topic: call.topic, question: call.summary }),
};

export const hotlineCall: CaseType<Input, Input & { splitInto?: string[] }> = {
  type: 'hotline-call',
  title: '热线来电 Hotline call',
  intake: { schema: intake, roles: ['station'], sensitive: ['phone'] },
  states: { logged: { label: '已记录 Logged' }, 'called-back': { label: '已回电 Called back', terminal: true } },
  initial: 'logged',
  staffRoles: ['station', 'tenant-admin', 'auditor'],
  revealRoles: ['station'],
  transitions: {
    'open-case': {
      label: '转为办件 Open a case',
      from: ['logged'],
      roles: ['station'],
      // The case's own form, less what the call already holds (the caller's name and phone, the summary where it asks for one).
      input: z.strictObject({ type: z.string().min(1).max(40).meta({ title: '办件类型 Case type' }), input: z.record(z.string(), z.unknown()).default({}) }),
      guard: ({ input }) => (input.type === 'hotline-call' ? 'a call opens a case, not another call' : undefined),
      effects: ({ case: c, input }) => ({
        spawn: [{ type: input.type as string, input: { ...CARRIED[input.type as string]?.(c.data), ...(input.input as object) } }],
        data: { outcome: 'case-opened' },
      }),
    },
    'call-back': {
      label: '已回电 Called back',
      from: ['logged'],
      to: 'called-back',
      roles: ['station'],
      input: z.strictObject({ note: z.string().trim().min(1).max(500).meta({ title: '回电情况 Note' }) }),
    },
  },
  queues: ['hotline'],
  route: () => ({ queue: 'hotline', priority: 'normal', sla: { minutes: 8 * 60, basis: 'business' } }),
  notify: {},
};
