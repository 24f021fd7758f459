/**
 * Eligibility for civil-affairs medical assistance (动态数据库): the household
 * head applies → the township reviews (approve, return for correction, or
 * reject, with reason) → the county civil-affairs bureau approves, which
 * enters every household member in the register with a category and a
 * validity period. Revocation and changes are transitions too.
 */

import { z } from 'zod';
import type { CaseType, TransitionContext } from '../../../pipeline/contract.ts';
import type { RecordDraft } from '../../../store/namespace.ts';
import { officeConfig, townshipOf } from '../config.ts';
import { RegisterRecord } from './register.ts';

const idNumber = z
  .string()
  .regex(/^\d{17}[\dXx]$/, '应为18位居民身份证号码 an 18-character resident identity number')
  .meta({ title: '身份证号 ID number' });
const person = z.strictObject({
  name: z.string().trim().min(1).max(50).meta({ title: '姓名 Name' }),
  idNumber,
  relation: z.string().trim().min(1).max(20).meta({ title: '与户主关系 Relation' }),
});

const intake = z.strictObject({
  township: z.string().trim().min(1).max(40).meta({ title: '乡镇 Township' }),
  householdHead: z.strictObject({ name: z.string().trim().min(1).max(50).meta({ title: '姓名 Name' }), idNumber }).meta({ title: '户主 Household head' }),
  members: z.array(person).max(20).default([]).meta({ title: '家庭成员 Household members' }),
  requestedCategory: z.enum(['class1', 'class2', 'class3']).meta({ title: '申请救助类别 Requested category' }),
  evidence: z
    .array(z.string().trim().min(1).max(200))
    .min(1, 'at least one evidence document reference')
    .max(20)
    .meta({ title: '证明材料（每行一项） Evidence, one per line' }),
});
export type EligibilityInput = z.infer<typeof intake>;

export interface EligibilityData extends EligibilityInput {
  /** Blind indexes of every person in the household (head first), for the register. */
  personKeys: string[];
  category?: 'class1' | 'class2' | 'class3';
  validFrom?: string;
  validTo?: string;
}

type Ctx<I = Record<string, unknown>> = TransitionContext<EligibilityData, I>;
const reason = z.string().trim().min(2).max(500).meta({ title: '意见 Note' });
const approval = z.strictObject({
  category: z.enum(['class1', 'class2', 'class3']).meta({ title: '核定救助类别 Approved category' }),
  validFrom: z.iso.date().meta({ title: '有效期自 Valid from' }),
  validTo: z.iso.date().meta({ title: '有效期至 Valid until' }),
  note: z.string().trim().max(500).optional().meta({ title: '意见 Note' }),
});

/** One register entry per household member, keyed so admission can find a person by date. */
export function registerRecords(
  c: { id: string; data: EligibilityData },
  status: 'active' | 'revoked',
  terms: { category: 'class1' | 'class2' | 'class3'; validFrom: string; validTo: string },
): RecordDraft[] {
  return c.data.personKeys.map((personKey, i) =>
    RegisterRecord.draft({
      personKey,
      member: i + 1,
      category: terms.category,
      validFrom: terms.validFrom,
      validTo: terms.validTo,
      status,
      township: c.data.township,
      applicationId: c.id,
    }),
  );
}

type Approval = z.infer<typeof approval>;
const validPeriod = ({ input }: Ctx<Approval>) => (input.validTo < input.validFrom ? 'validTo must not be before validFrom' : undefined);
/** Approval and change both (re)enter every member in the register with the category and period approved. */
const enterInRegister = ({ case: c, input }: Ctx<Approval>) => ({
  data: { category: input.category, validFrom: input.validFrom, validTo: input.validTo },
  records: registerRecords(c, 'active', input),
});

