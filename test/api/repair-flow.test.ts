/**
 * The property office's repair request through the HTTP API: submit → desk
 * owns it → dispatched → work done → resident confirms and rates → closed,
 * with the SLA set at intake, every step in the history, a notification to
 * the resident at each step, and the charge posted to the journal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
let resident: string;
let desk: string;
let tech: string;
let otherTech: string;

const repair = {
  type: 'repair',
  input: {
    category: 'plumbing',
    description: '厨房水管漏水 kitchen pipe leaking',
    location: { building: '3', unit: '2', room: '501' },
    contactPhone: '13812345678',
  },
};

async function drainOutbox() {
  // The local poller's job, done synchronously here so assertions are deterministic.
  await t.deliverAll(T);
}

beforeAll(async () => {
  t = await createTestPlatform();
  resident = await t.token(T, ['resident'], 'resident-0101');
  desk = await t.token(T, ['desk-agent'], 'desk-01');
  tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
  otherTech = await t.token(T, ['team-member'], 'tech-09', { team: ['elevator'] });
});

describe('repair request, end to end', () => {
  let id: string;

  it('is submitted by a resident, owned by the desk, with an SLA due time and sealed phone', async () => {
    const res = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(res.headers.get('location')).toBe(`/v1/cases/${id}`);
    expect(res.body).toMatchObject({ type: 'repair', state: 'submitted', queue: 'desk', priority: 'normal', version: 1, requester: 'resident-0101' });
    expect(res.body.data.suggestedTeam).toBe('maintenance');
    expect(res.body.data.contactPhone).toBe('138****5678');
    expect(res.body.sealedFields).toEqual(['contactPhone']);
    expect(new Date(res.body.slaDueAt).getTime()).toBeGreaterThan(Date.now());
    expect(res.body.actions).toEqual(expect.arrayContaining(['withdraw']));
    expect(res.body.actions).not.toContain('dispatch');
  });

  it('appears in the desk queue, and the desk sees the actions it may take', async () => {
    const list = await t.call('GET', '/v1/cases?queue=desk', { token: desk });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const got = await t.call('GET', `/v1/cases/${id}`, { token: desk });
    expect(got.body.actions).toEqual(expect.arrayContaining(['dispatch', 'cancel']));
    expect(got.headers.get('etag')).toBe('"1"');
  });

  it('is dispatched by the desk to a team, creating a task', async () => {
    const res = await t.call('POST', `/v1/cases/${id}/transitions`, {
      token: desk,
      body: { action: 'dispatch', input: { team: 'maintenance' }, expectedVersion: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'dispatched', team: 'maintenance', version: 2 });
    expect(res.body.tasks).toEqual([expect.objectContaining({ team: 'maintenance', status: 'open' })]);
  });

  it('is listed for the team, and another team can neither see nor work it', async () => {
    t.platform.store.resetMetrics();
    const mine = await t.call('GET', '/v1/cases?team=maintenance', { token: tech });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(id);
    // The page's cases come in one batched read, however many rows the page has.
    expect(mine.body.items.length).toBeGreaterThan(1);
    expect(t.platform.store.metrics.calls.BatchGetItem).toBe(1);
    expect(t.platform.store.metrics.calls.GetItem ?? 0).toBe(0);
    expect((await t.call('GET', `/v1/cases/${id}`, { token: otherTech })).status).toBe(404);
    expect((await t.call('GET', '/v1/cases?team=maintenance', { token: otherTech })).status).toBe(403);
  });

  it('is worked and completed by the team with a charge', async () => {
    const started = await t.call('POST', `/v1/cases/${id}/transitions`, { token: tech, body: { action: 'start' } });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: 'in_progress', assignee: 'tech-01' });
    const done = await t.call('POST', `/v1/cases/${id}/transitions`, {
      token: tech,
      body: { action: 'complete', input: { note: '更换三通 replaced a tee', charge: '35.50' } },
    });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('done');
    expect(done.body.tasks[0]).toMatchObject({ status: 'done', doneBy: 'tech-01' });
  });

  it('refuses a confirmation from anyone but the resident who asked', async () => {
    const neighbour = await t.token(T, ['resident'], 'resident-0202');
    expect((await t.call('POST', `/v1/cases/${id}/transitions`, { token: neighbour, body: { action: 'confirm', input: { rating: 1 } } })).status).toBe(404);
    expect((await t.call('POST', `/v1/cases/${id}/transitions`, { token: desk, body: { action: 'confirm', input: { rating: 5 } } })).status).toBe(403);
  });

  it('is confirmed and rated by the resident, closing it and posting the charge', async () => {
    const res = await t.call('POST', `/v1/cases/${id}/transitions`, { token: resident, body: { action: 'confirm', input: { rating: 5, note: '很及时' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'closed', actions: [] });
    const entry = await t.platform.ledger.getEntry(T, `repair:${id}:charge`);
    expect(entry?.legs.map(({ account, side, amount }) => ({ account, side, amount }))).toEqual([
      { account: 'receivable:resident:resident-0101', side: 'debit', amount: '35.50' },
      { account: 'income:repairs', side: 'credit', amount: '35.50' },
    ]);
    // The accounts opened on first use and carry the charge.
    expect((await t.platform.ledger.balance(T, 'receivable:resident:resident-0101')).net).toBe('35.50');
    expect((await t.platform.ledger.balance(T, 'income:repairs')).net).toBe('35.50');
  });

  it('keeps the whole history: who, when, from, to, why', async () => {
    const res = await t.call('GET', `/v1/cases/${id}/history`, { token: resident });
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string; from: string | null; to: string; actor: string }) => [e.action, e.from, e.to, e.actor])).toEqual([
      ['created', null, 'submitted', 'resident-0101'],
      ['dispatch', 'submitted', 'dispatched', 'desk-01'],
      ['start', 'dispatched', 'in_progress', 'tech-01'],
      ['complete', 'in_progress', 'done', 'tech-01'],
      ['confirm', 'done', 'closed', 'resident-0101'],
    ]);
    expect(res.body.items[3].note).toBe('更换三通 replaced a tee');
    expect(res.body.items[4].transfers).toEqual([`repair:${id}:charge`]);
  });

  it('notified the resident at each step, through the dev mailbox', async () => {
    await drainOutbox();
    const res = await t.call('GET', '/v1/mailbox', { token: resident });
    expect(res.status).toBe(200);
    const events = res.body.items.filter((m: { caseId: string }) => m.caseId === id).map((m: { event: string }) => m.event);
    expect(events.sort()).toEqual(['complete', 'created', 'dispatch', 'start'].sort());
    const teamMail = await t.call('GET', '/v1/mailbox?recipient=team:maintenance', { token: tech });
    expect(teamMail.body.items.map((m: { event: string }) => m.event)).toEqual(expect.arrayContaining(['dispatch', 'confirm']));
  });

  it('reveals the sealed phone only to an allowed role, and records who read it', async () => {
    expect((await t.call('POST', `/v1/cases/${id}/reveal`, { token: resident, body: { reason: 'curious' } })).status).toBe(403);
    const res = await t.call('POST', `/v1/cases/${id}/reveal`, { token: desk, body: { reason: '回访 follow-up call' } });
    expect(res.status).toBe(200);
    expect(res.body.fields).toEqual({ contactPhone: '13812345678' });
    const admin = await t.token(T, ['tenant-admin'], 'admin');
    const log = await t.call('GET', `/v1/cases/${id}/access-log`, { token: admin });
    expect(log.body.items).toEqual([expect.objectContaining({ actor: 'desk-01', action: 'reveal', fields: ['contactPhone'], reason: '回访 follow-up call' })]);
    // The desk can see the case and reveal its data, but who read it is for admins and auditors.
    expect((await t.call('GET', `/v1/cases/${id}`, { token: desk })).status).toBe(200);
    const asDesk = await t.call('GET', `/v1/cases/${id}/access-log`, { token: desk });
    expect([asDesk.status, JSON.stringify(asDesk.body)]).toEqual([403, expect.not.stringContaining('回访')]);
  });

  it('refuses actions that are not possible from the current state', async () => {
    const res = await t.call('POST', `/v1/cases/${id}/transitions`, { token: desk, body: { action: 'dispatch', input: { team: 'maintenance' } } });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('/problems/invalid-transition');
  });
});

describe('intake and transition idempotency and concurrency', () => {
  it('replays the first response for a retried intake and creates one case', async () => {
    const key = idem();
    const first = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': key } });
    const again = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The document says what a retry gets: the first answer's status, not another.
    const doc = (await (await t.app.request('http://x/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: object }>> };
    for (const path of ['/v1/cases', '/v1/property/requests']) expect(Object.keys(doc.paths[path]!.post!.responses)).not.toContain('200');
    expect(Object.keys(doc.paths['/v1/cases']!.post!.responses)).toContain('201');
    const mine = await t.call('GET', '/v1/cases?mine=true&limit=100', { token: resident });
    expect(mine.body.items.filter((c: { id: string }) => c.id === first.body.id)).toHaveLength(1);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    const key = idem();
    await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': key } });
    const before = await t.call('GET', '/v1/cases?mine=true&limit=100', { token: resident });
    const res = await t.call('POST', '/v1/cases', {
      token: resident,
      body: { ...repair, input: { ...repair.input, description: 'something else entirely' } },
      headers: { 'idempotency-key': key },
    });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/problems/idempotency-key-reused');
    const after = await t.call('GET', '/v1/cases?mine=true&limit=100', { token: resident });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('creates exactly one case when the same request races itself', async () => {
    const key = idem();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': key } })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('requires an Idempotency-Key on intake', async () => {
    const res = await t.call('POST', '/v1/cases', { token: resident, body: repair });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
  });

  it('answers 409 on a stale version and lets exactly one of two racing dispatches win', async () => {
    const created = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    const id = created.body.id;
    const stale = await t.call('POST', `/v1/cases/${id}/transitions`, {
      token: desk,
      body: { action: 'dispatch', input: { team: 'maintenance' } },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
    const race = await Promise.all(
      ['maintenance', 'electrical'].map((team) =>
        t.call('POST', `/v1/cases/${id}/transitions`, { token: desk, body: { action: 'dispatch', input: { team }, expectedVersion: 1 } }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const history = await t.call('GET', `/v1/cases/${id}/history`, { token: desk });
    expect(history.body.items.filter((e: { action: string }) => e.action === 'dispatch')).toHaveLength(1);
  });

  it('replays a retried transition with the same Idempotency-Key instead of failing it', async () => {
    const created = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    const key = idem();
    const body = { action: 'dispatch', input: { team: 'maintenance' } };
    const first = await t.call('POST', `/v1/cases/${created.body.id}/transitions`, { token: desk, body, headers: { 'idempotency-key': key } });
    const retry = await t.call('POST', `/v1/cases/${created.body.id}/transitions`, { token: desk, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.version).toBe(first.body.version);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('reopen and emergency routing', () => {
  it('sends a reopened repair back to the desk and keeps the count', async () => {
    const created = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    const id = created.body.id;
    for (const [token, body] of [
      [desk, { action: 'dispatch', input: { team: 'maintenance' } }],
      [tech, { action: 'complete', input: { note: 'tightened' } }],
      [resident, { action: 'reopen', input: { note: '还在漏 still leaking' } }],
    ] as const) {
      expect((await t.call('POST', `/v1/cases/${id}/transitions`, { token, body })).status).toBe(200);
    }
    const got = await t.call('GET', `/v1/cases/${id}`, { token: desk });
    expect(got.body).toMatchObject({ state: 'submitted', data: expect.objectContaining({ reopenCount: 1 }) });
    expect(got.body.team).toBeUndefined();
  });

  it('gives an emergency a two-hour wall-clock SLA', async () => {
    const before = Date.now();
    const res = await t.call('POST', '/v1/cases', {
      token: resident,
      body: { ...repair, input: { ...repair.input, urgency: 'emergency' } },
      headers: { 'idempotency-key': idem() },
    });
    const due = new Date(res.body.slaDueAt).getTime();
    expect(due - before).toBeGreaterThanOrEqual(120 * 60_000 - 1000);
    expect(due - before).toBeLessThanOrEqual(120 * 60_000 + 5000);
  });
});

describe('a resident’s own list', () => {
  const caseKey = (id: string) => ({ pk: `T#${T}#CASE#${id}`, sk: 'CASE' });
  const firstEvent = (id: string) => ({ pk: `T#${T}#CASE#${id}`, sk: 'EVT#000001' });
  const mineIds = async () => (await t.call('GET', '/v1/cases?mine=true&limit=100', { token: resident })).body.items.map((c: { id: string }) => c.id);

  it('is indexed on the case’s first event, so a change of the case writes no index entry', async () => {
    const id = (await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } })).body.id;
    expect((await t.call('POST', `/v1/cases/${id}/transitions`, { token: desk, body: { action: 'dispatch', input: { team: 'maintenance' } } })).status).toBe(
      200,
    );
    expect((await t.platform.store.get(caseKey(id)))?.gsi2pk).toBeUndefined();
    expect((await t.platform.store.get(firstEvent(id)))?.gsi2pk).toBe(`T#${T}#REQUESTER#resident-0101`);
    const listed = await t.call('GET', '/v1/cases?mine=true&limit=100', { token: resident });
    expect(listed.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({ state: 'dispatched', team: 'maintenance' });
  });

  it('still shows a case filed when its own record was the entry, and moves the entry at its next change', async () => {
    const id = (await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } })).body.id;
    // As such a case was stored: the entry on the case record, none on its first event.
    const entry = await t.platform.store.get(firstEvent(id));
    await t.platform.store.update({
      kind: 'update',
      key: caseKey(id),
      update: 'SET gsi2pk = :pk, gsi2sk = :sk',
      values: { ':pk': entry!.gsi2pk, ':sk': entry!.gsi2sk },
    });
    await t.platform.store.update({ kind: 'update', key: firstEvent(id), update: 'REMOVE gsi2pk, gsi2sk' });
    expect((await mineIds()).filter((x: string) => x === id)).toHaveLength(1);
    expect((await t.call('POST', `/v1/cases/${id}/transitions`, { token: desk, body: { action: 'dispatch', input: { team: 'maintenance' } } })).status).toBe(
      200,
    );
    expect((await t.platform.store.get(caseKey(id)))?.gsi2pk).toBeUndefined();
    expect((await t.platform.store.get(firstEvent(id)))?.gsi2sk).toBe(entry!.gsi2sk);
    expect((await mineIds()).filter((x: string) => x === id)).toHaveLength(1);
  });
});
