/**
 * Registration of a floating resident (流动人口登记), collected once and
 * shared: the collector (or the station) records the person and checks one
 * identity document — that check, who made it and when, is the one every
 * department relies on; the registration goes to family planning, the
 * police station and comprehensive governance as one task each, and is
 * complete when all three are done. Each department keeps its own section
 * of the record, which the others do not see. The same identity number is
 * found, not registered twice.
 *
 * A registration lives as long as the person lives here: re-verified by
 * the area's collector when its check grows old (the nightly run makes the
 * visit due), moved to another address or area, deregistered (注销) when
 * they leave, and its personal data purged once the tenant's retention
 * period has passed — the figures it counted in stay.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CaseType, CaseView, Tally } from '../../../pipeline/contract.ts';
import type { Records } from '../../../store/namespace.ts';
import { HouseRecord, OccupancyRecord } from '../housing/house.entity.ts';
import { identityNumber, readIdentityNumber } from '../identity/identity-number.ts';
import { communityProblem } from '../problems.ts';
import { dueDraft, dueRemoval } from '../station/due.entity.ts';
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
const document = z.enum(Object.keys(DOCUMENTS) as [keyof typeof DOCUMENTS, ...Array<keyof typeof DOCUMENTS>]).meta({ title: '查验证件 Document checked' });

export const DEREGISTRATION_REASONS = {
  'moved-away': { zh: '迁离本地', en: 'Moved away' },
  'returned-home': { zh: '返回户籍地', en: 'Returned home' },
  deceased: { zh: '死亡', en: 'Deceased' },
  'settled-here': { zh: '落户本地', en: 'Settled here' },
  other: { zh: '其他', en: 'Other' },
} as const;

export const RISK_LEVELS = {
  none: { zh: '无', en: 'None' },
  watch: { zh: '关注', en: 'Watch' },
  attention: { zh: '重点关注', en: 'Close attention' },
} as const;

export const CERTIFICATE_STATUS = {
  verified: { zh: '已查验婚育证明', en: 'Certificate checked' },
  'not-held': { zh: '未持婚育证明', en: 'No certificate' },
  applied: { zh: '已申办', en: 'Applied for' },
} as const;

const place = z.string().trim().min(1).max(30);
const note = z.string().trim().min(1).max(500).meta({ title: '办理情况 Note' });
const address = z.string().trim().min(2).max(200).meta({ title: '现住址 Current address' });
const area = z.string().min(1).max(40).meta({ title: '片区 Area' });
/** A room of a registered rented house the person lives in. */
const lodging = z
  .strictObject({
    house: z.string().min(1).max(40).meta({ title: '出租房屋 Rented house' }),
    room: z.string().trim().min(1).max(20).meta({ title: '房间 Room' }),
    leaseUntil: z.iso.date().meta({ title: '租期至 Lease until' }).optional(),
  })
  .meta({ title: '出租房屋 Rented house and room' });

/** The room a registration names must be one a registered house lets; the person is then one of its residents. */
async function lodgedAt(records: Records, where: z.infer<typeof lodging>) {
  const found = await records.get(HouseRecord, where.house);
  if (!found || found.withdrawn || !found.rooms.includes(where.room)) {
    throw communityProblem('no-such-room', `Rented house ${where.house} lets no room ${where.room}.`, {
      errors: [{ field: 'input.lodging.room', message: 'not a room of a registered rented house' }],
    });
  }
}
const occupancyOf = (c: { id: string; data: Pick<Data, 'name' | 'lodging'> }, since: string) =>
  c.data.lodging
    ? [
        OccupancyRecord.draft({
          house: c.data.lodging.house,
          room: c.data.lodging.room,
          person: c.id,
          name: c.data.name,
          from: since,
          ...(c.data.lodging.leaseUntil && { until: c.data.lodging.leaseUntil }),
        }),
      ]
    : [];
const leaving = (c: { id: string; data: Pick<Data, 'lodging'> }) =>
  c.data.lodging ? [{ entity: OccupancyRecord, key: { house: c.data.lodging.house, person: c.id } }] : [];