export const eligibilityApplication: CaseType<EligibilityInput, EligibilityData> = {
  type: 'eligibility',
  title: '医疗救助对象审批 Assistance eligibility',
  intake: {
    schema: intake,
    roles: ['township-reviewer', 'ncms-office', 'civil-affairs'],
    sensitive: ['householdHead', 'members'],
    toData: (input, _actor, tools) => ({ ...input, personKeys: [input.householdHead.idNumber, ...input.members.map((m) => m.idNumber)].map(tools.blindIndex) }),
    // The township as its code, whether typed as the code or its name: the reviewer scoped to it must see the case.
    claims: async ({ input, records }) => ({ data: { township: townshipOf(await officeConfig({ records }), input.township, 'input.township') } }),
    choices: async ({ records }) => ({
      township: (await officeConfig({ records })).townships.map((t) => ({ value: t.id, caption: t.name })),
    }),
  },
  states: {
    submitted: { label: '已申请 Applied' },
    returned: { label: '退回补正 Returned for correction' },
    township_approved: { label: '乡镇审核通过 Township approved' },
    registered: { label: '已审批入库 Approved and registered' },
    rejected: { label: '不予救助 Rejected', terminal: true },
    revoked: { label: '已撤销 Revoked', terminal: true },
  },
  initial: 'submitted',
  staffRoles: ['township-reviewer', 'ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'],
  revealRoles: ['civil-affairs', 'ncms-office'],
  transitions: {
    approve_township: {
      label: '乡镇审核通过 Township approves',
      from: ['submitted'],
      to: 'township_approved',
      roles: ['township-reviewer'],
      input: z.strictObject({ note: reason.optional() }),
    },
    return: {
      label: '退回补正 Return for correction',
      from: ['submitted', 'township_approved'],
      to: 'returned',
      roles: ['township-reviewer', 'civil-affairs'],
      input: z.strictObject({ note: reason }),
    },
    resubmit: {
      label: '补正后重新提交 Resubmit',
      from: ['returned'],
      to: 'submitted',
      roles: ['township-reviewer', 'ncms-office'],
      input: z.strictObject({ note: reason.optional() }),
    },
    reject: {
      label: '不予救助 Reject',
      from: ['submitted', 'township_approved'],
      to: 'rejected',
      roles: ['township-reviewer', 'civil-affairs'],
      input: z.strictObject({ note: reason }),
    },
    approve: {
      label: '县民政审批 County civil affairs approves',
      from: ['township_approved'],
      to: 'registered',
      roles: ['civil-affairs'],
      input: approval,
      guard: validPeriod,
      effects: enterInRegister,
    },
    change: {
      label: '变更类别或期限 Change category or validity',
      from: ['registered'],
      to: 'registered',
      roles: ['civil-affairs'],
      input: approval,
      guard: validPeriod,
      effects: enterInRegister,
    },
    revoke: {
      label: '撤销 Revoke',
      from: ['registered'],
      to: 'revoked',
      roles: ['civil-affairs'],
      input: z.strictObject({ note: reason }),
      effects: ({ case: c }: Ctx) => ({
        records: registerRecords(c, 'revoked', { category: c.data.category!, validFrom: c.data.validFrom!, validTo: c.data.validTo! }),
      }),
    },
  },
  queues: ['eligibility'],
  internal: ['personKeys'],
  documents: [{ label: '审批表（一式三份，可打印） Approval form (in triplicate, printable)', path: '/console/ncms/applications/{id}/form' }],
  route: (input) => ({ queue: 'eligibility', priority: 'normal', sla: { minutes: 5 * 8 * 60, basis: 'business' }, scope: { township: input.township } }),
  notify: {
    created: [
      {
        to: { role: 'township-reviewer' },
        subject: (c) => `救助申请待审核 Application to review (${c.id.slice(-6)})`,
        body: (c) => `${c.data.township} 的医疗救助申请待乡镇审核。`,
      },
    ],
    approve_township: [
      {
        to: { role: 'civil-affairs' },
        subject: (c) => `救助申请待审批 Application to approve (${c.id.slice(-6)})`,
        body: () => `乡镇审核已通过，请县民政局审批。`,
      },
    ],
    return: [
      {
        to: { role: 'township-reviewer' },
        subject: (c) => `救助申请退回补正 Returned (${c.id.slice(-6)})`,
        body: () => `申请被退回补正，请补充材料后重新提交。`,
      },
    ],
    approve: [
      {
        to: { role: 'ncms-office' },
        subject: (c) => `救助对象已入库 Registered (${c.id.slice(-6)})`,
        body: (c) => `类别 ${c.data.category}，有效期 ${c.data.validFrom} 至 ${c.data.validTo}。`,
      },
    ],
    revoke: [{ to: { role: 'ncms-office' }, subject: (c) => `救助资格已撤销 Revoked (${c.id.slice(-6)})`, body: () => `该户救助资格已撤销。` }],
  },
};
