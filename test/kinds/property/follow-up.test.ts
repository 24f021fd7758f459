/**
 * After the work: the resident may reopen a finished job within seven days,
 * not after; a job left quiet closes by itself with a notice (and bills its
 * charge as a confirmation would); the desk's return visit records the
 * rating; and the month's report counts ratings, promises kept and broken,
 * and withdrawn requests apart — on a controlled clock, through the API.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../shared/pipeline/contract.ts';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let now = new Date('2026-11-02T01:00:00Z'); // Mon 2 Nov 2026, 09:00 in Shanghai
const at = (iso: string) => {
  now = new Date(iso);
};
let t: TestPlatform;
let tenant: Tenant;
const tokens: Record<string, string> = {};

const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
async function repairDone(charge?: string) {
  const c = await t.call('POST', '/v1/property/requests', {
    token: tokens.desk,
    body: { type: 'repair', household: '1-1-101', channel: 'phone', input: { category: 'plumbing', description: '马桶漏水 leaking toilet' } },
    headers: { 'idempotency-key': idem() },
  });
  expect(c.status).toBe(201);
  await act(c.body.id, tokens.desk!, 'dispatch', { team: 'maintenance' });
  const done = await act(c.body.id, tokens.tech!, 'complete', { note: '换了密封圈 new seal', ...(charge ? { charge } : {}) });
  expect(done.body.state).toBe('done');
  return c.body.id as string;
}
const report = async (month: string, token = tokens.manager!) => t.call('GET', `/v1/cases/report?month=${month}`, { token });

beforeAll(async () => {
  t = await createTestPlatform({ clock: () => now });
  tenant = (await t.platform.tenants.get(T))!;
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.manager = await t.token(T, ['manager'], 'manager-01');
  tokens.resident = await t.token(T, ['resident'], 'resident-0101');
  tokens.tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
  tokens.admin = await t.token(T, ['tenant-admin'], 'admin');
}, 60_000);

describe.sequential('follow-up and satisfaction', () => {
  const ids: Record<string, string> = {};

  it('lets the resident reopen a finished job within seven days, and not after', async () => {
    at('2026-11-02T01:00:00Z');
    ids.reopened = await repairDone();
    at('2026-11-05T02:00:00Z');
    const again = await act(ids.reopened, tokens.resident!, 'reopen', { note: '还在漏 still leaking' });
    expect([again.status, again.body.state]).toEqual([200, 'submitted']);
    expect(again.body.sla.timers.resolution).toMatchObject({ startedAt: now.toISOString() });
    expect(again.body.sla.timers.resolution.metAt).toBeUndefined();
    await act(ids.reopened, tokens.desk!, 'dispatch', { team: 'maintenance' });
    await act(ids.reopened, tokens.tech!, 'complete', { note: '换了阀门 new valve' });
    at('2026-11-12T03:00:00Z'); // seven days and an hour later
    const late = await act(ids.reopened, tokens.resident!, 'reopen', { note: '又漏了 leaking again' });
    expect([late.status, late.body.type]).toEqual([422, '/problems/transition-refused']);
    expect(late.body.detail).toContain('7-day window to reopen it ended on 2026-11-12');
  });

  it('closes a quiet job by itself with a notice, billing its charge — the API may not', async () => {
    at('2026-11-03T01:00:00Z');
    ids.charged = await repairDone('35.00');
    expect((await act(ids.charged, tokens.admin!, 'auto-close')).status).toBe(403);
    at('2026-11-09T01:00:00Z'); // six days: not yet
    await t.platform.cases.sweepSla(tenant, now);
    expect((await t.call('GET', `/v1/cases/${ids.charged}`, { token: tokens.desk! })).body.state).toBe('done');
    at('2026-11-10T01:00:00Z');
    const swept = await t.platform.cases.sweepSla(tenant, now);
    expect(swept.closed).toBeGreaterThanOrEqual(1);
    const closed = await t.call('GET', `/v1/cases/${ids.charged}`, { token: tokens.desk! });
    expect(closed.body.state).toBe('closed');
    const history = (await t.call('GET', `/v1/cases/${ids.charged}/history`, { token: tokens.desk! })).body.items;
    expect(history.at(-1)).toMatchObject({ action: 'auto-close', actor: 'system', from: 'done', to: 'closed' });
    // A second sweep finds nothing more to close for it.
    expect((await t.platform.cases.sweepSla(tenant, now)).closed).toBe(0);
    await t.deliverAll(T);
    const mail = (await t.call('GET', '/v1/mailbox', { token: tokens.resident! })).body.items;
    expect(mail.some((m: { caseId?: string; event: string }) => m.caseId === ids.charged && m.event === 'auto-close')).toBe(true);
    const statement = await t.call('GET', '/v1/property/households/1-1-101/statement', { token: tokens.desk! });
    // The charge is billed to the household: its statement shows it, agrees with the ledger, and a payment settles it.
    expect(statement.body.bills.find((b: { source?: string }) => b.source === `repair:${ids.charged}`)).toMatchObject({ total: '35.00', status: 'open' });
    expect(statement.body.ledgerBalance).toBe(statement.body.due);
    const paid = await t.call('POST', '/v1/property/households/1-1-101/payments', {
      token: tokens.desk!,
      body: { id: 'follow-up-pay', amount: statement.body.due, method: 'cash' },
    });
    expect(paid.body.applied).toContainEqual({ month: '2026-11', source: `repair:${ids.charged}`, amount: '35.00' });
    const after = await t.call('GET', '/v1/property/households/1-1-101/statement', { token: tokens.desk! });
    expect([after.body.due, after.body.ledgerBalance]).toEqual(['0.00', '0.00']);
    const entries = await t.call('GET', '/v1/ledger/accounts/receivable:household:1-1-101/statement?from=2026-11-01&to=2026-11-10', { token: tokens.admin! });
    expect(entries.status).toBe(200);
    expect(JSON.stringify(entries.body)).toContain(`repair:${ids.charged}:charge`);
  });

  it('records the return visit’s rating, and the month’s report counts it', async () => {
    at('2026-11-16T01:00:00Z');
    ids.visited = await repairDone();
    const closed = await act(ids.visited, tokens.desk!, 'close', { note: '电话回访 phoned', rating: 4 });
    expect(closed.body.data).toMatchObject({ rating: 4, followUp: { by: 'desk-01', reached: true } });
    ids.rated = await repairDone();
    expect((await act(ids.rated, tokens.resident!, 'confirm', { rating: 2 })).body.state).toBe('closed');
    // One withdrawn before anyone came: counted apart.
    const w = await t.call('POST', '/v1/property/requests', {
      token: tokens.resident,
      body: { type: 'repair', input: { category: 'other', description: '已自行解决 sorted it myself' } },
      headers: { 'idempotency-key': idem() },
    });
    await act(w.body.id, tokens.resident!, 'withdraw', {});
    // One resolved late: reported done two desk days after it was filed.
    at('2026-11-17T01:00:00Z');
    const slow = await t.call('POST', '/v1/property/requests', {
      token: tokens.desk,
      body: { type: 'repair', household: '1-1-102', channel: 'walk-in', input: { category: 'doors-windows', description: '门锁坏了 broken lock' } },
      headers: { 'idempotency-key': idem() },
    });
    await act(slow.body.id, tokens.desk!, 'dispatch', { team: 'maintenance' });
    at('2026-11-19T05:00:00Z');
    await act(slow.body.id, tokens.tech!, 'complete', { note: '换锁 new lock' });
    await act(slow.body.id, tokens.desk!, 'close', { note: '未接电话 no answer', reached: false });

    const res = await report('2026-11');
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: { type: string; team: string }) => r.type === 'repair' && r.team === 'maintenance');
    // Ended in November with the maintenance team: the auto-closed one, the visited, the rated, the slow one.
    expect(row).toMatchObject({ ended: 4, abandoned: 0, rated: 2, averageRating: 3, ratings: [0, 1, 0, 1, 0], resolved: 4, resolvedInTime: 3, breached: 1 });
    expect(row.attainment).toBe(75);
    const desk = res.body.rows.find((r: { type: string; team: string }) => r.type === 'repair' && r.team === '-');
    expect(desk).toMatchObject({ ended: 1, abandoned: 1, resolved: 0 });
  });

  it('is for staff who see every case, for a month that has been', async () => {
    expect((await report('2026-11', tokens.tech!)).status).toBe(403);
    expect((await report('2026-11', tokens.resident!)).status).toBe(403);
    const future = await report('2027-01');
    expect([future.status, future.body.errors?.[0]?.field]).toEqual([400, 'query.month']);
    expect((await report('1970-01')).status).toBe(400);
    expect((await report('2026-13')).status).toBe(400);
    expect((await report('2026-10')).body.rows).toEqual([]);
  });
});
