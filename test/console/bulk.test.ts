/**
 * Work that comes in batches, done once for many: the desk ticks a
 * morning's repairs in its queue and dispatches them to a team with one
 * input; each case is dispatched on its own (one refused does not stop the
 * others), each result is said, and the same batch sent again does nothing
 * twice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { textNodes, Visitor } from '../support/console.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
let resident: string;
let desk: Visitor;

beforeAll(async () => {
  t = await createTestPlatform();
  resident = await t.token(T, ['resident'], 'resident-0101');
  desk = new Visitor(t);
  await desk.signIn(T, 'desk-01');
}, 60_000);

const fileRepair = async (description: string) => {
  const res = await t.call('POST', '/v1/cases', {
    token: resident,
    body: { type: 'repair', input: { category: 'plumbing', description, location: { building: '3', unit: '2', room: '501' }, contactPhone: '13812345678' } },
    headers: { 'idempotency-key': idem() },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

/** A console form post with repeated fields (the ticked cases), as a browser sends it. */
const post = (path: string, fields: Array<[string, string]>) => {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return desk.request('POST', path, undefined, {}, body);
};

describe('dispatching a batch from the queue', () => {
  it('asks the team once, dispatches each ticked case, says each result, and does nothing twice', async () => {
    const ids = [await fileRepair('一号楼水管漏水'), await fileRepair('二号楼水龙头坏了'), await fileRepair('三号楼下水道堵塞')];
    const queue = await desk.get('/console/cases');
    expect(queue.status).toBe(200);
    for (const id of ids) expect(queue.html).toContain(`name="ids" value="${id}"`);
    expect(queue.html).toMatch(/<select id="bulk-action" name="action">[\s\S]*<option value="dispatch">派工<\/option>/);
    const csrf = Visitor.hidden(queue.html, '/console/cases/bulk')._csrf!;

    const step = await post('/console/cases/bulk', [['_csrf', csrf], ['action', 'dispatch'], ...ids.map((id): [string, string] => ['ids', id])]);
    expect(step.status).toBe(200);
    expect(textNodes(step.html).join(' ')).toContain('派工 · 3');
    expect(step.html).toContain('name="input.team"');
    const key = /name="_key" value="([^"]+)"/.exec(step.html)![1]!;

    const run = (team: string) =>
      post('/console/cases/bulk', [
        ['_csrf', csrf],
        ['_key', key],
        ['_run', '1'],
        ['action', 'dispatch'],
        ['input.team', team],
        ...ids.map((id): [string, string] => ['ids', id]),
      ]);
    const done = await run('maintenance');
    expect(done.status).toBe(200);
    const results = [...done.html.matchAll(/<li class="(ok|problem)">/g)].map((m) => m[1]);
    expect(results).toEqual(['ok', 'ok', 'ok']);
    const token = await t.token(T, ['desk-agent'], 'desk-01');
    for (const id of ids) {
      const c = await t.call('GET', `/v1/cases/${id}`, { token });
      expect(c.body).toMatchObject({ state: 'dispatched', team: 'maintenance' });
    }
    const tasks = async () =>
      (await Promise.all(ids.map(async (id) => (await t.call('GET', `/v1/cases/${id}`, { token })).body.tasks.length))).reduce((a, b) => a + b, 0);
    const before = await tasks();
    const history = async (id: string) => (await t.call('GET', `/v1/cases/${id}/history`, { token })).body.items.length;
    const events = await history(ids[0]!);

    // The same batch sent again (a double click, a retry) is answered from the first run: nothing dispatched twice.
    const again = await run('maintenance');
    expect([...again.html.matchAll(/<li class="(ok|problem)">/g)].map((m) => m[1])).toEqual(['ok', 'ok', 'ok']);
    expect(await tasks()).toBe(before);
    expect(await history(ids[0]!)).toBe(events);
  });

  it('goes on past a case that refuses, naming why', async () => {
    const ok = await fileRepair('四号楼灯不亮');
    const other = await fileRepair('五号楼门锁坏了');
    const token = await t.token(T, ['desk-agent'], 'desk-01');
    // One of the two is dispatched meanwhile by someone else to the team named: sending it there again is refused.
    expect((await t.call('POST', `/v1/cases/${other}/transitions`, { token, body: { action: 'dispatch', input: { team: 'maintenance' } } })).status).toBe(200);
    const queue = await desk.get('/console/cases');
    const csrf = Visitor.hidden(queue.html, '/console/cases/bulk')._csrf!;
    const done = await post('/console/cases/bulk', [
      ['_csrf', csrf],
      ['_run', '1'],
      ['action', 'dispatch'],
      ['input.team', 'maintenance'],
      ['ids', other],
      ['ids', ok],
    ]);
    const results = [...done.html.matchAll(/<li class="(ok|problem)">([\s\S]*?)<\/li>/g)].map((m) => [m[1], m[2]]);
    expect(results.map((r) => r[0])).toEqual(['problem', 'ok']);
    expect((await t.call('GET', `/v1/cases/${ok}`, { token })).body.state).toBe('dispatched');
  });
});
