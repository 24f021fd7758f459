/**
 * Incidents, merges and splits through the API: a notice reaches every
 * resident of the buildings it names once, and only them; reports from
 * there are linked to it while it lasts; resolving tells them again. A
 * duplicate merged into another report makes its resident a follower — who
 * sees the case and hears its news, and may not confirm it; a mixed report
 * is split into a second request for the same resident and household.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
const tokens: Record<string, string> = {};

const file = (type: string, household: string, input: Record<string, unknown>) =>
  t.call('POST', '/v1/property/requests', { token: tokens.desk, body: { type, household, channel: 'phone', input }, headers: { 'idempotency-key': idem() } });
const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
async function messages(event: string) {
  await t.deliverAll(T);
  const items: Array<{ recipient: string; event: string; subject: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await t.call('GET', `/v1/mailbox?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tokens.admin! });
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items.filter((m) => m.event === event);
}

beforeAll(async () => {
  t = await createTestPlatform();
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.admin = await t.token(T, ['tenant-admin'], 'admin');
  tokens.resident = await t.token(T, ['resident'], 'resident-0101');
}, 60_000);

describe.sequential('an incident', () => {
  let id: string;

  it('tells every resident of its buildings, once each, and nobody else', async () => {
    const bad = await t.call('POST', '/v1/property/incidents', {
      token: tokens.desk!,
      body: { title: '停水 water cut', body: '停水通知 notice', buildings: ['9'] },
    });
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'buildings.0']);
    const posted = await t.call('POST', '/v1/property/incidents', {
      token: tokens.desk!,
      body: { title: '2 号楼停水 water cut in building 2', body: '今日 14:00–18:00 维修总管停水。 Mains repair, 14:00–18:00 today.', buildings: ['2'] },
    });
    expect(posted.status).toBe(201);
    id = posted.body.id;
    const people = (await t.call('GET', '/v1/property/households?building=2&limit=100', { token: tokens.desk! })).body.items.reduce(
      (n: number, h: { people: number }) => n + h.people,
      0,
    );
    expect(posted.body.notified).toBe(people);
    const told = await messages('incident-posted');
    expect(told).toHaveLength(people);
    expect(new Set(told.map((m) => m.recipient)).size).toBe(people);
    expect(told.every((m) => m.recipient.startsWith('person:2-'))).toBe(true);
    expect((await t.call('GET', '/v1/property/incidents', { token: tokens.resident! })).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('links new reports from its buildings, and not from others', async () => {
    const there = await file('repair', '2-1-201', { category: 'plumbing', description: '没有水 no water' });
    expect(there.body.data.incidents).toEqual([{ id, title: '2 号楼停水 water cut in building 2' }]);
    const elsewhere = await file('repair', '1-1-102', { category: 'plumbing', description: '水压低 low pressure' });
    expect(elsewhere.body.data.incidents).toBeUndefined();
  });

  it('tells them again when resolved, and resolving twice changes nothing', async () => {
    const resolved = await t.call('POST', `/v1/property/incidents/${id}/resolve`, { token: tokens.desk!, body: { resolution: '已恢复供水 water is back' } });
    expect(resolved.body.status).toBe('resolved');
    const before = (await messages('incident-resolved')).length;
    expect(before).toBe(resolved.body.notified);
    expect((await t.call('POST', `/v1/property/incidents/${id}/resolve`, { token: tokens.desk!, body: {} })).body.resolvedAt).toBe(resolved.body.resolvedAt);
    expect(await messages('incident-resolved')).toHaveLength(before);
    expect((await t.call('GET', '/v1/property/incidents', { token: tokens.desk! })).body.items).toEqual([]);
    expect((await file('repair', '2-1-202', { category: 'plumbing', description: '又没水 no water again' })).body.data.incidents).toBeUndefined();
  });
});

describe('merging and splitting reports', () => {
  it('merges a duplicate: its resident follows the other case, hears its news, and may not confirm it', async () => {
    const a = (await file('repair', '1-2-201', { category: 'elevator', description: '电梯停了 lift stopped' })).body;
    const b = (
      await t.call('POST', '/v1/property/requests', {
        token: tokens.resident,
        body: { type: 'repair', input: { category: 'elevator', description: '电梯不动 lift not moving' } },
        headers: { 'idempotency-key': idem() },
      })
    ).body;
    expect((await act(b.id, tokens.desk!, 'merge', { into: b.id })).body.errors?.[0]?.field).toBe('input.into');
    expect((await act(b.id, tokens.desk!, 'merge', { into: 'C-NOPE' })).body.errors?.[0]?.field).toBe('input.into');
    const merged = await act(b.id, tokens.desk!, 'merge', { into: a.id, note: '同一部电梯 same lift' });
    expect([merged.body.state, merged.body.data.mergedInto]).toEqual(['merged', a.id]);
    const followed = await t.call('GET', `/v1/cases/${a.id}`, { token: tokens.resident! });
    expect([followed.status, followed.body.followers, followed.body.actions]).toEqual([200, ['resident-0101'], []]);
    await act(a.id, tokens.desk!, 'dispatch', { team: 'elevator' });
    await t.deliverAll(T);
    const mail = (await t.call('GET', '/v1/mailbox', { token: tokens.resident! })).body.items;
    expect(mail.some((m: { caseId?: string; event: string }) => m.caseId === a.id && m.event === 'dispatch')).toBe(true);
    const lift = await t.token(T, ['team-member'], 'lift-01', { team: ['elevator'] });
    await act(a.id, lift, 'complete', { note: '已修复 fixed' });
    expect((await act(a.id, tokens.resident!, 'confirm', { rating: 5 })).status).toBe(403);
    // A closed case takes no more duplicates.
    await act(a.id, tokens.desk!, 'close', { note: '回访 follow-up' });
    const late = (await file('repair', '1-2-301', { category: 'elevator', description: '电梯 lift' })).body;
    const refused = await act(late.id, tokens.desk!, 'merge', { into: a.id });
    expect([refused.status, refused.body.type]).toEqual([422, '/problems/transition-refused']);
  });

  it('splits a mixed report into a second request for the same resident and household', async () => {
    const mixed = (await file('repair', '1-1-101', { category: 'plumbing', description: '水管漏水，楼道也很脏 a leak, and the stairs are filthy' })).body;
    const split = await act(mixed.id, tokens.desk!, 'split', { type: 'cleaning', input: { place: 'public-area', description: '楼道脏 dirty stairs' } });
    expect([split.status, split.body.state, split.body.data.splitInto]).toEqual([200, 'submitted', [expect.any(String)]]);
    const child = (await t.call('GET', `/v1/cases/${split.body.data.splitInto[0]}`, { token: tokens.desk! })).body;
    expect(child).toMatchObject({ type: 'cleaning', requester: mixed.requester, data: { household: '1-1-101', splitFrom: mixed.id } });
    const bad = await act(mixed.id, tokens.desk!, 'split', { type: 'cleaning', input: { place: 'moon' } });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'input.place']);
  });
});
