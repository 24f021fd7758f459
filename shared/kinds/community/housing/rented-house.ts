/**
 * Registration of rented housing (出租房屋登记): the address and the
 * landlord (their identity number, phone and the address sealed), the
 * rooms let; the landlord's public-security responsibility agreement
 * (治安责任书); fire and security inspections by the police or governance
 * with their findings and, where needed, a date to inspect again. The
 * residents are the registrations that name one of its rooms, each with its
 * lease; a house no longer let is withdrawn.
 */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import { identityNumber } from '../identity/identity-number.ts';
import { HouseRecord } from './house.entity.ts';

export const INSPECTIONS = {
  fire: { zh: '消防检查', en: 'Fire safety' },
  security: { zh: '治安检查', en: 'Security' },
} as const;

const phone = z.string().regex(/^1[3-9]\d{9}$|^0\d{9,11}$/, '应为手机或固定电话号码 expected a mobile or landline number');
const text = (title: string, max = 500) => z.string().trim().min(1).max(max).meta({ title });

const intake = z.strictObject({
  address: z.string().trim().min(2).max(200).meta({ title: '房屋地址 Address' }),
  area: z.string().min(1).max(40).meta({ title: '片区 Area' }),
  landlordName: z.string().trim().min(1).max(50).meta({ title: '房东姓名 Landlord' }),
  landlordIdNumber: identityNumber.meta({ title: '房东身份证号 Landlord’s identity number' }),
  landlordPhone: phone.meta({ title: '房东电话 Landlord’s phone' }),
  rooms: z
    .array(z.string().trim().min(1).max(20))
    .min(1)
    .max(100)
    .refine((r) => new Set(r).size === r.length, 'each room once')
    .meta({ title: '出租房间 Rooms let' }),
});
type Input = z.infer<typeof intake>;

interface Inspection {
  kind: keyof typeof INSPECTIONS;
  passed: boolean;
  findings: string;
  reinspectOn?: string;
  by: string;
  at: string;
}
type Data = Input & { agreement?: { signedOn: string; by: string }; inspections?: Inspection[]; withdrawnOn?: string };

const OFFICERS = ['police', 'governance'];

export const rentedHouse: CaseType<Input, Data> = {
  type: 'rented-house',
  title: '出租房屋登记 Rented-house registration',
  intake: {
    schema: intake,
    roles: ['collector', 'station'],
    sensitive: ['address', 'landlordIdNumber', 'landlordPhone'],
    claims: async ({ input, caseId }) => ({
      records: [{ draft: HouseRecord.draft({ id: caseId, area: input.area, rooms: input.rooms }), condition: 'absent' }],
      tally: [{ row: `area#${input.area}`, add: { houses: 1, rooms: input.rooms.length } }],
    }),
  },
  states: { let: { label: '出租中 Let' }, withdrawn: { label: '已停租 No longer let', terminal: true } },
  initial: 'let',
  staffRoles: ['collector', 'station', 'police', 'governance', 'tenant-admin', 'auditor'],
  revealRoles: ['collector', 'station', 'police', 'governance'],
  transitions: {
    'sign-agreement': {
      label: '签订治安责任书 Responsibility agreement signed',
      from: ['let'],
      roles: ['police', 'governance', 'station'],
      input: z.strictObject({ signedOn: z.iso.date().meta({ title: '签订日期 Signed on' }) }),
      effects: ({ actor, input }) => ({ data: { agreement: { signedOn: input.signedOn as string, by: actor.sub } } }),
    },
    inspect: {
      label: '安全检查 Inspection',
      from: ['let'],
      roles: OFFICERS,
      input: z
        .strictObject({
          kind: z.enum(Object.keys(INSPECTIONS) as [keyof typeof INSPECTIONS]).meta({ title: '检查类别 Kind' }),
          passed: z.boolean().meta({ title: '合格 Passed' }),
          findings: text('检查情况 Findings', 1000),
          reinspectOn: z.iso.date().meta({ title: '复查日期 Inspect again on' }).optional(),
        })
        .refine((i) => i.passed || i.reinspectOn !== undefined, { message: 'a failed inspection names the day to inspect again', path: ['reinspectOn'] }),
      effects: ({ actor, case: c, input, now }) => ({
        data: { inspections: [...(c.data.inspections ?? []), { ...(input as Omit<Inspection, 'by' | 'at'>), by: actor.sub, at: now.toISOString() }] },
      }),
    },
    withdraw: {
      label: '停止出租 No longer let',
      from: ['let'],
      to: 'withdrawn',
      roles: ['collector', 'station'],
      input: z.strictObject({ on: z.iso.date().meta({ title: '停租日期 From' }) }),
      effects: ({ case: c, input }) => ({
        data: { withdrawnOn: input.on },
        records: [HouseRecord.draft({ id: c.id, area: c.data.area, rooms: c.data.rooms, withdrawn: true })],
        tally: [{ row: `area#${c.data.area}`, add: { houses: -1, rooms: -c.data.rooms.length } }],
      }),
    },
  },
  queues: ['housing'],
  route: (input) => ({ queue: 'housing', priority: 'normal', scope: { area: input.area }, sla: { minutes: 10 * 8 * 60, basis: 'business' } }),
  notify: {},
};
