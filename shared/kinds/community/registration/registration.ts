/**
 * Registration of a floating resident (流动人口登记), collected once and
 * shared: the collector (or the station) records the person and checks one
 * identity document — that check, who made it and when, is the one every
 * department relies on; the registration goes to family planning, the
 * police station and comprehensive governance as one task each, and is
 * complete when all three are done. The same identity number is found, not
 * registered twice.
 */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import { identityNumber, readIdentityNumber } from '../identity/identity-number.ts';
import { communityProblem } from '../problems.ts';
import { RegisteredPersonRecord } from './person.entity.ts';

export const DEPARTMENTS = {
  'family-planning': { zh: '计生', en: 'Family planning' },
  police: { zh: '派出所', en: 'Police station' },
  governance: { zh: '综治', en: 'Comprehensive governance' },
} as const;
export type Department = keyof typeof DEPARTMENTS;
const DEPARTMENT_NAMES = Object.keys(DEPARTMENTS) as Department[];

export const DOCUMENTS = {
  'id-card': { zh: '居民身份证', en: 'Resident identity card' },
  'temporary-id': { zh: '临时身份证', en: 'Temporary identity card' },
  'household-register': { zh: '户口簿', en: 'Household register' },
} as const;

const place = z.string().trim().min(1).max(30);
const intake = z.strictObject({
  name: z.string().trim().min(1).max(50).meta({ title: '姓名 Name' }),
  idNumber: identityNumber.meta({ title: '公民身份号码 Identity number' }),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, 'expected an 11-digit mainland mobile number')
    .meta({ title: '联系电话 Phone' })
    .optional(),
  origin: z.strictObject({ province: place, city: place, county: place }).meta({ title: '户籍地 Registered origin' }),
  address: z.string().trim().min(2).max(200).meta({ title: '现住址 Current address' }),
  area: z.string().min(1).max(40).meta({ title: '片区 Area' }),
  arrivedOn: z.iso.date().meta({ title: '来本地日期 Arrived on' }),
  intendedStayMonths: z.number().int().min(0).max(600).meta({ title: '拟居住月数 Intended stay (months)' }),
  occupation: z.string().trim().max(100).meta({ title: '职业/单位 Occupation or employer' }).optional(),
  marital: z.enum(['single', 'married', 'divorced', 'widowed']).meta({ title: '婚姻状况 Marital status' }),
  /** The one document check every department relies on. */
  document: z.enum(Object.keys(DOCUMENTS) as [keyof typeof DOCUMENTS, ...Array<keyof typeof DOCUMENTS>]).meta({ title: '查验证件 Document checked' }),
});
type Input = z.infer<typeof intake>;
type Data = Omit<Input, 'document'> & {
  birthDate: string;
  sex: 'male' | 'female';
  verification: { document: string; by: string; at: string };
  departments?: Partial<Record<Department, { by: string; at: string; note: string }>>;
};

export const registration: CaseType<Input, Data> = {
  type: 'registration',
  title: '流动人口登记 Floating-resident registration',
  intake: {
    schema: intake,
    roles: ['collector', 'station'],
    sensitive: ['idNumber', 'phone', 'address'],
    // The same person is found, not registered twice: the record under the number's blind index is written with the case.
    claims: async ({ input, caseId, now, records, blindIndex }) => {
      const index = blindIndex(input.idNumber);
      const existing = await records.get(RegisteredPersonRecord, index);
      if (existing) {
        throw communityProblem('already-registered', `This person is registered already (registration ${existing.caseId}).`, {
          extensions: { caseId: existing.caseId },
        });
      }
      return {
        data: { verifiedAt: now.toISOString() },
        records: [{ draft: RegisteredPersonRecord.draft({ index, caseId, area: input.area, registeredAt: now.toISOString() }), condition: 'absent' }],
      };
    },
    toData: (input, actor) => {
      const { document, verifiedAt, ...rest } = input as Input & { verifiedAt: string };
      const read = readIdentityNumber(rest.idNumber);
      if (!read.ok) throw new Error('an identity number that passed its schema no longer reads');
      return { ...rest, birthDate: read.facts.birthDate, sex: read.facts.sex, verification: { document, by: actor.sub, at: verifiedAt } };
    },
  },
  states: {
    sharing: { label: '各部门办理中 With the departments' },
    registered: { label: '已登记 Registered', terminal: true },
  },
  initial: 'sharing',
  // A collector works the registrations of their own area (the role is narrowed by it).
  staffRoles: ['collector', 'station', 'family-planning', 'police', 'governance', 'tenant-admin', 'auditor'],
  transitions: {
    'department-done': {
      label: '本部门已办 Done for my department',
      from: ['sharing'],
      roles: ['family-planning', 'police', 'governance'],
      input: z.strictObject({ note: z.string().trim().min(1).max(500).meta({ title: '办理情况 Note' }) }),
      guard: ({ actor, case: c }) =>
        c.tasks.some((t) => t.status === 'open' && actor.roles.includes(t.team)) ? undefined : 'your department has no open task on this registration',
      effects: ({ actor, case: c, input, now }) => {
        const mine = DEPARTMENT_NAMES.filter((d) => actor.roles.includes(d));
        const done = Object.fromEntries(mine.map((d) => [d, { by: actor.sub, at: now.toISOString(), note: input.note as string }]));
        return { completeTasksOf: mine, data: { departments: { ...c.data.departments, ...done } } };
      },
    },
    complete: { label: '登记完成 Registration complete', from: ['sharing'], to: 'registered', roles: [], system: true },
  },
  onAllTasksDone: 'complete',
  queues: ['station'],
  route: (input) => ({
    queue: 'station',
    priority: 'normal',
    scope: { area: input.area },
    sla: { minutes: 5 * 8 * 60, basis: 'business' },
    dispatch: DEPARTMENT_NAMES.map((d) => ({ team: d, title: `${DEPARTMENTS[d].zh} ${DEPARTMENTS[d].en}` })),
  }),
  notify: {},
};
