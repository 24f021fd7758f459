/**
 * Service levels on a controlled clock, through the API and the sweep the
 * schedule runs: a repair's first response nears (the desk is warned), passes
 * (the team leads and the desk are told) and passes again (the manager is
 * told) — each once, however often and however concurrently the sweep runs;
 * waiting on the resident stops the clock; a change of urgency recomputes it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../shared/pipeline/contract.ts';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
// Mon 2026-11-30 09:00 in Shanghai.
let now = new Date('2026-11-30T01:00:00Z');
const at = (iso: string) => {
  now = new Date(iso);
};
let t: TestPlatform;
let tenant: Tenant;
const tokens: Record<string, string> = {};

const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
const get = async (id: string) => (await t.call('GET', `/v1/cases/${id}`, { token: tokens.desk! })).body;

/** The service-level messages about a case, by recipient and event, as delivered. */
async function slaMail(id: string): Promise<string[]> {
  await t.deliverAll(T);
  const mail = await t.call('GET', '/v1/mailbox?limit=100', { token: tokens.admin! });
  const all: Array<{ caseId?: string; event: string; recipient: string }> = [];
  for (const r of ['role:desk-agent', 'role:team-lead', 'role:manager', 'team:maintenance']) {
    const page = await t.call('GET', `/v1/mailbox?recipient=${encodeURIComponent(r)}&limit=100`, { token: tokens.admin! });
    all.push(...page.body.items);
  }
  expect(mail.status).toBe(200);
  return all
    .filter((m) => m.caseId === id && m.event.startsWith('sla-'))
    .map((m) => `${m.recipient} ${m.event}`)
    .sort();
}

beforeAll(async () => {
  t = await createTestPlatform({ clock: () => now });
  tenant = (await t.platform.tenants.get(T))!;
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.admin = await t.token(T, ['tenant-admin'], 'admin');
  tokens.tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
}, 60_000);

