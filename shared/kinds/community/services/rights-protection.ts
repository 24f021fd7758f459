/**
 * Rights protection (维权): wage arrears, housing and labour disputes of a
 * floating resident, handled by comprehensive governance — accepted,
 * referred to an outside body (labour inspection, arbitration, legal aid,
 * a court) with its reference recorded, followed up until resolved.
 */
import { z } from 'zod';
import { amountSchema } from '../../../kernel/money.ts';
import type { CaseType } from '../../../pipeline/contract.ts';
import { claimPerson, type PersonLink, personRef, subjectOfLinked } from '../registration/person-link.ts';

export const GRIEVANCES = {
  'wage-arrears': { zh: '欠薪', en: 'Wage arrears' },
  housing: { zh: '租房纠纷', en: 'Housing dispute' },
  labour: { zh: '劳动纠纷', en: 'Labour dispute' },
  other: { zh: '其他', en: 'Other' },
} as const;

export const BODIES = {
  'labour-inspection': { zh: '劳动保障监察', en: 'Labour inspection' },
  arbitration: { zh: '劳动人事争议仲裁', en: 'Labour arbitration' },
  'legal-aid': { zh: '法律援助中心', en: 'Legal aid' },
  court: { zh: '人民法院', en: 'Court' },
  housing: { zh: '住建部门', en: 'Housing authority' },
  mediation: { zh: '人民调解委员会', en: 'People’s mediation' },
} as const;

export const OUTCOMES = {
  resolved: { zh: '已解决', en: 'Resolved' },
  partly: { zh: '部分解决', en: 'Partly resolved' },
  unresolved: { zh: '未能解决', en: 'Not resolved' },
} as const;

const text = (title: string, max = 1000) => z.string().trim().min(1).max(max).meta({ title });

const intake = z.strictObject({
  person: personRef,
  grievance: z.enum(Object.keys(GRIEVANCES) as [keyof typeof GRIEVANCES]).meta({ title: '类别 Grievance' }),
  against: text('被诉方 Against', 200),
  description: text('情况 What happened'),
  /** Wages owed, when that is the grievance. */
  amount: amountSchema().meta({ title: '涉及金额 Amount' }).optional(),
});
type Input = z.infer<typeof intake>;
type Data = Input &
  PersonLink & {
    referral?: { body: string; reference?: string; by: string; at: string };
    followUps?: Array<{ note: string; by: string; at: string }>;
    outcome?: { result: string; recovered?: string; note: string };
  };

export const rightsProtection: CaseType<Input, Data> = {
  type: 'rights-protection',
  title: '维权 Rights protection',
  intake: {
    schema: intake,
    roles: ['station', 'collector', 'governance'],
    // A call taken by one of the station's staff may become a case in another's hands.
    onBehalf: ['station'],
    claims: (ctx) => claimPerson(ctx, 'rights-protection'),
  },
  states: {
    new: { label: '待受理 New' },
    handling: { label: '办理中 Handling' },
    referred: { label: '已转办 Referred' },
    closed: { label: '已办结 Closed', terminal: true },
  },
  initial: 'new',
  staffRoles: ['station', 'governance', 'tenant-admin', 'auditor'],
  subjectOf: subjectOfLinked,
  transitions: {
    accept: { label: '受理 Accept', from: ['new'], to: 'handling', roles: ['governance'], sla: 'respond' },
    refer: {
      label: '转办 Refer',
      from: ['handling'],
      to: 'referred',
      roles: ['governance'],
      input: z.strictObject({
        body: z.enum(Object.keys(BODIES) as [keyof typeof BODIES]).meta({ title: '转办单位 Referred to' }),
        reference: text('对方编号 Their reference', 60).optional(),
      }),
      sla: 'respond',
      effects: ({ actor, input, now }) => ({ data: { referral: { ...(input as object), by: actor.sub, at: now.toISOString() } } }),
    },
    'follow-up': {
      label: '跟进 Follow up',
      from: ['handling', 'referred'],
      roles: ['governance'],
      input: z.strictObject({ note: text('跟进情况 Note') }),
      sla: 'respond',
      effects: ({ actor, case: c, input, now }) => ({
        data: { followUps: [...(c.data.followUps ?? []), { note: input.note as string, by: actor.sub, at: now.toISOString() }] },
      }),
    },
    close: {
      label: '办结 Close',
      from: ['handling', 'referred'],
      to: 'closed',
      roles: ['governance'],
      input: z.strictObject({
        result: z.enum(Object.keys(OUTCOMES) as [keyof typeof OUTCOMES]).meta({ title: '结果 Outcome' }),
        recovered: amountSchema().meta({ title: '追回金额 Recovered' }).optional(),
        note: text('办结情况 Note'),
      }),
      sla: 'resolve',
      effects: ({ input }) => ({ data: { outcome: input } }),
    },
  },
  queues: ['governance'],
  route: (input) => ({
    queue: 'governance',
    scope: { area: (input as unknown as PersonLink).area },
    team: 'governance',
    priority: 'normal',
    sla: { minutes: 20 * 8 * 60, basis: 'business', firstResponse: 8 * 60, nextUpdate: 5 * 8 * 60 },
  }),
  notify: {
    close: [{ to: 'requester', subject: (c) => `维权 ${c.data.name} 已办结 closed`, body: (c) => `${c.data.outcome?.note ?? ''}` }],
  },
};
