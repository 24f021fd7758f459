/**
 * Meeting rooms and visitors, on a controlled clock through the API: a
 * room's time is taken once — over another booking, in the past, outside
 * opening hours, above capacity or beyond the horizon is refused, also when
 * two bookings race — and given back when a booking is cancelled or refused;
 * rooms that need approval wait for the manager; bookings close after the
 * meeting. A visitor is expected, arrives (the resident is told) and leaves,
 * or is closed as not having come.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../shared/pipeline/contract.ts';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let now = new Date('2026-11-30T01:00:00Z'); // Mon 30 Nov 2026, 09:00 in Shanghai
let t: TestPlatform;
let tenant: Tenant;
const tokens: Record<string, string> = {};

const book = (input: Record<string, unknown>, token = tokens.resident!) =>
  t.call('POST', '/v1/property/requests', {
    token,
    body: {
      type: 'meeting',
      input: { room: 'room-a', date: '2026-12-01', from: '10:00', to: '11:00', purpose: '业委会例会 committee meeting', attendees: 8, ...input },
    },
    headers: { 'idempotency-key': idem() },
  });
const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
const day = async (room: string, date: string) =>
  (await t.call('GET', `/v1/property/rooms/${room}/days/${date}`, { token: tokens.desk! })).body.bookings.map(
    (b: { from: string; to: string }) => `${b.from}-${b.to}`,
  );

beforeAll(async () => {
  t = await createTestPlatform({ clock: () => now });
  tenant = (await t.platform.tenants.get(T))!;
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.manager = await t.token(T, ['manager'], 'manager-01');
  tokens.resident = await t.token(T, ['resident'], 'resident-0101');
}, 60_000);

describe.sequential('meeting rooms', () => {
  let first: string;

  it('shows the rooms to residents, and books a room that needs no approval at once', async () => {
    const rooms = await t.call('GET', '/v1/property/rooms', { token: tokens.resident! });
    expect(rooms.body.items.map((r: { id: string }) => r.id).sort()).toEqual(['hall', 'room-a']);
    const b = await book({});
    expect([b.status, b.body.state, b.body.data.roomName]).toEqual([201, 'confirmed', '一号会议室 Room A']);
    first = b.body.id;
    expect(await day('room-a', '2026-12-01')).toContain('10:00-11:00');
  });

  it('refuses an overlap (naming the booking), the past, closed hours, too many people, too far ahead, an end before the start', async () => {
    const clash = await book({ from: '10:30', to: '11:30' });
    expect([clash.status, clash.body.type, clash.body.conflictsWith]).toEqual([
      409,
      '/problems/booking-conflict',
      { caseId: first, from: '10:00', to: '11:00' },
    ]);
    expect((await book({ from: '11:00', to: '12:00' })).status).toBe(201); // back to back is fine
    const past = await book({ date: '2026-11-29' });
    expect([past.status, past.body.type]).toEqual([422, '/problems/booking-in-past']);
    const fields = async (input: Record<string, unknown>) => {
      const r = await book(input);
      return [r.status, r.body.errors?.[0]?.field];
    };
    expect(await fields({ from: '07:00', to: '08:30' })).toEqual([400, 'input.from']);
    expect(await fields({ attendees: 13 })).toEqual([400, 'input.attendees']);
    expect(await fields({ date: '2027-03-15' })).toEqual([400, 'input.date']);
    expect(await fields({ from: '15:00', to: '14:00' })).toEqual([400, 'input.to']);
    expect(await fields({ room: 'ballroom' })).toEqual([400, 'input.room']);
    expect(await day('room-a', '2026-12-01')).toEqual(expect.arrayContaining(['10:00-11:00', '11:00-12:00']));
    expect(await day('room-a', '2026-12-01')).not.toContain('10:30-11:30');
  });

  it('lets one of two racing bookings of the same time have it', async () => {
    const both = await Promise.all([book({ from: '14:00', to: '15:00' }), book({ from: '14:30', to: '15:30' })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await day('room-a', '2026-12-01')).filter((x: string) => x.startsWith('14'))).toHaveLength(1);
  });

  it('gives the time back when a booking is cancelled', async () => {
    expect((await act(first, tokens.resident!, 'cancel', {})).body.state).toBe('cancelled');
    expect(await day('room-a', '2026-12-01')).not.toContain('10:00-11:00');
    expect((await book({ from: '10:00', to: '10:45' })).status).toBe(201);
  });

  it('holds a room that needs approval for the manager, and gives it back when refused', async () => {
    const b = await book({ room: 'hall', from: '19:00', to: '21:00', attendees: 60, purpose: '业主大会 owners’ assembly' }, tokens.desk!);
    expect(b.status).toBe(400); // the desk names the household it books for
    const asked = await t.call('POST', '/v1/property/requests', {
      token: tokens.desk,
      body: {
        type: 'meeting',
        household: '1-1-101',
        input: { room: 'hall', date: '2026-12-02', from: '19:00', to: '21:00', purpose: '业主大会 owners’ assembly', attendees: 60 },
      },
      headers: { 'idempotency-key': idem() },
    });
    expect([asked.status, asked.body.state]).toEqual([201, 'requested']);
    expect((await act(asked.body.id, tokens.desk!, 'approve', {})).status).toBe(403);
    expect((await act(asked.body.id, tokens.manager!, 'approve', {})).body.state).toBe('confirmed');
    const second = await t.call('POST', '/v1/property/requests', {
      token: tokens.resident,
      body: { type: 'meeting', input: { room: 'hall', date: '2026-12-03', from: '09:00', to: '10:00', purpose: '舞蹈排练 dance practice', attendees: 20 } },
      headers: { 'idempotency-key': idem() },
    });
    await act(second.body.id, tokens.manager!, 'reject', { note: '当天有消防检查 fire inspection that day' });
    expect(await day('hall', '2026-12-03')).not.toContain('09:00-10:00');
  });

  it('closes a booking once the meeting is over', async () => {
    const open = await t.call('GET', '/v1/cases?queue=desk&limit=100', { token: tokens.desk! });
    const booked = open.body.items.filter((c: { type: string; state: string; data: { date: string } }) => c.type === 'meeting' && c.state === 'confirmed');
    expect(booked.length).toBeGreaterThan(0);
    now = new Date('2026-12-01T05:00:00Z'); // 13:00 on 1 Dec: the morning's meetings ended over an hour ago
    await t.platform.cases.sweepSla(tenant, now);
    const states = await Promise.all(
      booked.map(async (c: { id: string; data: { date: string; to: string } }) => [
        c.data.date,
        c.data.to,
        (await t.call('GET', `/v1/cases/${c.id}`, { token: tokens.desk! })).body.state,
      ]),
    );
    for (const [date, to, state] of states) expect(state).toBe(date === '2026-12-01' && to <= '12:00' ? 'held' : 'confirmed');
  });
});

describe.sequential('visitors', () => {
  it('are expected, arrive (the resident is told), and leave', async () => {
    now = new Date('2026-12-01T06:00:00Z');
    const v = await t.call('POST', '/v1/property/requests', {
      token: tokens.resident,
      body: { type: 'visitor', input: { visitorName: '李四', visitorPhone: '13900001111', expectedOn: '2026-12-01', purpose: '探亲 family visit' } },
      headers: { 'idempotency-key': idem() },
    });
    expect([v.status, v.body.state, v.body.data.visitorPhone]).toEqual([201, 'expected', '139****1111']);
    expect((await act(v.body.id, tokens.resident!, 'arrive', {})).status).toBe(403);
    expect((await act(v.body.id, tokens.desk!, 'arrive', { badge: 'V-017' })).body.data).toMatchObject({ badge: 'V-017', arrivedAt: now.toISOString() });
    expect((await act(v.body.id, tokens.desk!, 'depart', {})).body.state).toBe('left');
    await t.deliverAll(T);
    const mail = (await t.call('GET', '/v1/mailbox', { token: tokens.resident! })).body.items;
    expect(mail.some((m: { caseId?: string; event: string }) => m.caseId === v.body.id && m.event === 'arrive')).toBe(true);
  });

  it('who never came are closed the day after', async () => {
    const v = await t.call('POST', '/v1/property/requests', {
      token: tokens.resident,
      body: { type: 'visitor', input: { visitorName: '王五', expectedOn: '2026-12-02', purpose: '送货 delivery' } },
      headers: { 'idempotency-key': idem() },
    });
    now = new Date('2026-12-02T20:00:00Z');
    await t.platform.cases.sweepSla(tenant, now);
    expect((await t.call('GET', `/v1/cases/${v.body.id}`, { token: tokens.desk! })).body.state).toBe('expected');
    now = new Date('2026-12-03T13:00:00Z');
    await t.platform.cases.sweepSla(tenant, now);
    expect((await t.call('GET', `/v1/cases/${v.body.id}`, { token: tokens.desk! })).body.state).toBe('no-show');
  });
});