const intake = z.strictObject({
  name: z.string().trim().min(1).max(50).meta({ title: '姓名 Name' }),
  idNumber: identityNumber.meta({ title: '公民身份号码 Identity number' }),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 expected an 11-digit mainland mobile number')
    .meta({ title: '联系电话 Phone' })
    .optional(),
  origin: z.strictObject({ province: place, city: place, county: place }).meta({ title: '户籍地 Registered origin' }),
  address,
  area,
  lodging: lodging.optional(),
  arrivedOn: z.iso.date().meta({ title: '来本地日期 Arrived on' }),
  intendedStayMonths: z.number().int().min(0).max(600).meta({ title: '拟居住月数 Intended stay (months)' }),
  occupation: z.string().trim().max(100).meta({ title: '职业/单位 Occupation or employer' }).optional(),
  marital: z.enum(['single', 'married', 'divorced', 'widowed']).meta({ title: '婚姻状况 Marital status' }),
  /** Collected with the rest, kept in family planning's section. */
  children: z.number().int().min(0).max(20).meta({ title: '子女数 Children' }).optional(),
  /** The one document check every department relies on. */
  document,
});
type Input = z.infer<typeof intake>;

export interface Verification {
  document: string;
  by: string;
  at: string;
}
type Data = Omit<Input, 'document' | 'children'> & {
  birthDate: string;
  sex: 'male' | 'female';
  verification: Verification;
  /** The blind index of the identity number: a key, never shown (a section no role sees). */
  personIndex: string;
  'family-planning'?: { children?: number; certificate?: keyof typeof CERTIFICATE_STATUS; by?: string; at?: string; note?: string };
  police?: { residenceRegistered: boolean; permitEligible: boolean; by: string; at: string; note: string };
  governance?: { grid: string; risk: keyof typeof RISK_LEVELS; disputes?: string; by: string; at: string; note: string };
  deregistered?: { reason: string; leftOn: string; by: string; at: string };
  purgedAt?: string;
};

/** The figures a registration counts in, per area (no personal data: origin province, birth year, sex). */
function counted(d: Pick<Data, 'area' | 'origin' | 'birthDate' | 'sex' | 'lodging'>, sign: 1 | -1): Tally {
  return {
    row: `area#${d.area}`,
    add: {
      residents: sign,
      [`province:${d.origin.province}`]: sign,
      [`born:${d.birthDate.slice(0, 4)}`]: sign,
      [`sex:${d.sex}`]: sign,
      [`lodging:${d.lodging ? 'rented' : 'other'}`]: sign,
    },
  };
}

const stamp = (actor: { sub: string }, now: Date) => ({ by: actor.sub, at: now.toISOString() });

/** A collector's (or clerk's) work of the month, counted under their sign-in: registrations, re-verifications, deregistrations. */
export function workDone(what: 'registered' | 'reverified' | 'deregistered', actor: { sub: string }, now: Date, timeZone: string): Tally {
  return { row: `month#${DateTime.fromJSDate(now, { zone: timeZone }).toFormat('yyyy-MM')}`, add: { [`${what}:${actor.sub}`]: 1 } };
}
const LIVING = ['sharing', 'registered', 'visit-due'] as const;

/** The team a visit of an area is filed to: the index lists an area's visits due, oldest first. */
export const visitsTeam = (area: string) => `visits:${area}`;

/** Ten working days for the area's collectors to visit. */
const visitOrder = (area: string) => ({
  team: visitsTeam(area),
  title: '核查走访 Re-verification visit',
  sla: { minutes: 10 * 8 * 60, basis: 'business' as const },
});
const visitsDue = (area: string, n: 1 | -1): Tally => ({ row: `area#${area}`, add: { visits: n } });

/** A department's record on the registration: its own section, and its task done. */
function departmentRecord<TIn extends Record<string, unknown>>(dept: Department, label: string, input: z.ZodType<TIn>) {
  return {
    label,
    from: LIVING,
    roles: [dept],
    section: dept,
    input,
    effects: ({ actor, case: c, input: given, now }: { actor: { sub: string }; case: CaseView<Data>; input: TIn; now: Date }) => ({
      completeTasksOf: [dept],
      data: { [dept]: { ...c.data[dept], ...given, ...stamp(actor, now) } },
    }),
  };
}

