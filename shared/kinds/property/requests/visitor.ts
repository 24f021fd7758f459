/**
 * Visitor reception (接待): a resident registers a visitor ahead (or the desk
 * does, for one at the door); the desk logs the arrival — the resident is
 * told — and the departure. A visitor who never came is closed the day after.
 */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import { householdField, INTAKE, note, STAFF } from './common.ts';

const intake = z.strictObject({
  visitorName: z.string().trim().min(1).max(50).meta({ title: '访客姓名 Visitor' }),
  visitorPhone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 expected an 11-digit mainland mobile number')
    .meta({ title: '访客电话 Visitor phone' })
    .optional(),
  expectedOn: z.iso.date().meta({ title: '来访日期 Expected on' }),
  purpose: z.string().trim().min(2).max(200).meta({ title: '来访事由 Purpose' }),
  plate: z.string().trim().max(10).meta({ title: '车牌 Plate' }).optional(),
  household: householdField,
});
type Input = z.infer<typeof intake>;
type Data = Input & { arrivedAt?: string; leftAt?: string; badge?: string };

export const visitorReception: CaseType<Input, Data> = {
  type: 'visitor',
  title: '访客接待 Visitor reception',
  intake: { schema: intake, ...INTAKE, sensitive: ['visitorPhone'] },
  states: {
    expected: { label: '待来访 Expected' },
    arrived: { label: '已到访 Arrived' },
    left: { label: '已离开 Left', terminal: true },
    'no-show': { label: '未到访 Did not come', terminal: true, abandoned: true },
    cancelled: { label: '已取消 Cancelled', terminal: true, abandoned: true },
  },
  initial: 'expected',
  staffRoles: STAFF,
  revealRoles: ['desk-agent'],
  transitions: {
    arrive: {
      label: '登记到访 Log arrival',
      from: ['expected'],
      to: 'arrived',
      roles: ['desk-agent'],
      input: z.strictObject({ badge: z.string().trim().max(20).meta({ title: '访客证号 Badge' }).optional(), note: note.optional() }),
      sla: 'respond',
      effects: ({ input, now }) => ({ data: { arrivedAt: now.toISOString(), ...(input.badge ? { badge: input.badge as string } : {}) } }),
    },
    depart: {
      label: '登记离开 Log departure',
      from: ['arrived'],
      to: 'left',
      roles: ['desk-agent'],
      input: z.strictObject({ note: note.optional() }),
      effects: ({ now }) => ({ data: { leftAt: now.toISOString() } }),
    },
    cancel: {
      label: '取消 Cancel',
      from: ['expected'],
      to: 'cancelled',
      roles: ['resident', 'desk-agent'],
      input: z.strictObject({ note: note.optional() }),
      guard: ({ case: c, actor }) =>
        actor.roles.includes('desk-agent') || c.requester === actor.sub ? undefined : 'Only who registered the visit or the desk may cancel it.',
    },
    'no-show': { label: '未到访 Did not come', from: ['expected'], to: 'no-show', roles: [], system: true },
  },
  queues: ['desk'],
  // No promise to keep beyond the day: the desk works the day's list.
  route: () => ({ queue: 'desk', priority: 'low', sla: { minutes: 7 * 24 * 60, basis: 'clock' } }),
  // The day after the expected date, in the tenant's zone or near enough: a day and a half after its UTC midnight.
  autoClose: { from: 'expected', afterDays: 1.5, action: 'no-show', since: (c) => `${c.data.expectedOn}T00:00:00.000Z` },
  notify: {
    created: [
      { to: { role: 'desk-agent' }, subject: (c) => `访客预约 Visitor expected ${c.data.expectedOn}`, body: (c) => `${c.data.visitorName}：${c.data.purpose}` },
    ],
    arrive: [
      { to: 'requester', subject: (c) => `访客已到 Your visitor has arrived (${c.id.slice(-6)})`, body: (c) => `${c.data.visitorName} 已在服务台登记到访。` },
    ],
  },
};