describe.sequential('service levels of a repair', () => {
  let id: string;

  it('warns the desk at 80 % of the first response, tells the leads and the desk on breach and the manager when overdue again — once each', async () => {
    at('2026-11-30T01:00:00Z');
    const filed = await t.call('POST', '/v1/property/requests', {
      token: tokens.desk,
      body: {
        type: 'repair',
        household: '1-1-101',
        channel: 'phone',
        input: { category: 'plumbing', description: '厨房漏水 kitchen leak', location: { building: '1' } },
      },
      headers: { 'idempotency-key': idem() },
    });
    expect(filed.status).toBe(201);
    id = filed.body.id;
    expect(filed.body.sla.timers.firstResponse.dueAt).toBe('2026-11-30T02:00:00.000Z'); // 60 desk minutes
    expect(filed.body.slaDueAt).toBe(filed.body.sla.timers.resolution.dueAt);

    at('2026-11-30T01:47:00Z'); // 47 of 60 minutes: not yet 80 %
    await t.platform.cases.sweepSla(tenant, now);
    expect(await slaMail(id)).toEqual([]);
    at('2026-11-30T01:49:00Z');
    const first = await t.platform.cases.sweepSla(tenant, now);
    expect(first.cases).toBeGreaterThanOrEqual(1);
    expect(await slaMail(id)).toEqual(['role:desk-agent sla-warn']); // no team yet: the desk hears of it
    await t.platform.cases.sweepSla(tenant, now);
    expect(await slaMail(id)).toEqual(['role:desk-agent sla-warn']);

    at('2026-11-30T02:01:00Z');
    // Two sweeps at once (a retried schedule): the case's version decides which one tells.
    await Promise.all([t.platform.cases.sweepSla(tenant, now), t.platform.cases.sweepSla(tenant, now)]);
    expect(await slaMail(id)).toEqual(['role:desk-agent sla-breach', 'role:desk-agent sla-warn', 'role:team-lead sla-breach']);
    at('2026-11-30T03:01:00Z'); // overdue by its own length again
    await t.platform.cases.sweepSla(tenant, now);
    await t.platform.cases.sweepSla(tenant, now);
    expect(await slaMail(id)).toEqual(['role:desk-agent sla-breach', 'role:desk-agent sla-warn', 'role:manager sla-escalate', 'role:team-lead sla-breach']);
    expect((await get(id)).sla.timers.firstResponse).toMatchObject({ warned: true, breached: true, escalated: true });
  });

  it('stops the clock while the case waits on the resident, and resumes it lengthened by the pause', async () => {
    at('2026-11-30T03:05:00Z');
    const dispatched = await act(id, tokens.desk!, 'dispatch', { team: 'maintenance' });
    expect(dispatched.body.sla.timers.firstResponse.metAt).toBe('2026-11-30T03:05:00.000Z');
    expect(dispatched.body.sla.timers.nextUpdate.dueAt).toBe('2026-11-30T08:05:00.000Z'); // 4 desk hours, lunch 12:00–13:00 not counted
    const dueBefore = dispatched.body.slaDueAt;

    at('2026-11-30T03:10:00Z');
    const held = await act(id, tokens.tech!, 'hold', { note: '住户不在家 nobody home' });
    expect([held.body.state, held.body.sla.pausedAt]).toEqual(['waiting', '2026-11-30T03:10:00.000Z']);
    at('2026-12-03T03:10:00Z'); // three days later, long past every due time
    const toldBefore = await slaMail(id);
    await t.platform.cases.sweepSla(tenant, now);
    expect(await slaMail(id)).toEqual(toldBefore);

    const resumed = await act(id, tokens.tech!, 'resume', {});
    expect(resumed.body.state).toBe('dispatched');
    expect(resumed.body.sla.pausedAt).toBeUndefined();
    expect(resumed.body.sla.pausedMinutes).toBe(3 * 8 * 60); // three desk days
    expect(Date.parse(resumed.body.slaDueAt) - Date.parse(dueBefore)).toBe(3 * 24 * 60 * 60_000); // the same time of day, three days on
    expect(await slaMail(id)).not.toContain('team:maintenance sla-warn');
  });

  it('recomputes the promise from the first report when the urgency changes', async () => {
    const before = await get(id);
    at('2026-12-03T03:20:00Z');
    const urgent = await act(id, tokens.desk!, 'reprioritise', { urgency: 'emergency', note: '水漫到楼下 water reaching downstairs' });
    expect(urgent.body.priority).toBe('emergency');
    expect(urgent.body.sla.basis).toBe('clock');
    // 120 minutes from the report plus the pause, counted again on the wall clock: three whole days.
    expect(urgent.body.slaDueAt).toBe(new Date(Date.parse(before.sla.timers.resolution.startedAt) + (120 + 3 * 24 * 60) * 60_000).toISOString());
    expect(urgent.body.sla.pausedMinutes).toBe(3 * 24 * 60);
    // It is long past that: the next sweep says so to the team it is with, the leads and the desk.
    await t.platform.cases.sweepSla(tenant, now);
    const mail = await slaMail(id);
    expect(mail).toEqual(expect.arrayContaining(['role:team-lead sla-breach', 'role:manager sla-escalate']));
    const done = await act(id, tokens.tech!, 'complete', { note: '已更换阀门 valve replaced' });
    expect(done.body.sla.timers.resolution.metAt).toBe(now.toISOString());
    expect(Object.values(done.body.sla.timers).every((x) => (x as { metAt?: string }).metAt)).toBe(true);
  });

  it('is refused to whoever may not change it, and the change is written in the history', async () => {
    const c = await t.call('POST', '/v1/property/requests', {
      token: tokens.desk,
      body: {
        type: 'repair',
        household: '1-1-102',
        channel: 'walk-in',
        input: { category: 'other', description: '门铃坏了 doorbell broken', location: { building: '1' } },
      },
      headers: { 'idempotency-key': idem() },
    });
    expect((await act(c.body.id, tokens.tech!, 'reprioritise', { urgency: 'emergency', note: 'x' })).status).toBe(404); // not their team's yet
    const history = await t.call('GET', `/v1/cases/${id}/history`, { token: tokens.desk! });
    const change = history.body.items.find((e: { action: string }) => e.action === 'reprioritise');
    expect(change).toMatchObject({ from: 'dispatched', to: 'dispatched', input: { urgency: 'emergency' } });
  });
});