export const registration: CaseType<Input, Data> = {
  type: 'registration',
  title: '流动人口登记 Floating-resident registration',
  intake: {
    schema: intake,
    roles: ['collector', 'station'],
    sensitive: ['idNumber', 'phone', 'address'],
    // The same person is found, not registered twice: the record under the number's blind index is written with the case.
    claims: async ({ input, caseId, actor, now, timeZone, records, blindIndex }) => {
      const index = blindIndex(input.idNumber);
      const existing = await records.get(RegisteredPersonRecord, index);
      if (existing) {
        throw communityProblem('already-registered', `This person is registered already (registration ${existing.caseId}).`, {
          extensions: { caseId: existing.caseId },
        });
      }
      const read = readIdentityNumber(input.idNumber);
      if (!read.ok) throw new Error('an identity number that passed its schema no longer reads');
      if (input.lodging) await lodgedAt(records, input.lodging);
      return {
        // What the number says (date of birth, sex) is read here once and handed to toData with the rest.
        data: { verifiedAt: now.toISOString(), personIndex: index, birthDate: read.facts.birthDate, sex: read.facts.sex },
        records: [
          { draft: RegisteredPersonRecord.draft({ index, caseId, area: input.area, registeredAt: now.toISOString() }), condition: 'absent' },
          dueDraft({ kind: 'verification', from: now.toISOString(), caseId, area: input.area }),
          ...occupancyOf({ id: caseId, data: input }, now.toISOString().slice(0, 10)),
        ],
        tally: [counted({ ...input, birthDate: read.facts.birthDate, sex: read.facts.sex }, 1), workDone('registered', actor, now, timeZone)],
      };
    },
    toData: (input, actor) => {
      const { document, children, verifiedAt, ...rest } = input as Input & Pick<Data, 'personIndex' | 'birthDate' | 'sex'> & { verifiedAt: string };
      return {
        ...rest,
        verification: { document, by: actor.sub, at: verifiedAt },
        ...(children !== undefined && { 'family-planning': { children } }),
      };
    },
  },
  states: {
    sharing: { label: '各部门办理中 With the departments' },
    registered: { label: '已登记 Registered' },
    'visit-due': { label: '待走访核查 Visit due' },
    deregistered: { label: '已注销 Deregistered', terminal: true },
  },
  initial: 'sharing',
  // A collector works the registrations of their own area (the role is narrowed by it).
  staffRoles: ['collector', 'station', 'family-planning', 'police', 'governance', 'tenant-admin', 'auditor'],
  // Clear personal data for those who must reach or find the person; admins and auditors read the access log instead.
  revealRoles: ['collector', 'station', 'police', 'family-planning', 'governance'],
  sections: {
    'family-planning': ['family-planning'],
    police: ['police'],
    governance: ['governance'],
    personIndex: [],
  },
  transitions: {
    'planning-record': departmentRecord(
      'family-planning',
      '计生登记 Family planning record',
      z.strictObject({
        children: z.number().int().min(0).max(20).meta({ title: '子女数 Children' }),
        certificate: z.enum(Object.keys(CERTIFICATE_STATUS) as [keyof typeof CERTIFICATE_STATUS]).meta({ title: '婚育证明 Childbearing certificate' }),
        note,
      }),
    ),
    'police-record': departmentRecord(
      'police',
      '派出所登记 Police record',
      z.strictObject({
        residenceRegistered: z.boolean().meta({ title: '已办居住登记 Residence registered' }),
        permitEligible: z.boolean().meta({ title: '符合居住证条件 Eligible for a residence permit' }),
        note,
      }),
    ),
    'governance-record': departmentRecord(
      'governance',
      '综治登记 Governance record',
      z.strictObject({
        grid: z.string().trim().min(1).max(40).meta({ title: '网格 Grid' }),
        risk: z.enum(Object.keys(RISK_LEVELS) as [keyof typeof RISK_LEVELS]).meta({ title: '关注程度 Risk' }),
        disputes: z.string().trim().max(500).meta({ title: '矛盾纠纷 Disputes' }).optional(),
        note,
      }),
    ),
    complete: { label: '登记完成 Registration complete', from: ['sharing'], to: 'registered', roles: [], system: true },
    'visit-due': {
      label: '核查到期 Re-verification due',
      from: ['registered'],
      to: 'visit-due',
      roles: [],
      system: true,
      effects: ({ case: c }) => ({
        dispatch: [visitOrder(c.data.area)],
        removes: [dueRemoval({ kind: 'verification', from: c.data.verification.at, caseId: c.id })],
        tally: [visitsDue(c.data.area, 1)],
      }),
    },
    reverify: {
      label: '核查证件 Re-verify',
      from: ['registered', 'visit-due'],
      to: 'registered',
      roles: ['collector', 'station'],
      input: z.strictObject({ document, note: note.optional() }),
      effects: ({ actor, case: c, input, now, timeZone }) => ({
        completeTasksOf: [visitsTeam(c.data.area)],
        data: { verification: { document: input.document as string, ...stamp(actor, now) } },
        removes: [dueRemoval({ kind: 'verification', from: c.data.verification.at, caseId: c.id })],
        records: [dueDraft({ kind: 'verification', from: now.toISOString(), caseId: c.id, area: c.data.area })],
        tally: [workDone('reverified', actor, now, timeZone), ...(c.state === 'visit-due' ? [visitsDue(c.data.area, -1)] : [])],
      }),
    },
    'change-address': {
      label: '变更住址 Change of address',
      from: LIVING,
      roles: ['collector', 'station'],
      input: z.strictObject({ address, area, lodging: lodging.optional(), note: note.optional() }),
      guard: async ({ input, records }) => {
        if (input.lodging) await lodgedAt(records, input.lodging as z.infer<typeof lodging>);
        return undefined;
      },
      effects: ({ case: c, input, now }) => {
        const moved = { ...c.data, area: input.area as string, lodging: input.lodging as Data['lodging'] };
        return {
          data: { address: input.address, area: input.area, lodging: input.lodging ?? null },
          scope: { area: input.area as string },
          tally: [counted(c.data, -1), counted(moved, 1), ...(c.state === 'visit-due' ? [visitsDue(c.data.area, -1), visitsDue(input.area as string, 1)] : [])],
          removes: leaving(c),
          records: [
            RegisteredPersonRecord.draft({ index: c.data.personIndex, caseId: c.id, area: input.area as string, registeredAt: c.createdAt }),
            ...occupancyOf({ id: c.id, data: moved }, now.toISOString().slice(0, 10)),
            ...(c.state === 'visit-due' ? [] : [dueDraft({ kind: 'verification', from: c.data.verification.at, caseId: c.id, area: input.area as string })]),
          ],
          ...(c.state === 'visit-due' &&
            input.area !== c.data.area && {
              cancelTasksOf: [visitsTeam(c.data.area)],
              dispatch: [visitOrder(input.area as string)],
            }),
        };
      },
    },
    deregister: {
      label: '注销 Deregister',
      from: LIVING,
      to: 'deregistered',
      roles: ['collector', 'station', 'police'],
      input: z.strictObject({
        reason: z.enum(Object.keys(DEREGISTRATION_REASONS) as [keyof typeof DEREGISTRATION_REASONS]).meta({ title: '注销原因 Reason' }),
        leftOn: z.iso.date().meta({ title: '离开日期 Left on' }),
        note: note.optional(),
      }),
      // They may come back: the number is free to be registered again.
      // The retention period runs from the deregistration.
      effects: ({ actor, case: c, input, now, timeZone }) => ({
        cancelOpenTasks: true,
        data: { deregistered: { reason: input.reason as string, leftOn: input.leftOn as string, ...stamp(actor, now) } },
        tally: [
          counted(c.data, -1),
          { row: `area#${c.data.area}`, add: { deregistered: 1 } },
          workDone('deregistered', actor, now, timeZone),
          ...(c.state === 'visit-due' ? [visitsDue(c.data.area, -1)] : []),
        ],
        removes: [
          { entity: RegisteredPersonRecord, key: c.data.personIndex },
          ...leaving(c),
          ...(c.state === 'visit-due' ? [] : [dueRemoval({ kind: 'verification', from: c.data.verification.at, caseId: c.id })]),
        ],
        records: [dueDraft({ kind: 'retention', from: now.toISOString(), caseId: c.id, area: c.data.area })],
      }),
    },
    purge: {
      label: '个人信息清除 Personal data purged',
      from: ['deregistered'],
      roles: [],
      system: true,
      // What is left counts (area, origin province, birth year, sex); nothing left names or reaches the person.
      effects: ({ case: c, now }) => ({
        forget: true,
        removes: [dueRemoval({ kind: 'retention', from: c.data.deregistered!.at, caseId: c.id })],
        data: {
          name: '（已清除）',
          idNumber: null,
          phone: null,
          address: null,
          occupation: null,
          lodging: null,
          personIndex: null,
          origin: { province: c.data.origin.province },
          birthDate: `${c.data.birthDate.slice(0, 4)}-01-01`,
          'family-planning': null,
          police: null,
          governance: null,
          purgedAt: now.toISOString(),
        },
      }),
    },
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
