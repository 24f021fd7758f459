/**
 * Meeting-room bookings (会议): a room, a date and a time. The time is taken
 * when the booking is filed — a booking over another, or in the past, is
 * refused — and given back when it is cancelled or refused. Rooms that need
 * approval wait for the manager; the others are confirmed at once. A
 * booking closes by itself once the meeting is over.
 */
import { z } from 'zod';
import type { CaseType, TransitionContext } from '../../../pipeline/contract.ts';
import { claimRoom, releaseRoom } from '../meetings/rooms.ts';
import { DESK_DAY, householdField, INTAKE, note, STAFF } from './common.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 时:分（如 09:30） a time as HH:mm');
const intake = z
  .strictObject({
    room: z.string().min(1).max(40).meta({ title: '会议室 Room' }),
    date: z.iso.date().meta({ title: '日期 Date' }),
    from: hhmm.meta({ title: '开始 From' }),
    to: hhmm.meta({ title: '结束 To' }),
    purpose: z.string().trim().min(2).max(200).meta({ title: '会议内容 Purpose' }),
    attendees: z.number().int().min(1).max(500).meta({ title: '人数 Attendees' }),
    household: householdField,
  })
  .refine((b) => b.from < b.to, { path: ['to'], message: 'must be after the start' });
type Input = z.infer<typeof intake>;
type Data = Input & { roomName: string; needsApproval: boolean; startsAt: string; endsAt: string };
type Ctx<I = Record<string, unknown>> = TransitionContext<Data, I>;

/** The room's time goes back when the booking will not take place. */
const release = async (ctx: Ctx) => ({ records: await releaseRoom(ctx.records, ctx.case.data.room, ctx.case.data.date, ctx.case.id) });
const HOUR_MS = 60 * 60_000;

export const meetingBooking: CaseType<Input, Data> = {
  type: 'meeting',
  title: '会议室预订 Meeting-room booking',
  intake: {
    schema: intake,
    ...INTAKE,
    claims: async ({ input, caseId, now, timeZone, records }) => {
      const claim = await claimRoom(records, { caseId, ...input }, now, timeZone);
      return {
        data: { roomName: claim.room.name, needsApproval: claim.room.needsApproval, startsAt: claim.startsAt, endsAt: claim.endsAt },
        records: [claim.write],
      };
    },
  },
  states: {
    requested: { label: '待审批 Awaiting approval' },
    confirmed: { label: '已预订 Booked' },
    held: { label: '已使用 Held', terminal: true },
    rejected: { label: '未批准 Not approved', terminal: true },
    cancelled: { label: '已取消 Cancelled', terminal: true, abandoned: true },
  },
  initial: 'requested',
  staffRoles: STAFF,
  transitions: {
    approve: {
      label: '批准 Approve',
      from: ['requested'],
      to: 'confirmed',
      roles: ['manager'],
      input: z.strictObject({ note: note.optional() }),
      sla: 'respond',
    },
    reject: { label: '不予批准 Reject', from: ['requested'], to: 'rejected', roles: ['manager'], input: z.strictObject({ note }), effects: release },
    cancel: {
      label: '取消 Cancel',
      from: ['requested', 'confirmed'],
      to: 'cancelled',
      roles: ['resident', 'desk-agent'],
      input: z.strictObject({ note: note.optional() }),
      guard: ({ case: c, actor }) =>
        actor.roles.includes('desk-agent') || c.requester === actor.sub ? undefined : 'Only who booked it or the desk may cancel it.',
      effects: release,
    },
    finish: { label: '已使用 Mark held', from: ['confirmed'], to: 'held', roles: ['desk-agent'], input: z.strictObject({ note: note.optional() }) },
    'auto-close': { label: '会后自动办结 Closed after the meeting', from: ['confirmed'], to: 'held', roles: [], system: true },
  },
  queues: ['desk'],
  // Approval within half a desk day; the booking is served when the meeting has been held (a day's grace to mark it).
  route: (input, _actor, now) => {
    const d = input as Data;
    const untilOver = Math.max(1, Math.ceil((Date.parse(d.endsAt) - now.getTime()) / 60_000)) + 24 * 60;
    return {
      initial: d.needsApproval ? 'requested' : 'confirmed',
      queue: 'desk',
      priority: 'normal',
      sla: { minutes: untilOver, basis: 'clock', ...(d.needsApproval ? { firstResponse: DESK_DAY / 2 } : {}) },
    };
  },
  autoClose: { from: 'confirmed', afterDays: 0, action: 'auto-close', since: (c) => new Date(Date.parse(c.data.endsAt) + HOUR_MS).toISOString() },
  notify: {
    created: [
      {
        to: 'requester',
        subject: (c) =>
          c.state === 'confirmed' ? `会议室已预订 Room booked (${c.id.slice(-6)})` : `会议室预订待审批 Booking awaiting approval (${c.id.slice(-6)})`,
        body: (c) => `${c.data.roomName} ${c.data.date} ${c.data.from}–${c.data.to}`,
      },
      {
        to: { role: 'manager' },
        subject: (c) => `会议室预订 Room booking ${c.id.slice(-6)}`,
        body: (c) => `${c.data.roomName} ${c.data.date} ${c.data.from}–${c.data.to}：${c.data.purpose}`,
      },
    ],
    approve: [
      {
        to: 'requester',
        subject: (c) => `会议室预订已批准 Booking approved (${c.id.slice(-6)})`,
        body: (c) => `${c.data.roomName} ${c.data.date} ${c.data.from}–${c.data.to}`,
      },
    ],
    reject: [{ to: 'requester', subject: (c) => `会议室预订未批准 Booking not approved (${c.id.slice(-6)})`, body: () => '该时段已释放。' }],
  },
};
