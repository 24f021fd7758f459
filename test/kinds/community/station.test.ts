/**
 * The station over time, on a controlled clock through the API and the
 * nightly run: a check grown older than the interval becomes a visit on
 * its area's work list (once, however often the run goes), gone when the
 * collector checks again; a permit's renewal reminded once and its expiry;
 * a person who left purged after the retention period — the figures they
 * counted in unchanged — and a month's work per collector.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshId, idBornIn, person, type Station, station, T } from './support.ts';

let s: Station;
let tokens: Record<string, string>;
let now = new Date('2026-03-02T02:00:00Z');
const run = async () => {
  const date = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const res = await s.t.settle(tokens.admin!, date);
  expect(res.status).toBe(202);
  return Object.fromEntries(Object.entries(res.body.steps as Record<string, { counts: Record<string, number> }>).map(([name, step]) => [name, step.counts]));
};
const visits = async (area: string, token = tokens.collector!) => s.t.call('GET', `/v1/community/areas/${area}/visits`, { token });
const QINGHAI = '青海';
const figures = async () =>
  (await s.t.call('GET', '/v1/community/statistics', { token: tokens.station! })).body.items.find((f: { area: string }) => f.area === 'west');

beforeAll(async () => {
  s = await station({ clock: () => now });
  tokens = s.tokens;
  tokens.west = await s.t.token(T, ['collector'], 'collector-07', { area: ['west'] });
  expect(
    (await s.t.call('PUT', '/v1/community/settings', { token: tokens.admin!, body: { reverifyMonths: 6, retentionMonths: 24, renewalNoticeDays: 30 } })).status,
  ).toBe(200);
}, 60_000);

describe('re-verification', () => {
  it('puts a person checked longer ago than the interval on their area’s work list once, and takes them off when checked again', async () => {
    const c = (await s.register(person(freshId(), { area: 'west' }), tokens.west)).body;
    await s.complete(c.id);
    now = new Date('2026-08-30T02:00:00Z'); // under six months
    expect((await run())['community-visits']).toEqual({ visits: 0 });
    now = new Date('2026-09-03T02:00:00Z');
    expect((await run())['community-visits']?.visits).toBeGreaterThanOrEqual(1); // the demo's people too
    now = new Date('2026-09-04T02:00:00Z');
    expect((await run())['community-visits']).toEqual({ visits: 0 });
    const list = await visits('west', tokens.west);
    expect([list.status, list.body.items.map((x: { caseId: string }) => x.caseId)]).toEqual([200, [c.id]]);
    expect(list.body.items[0].address).not.toContain('3 号院');
    expect((await visits('west', tokens.collector)).status).toBe(404); // another area's collector
    expect((await figures()).visits).toEqual({ due: 1, overdue: 0 });
    now = new Date('2026-09-24T02:00:00Z'); // past the ten working days the collector has
    expect((await figures()).visits).toEqual({ due: 1, overdue: 1 });
    const checked = await s.act(c.id, tokens.west!, 'reverify', { document: 'id-card' });
    expect([checked.status, checked.body.state, checked.body.data.verification.by]).toEqual([200, 'registered', 'collector-07']);
    expect((await visits('west', tokens.west)).body.items).toEqual([]);
    expect((await figures()).visits).toEqual({ due: 0, overdue: 0 });
    const work = await s.t.call('GET', '/v1/community/work/2026-09', { token: tokens.station! });
    expect(work.body.items).toContainEqual({ who: 'collector-07', registered: 0, reverified: 1, deregistered: 0 });
  });
});

describe('permits over time', () => {
  it('reminds the station of a renewal once, within the notice, and expires the permit after its last day', async () => {
    now = new Date('2026-10-01T02:00:00Z');
    const c = (await s.register(person(freshId(), { area: 'west' }), tokens.west)).body;
    const permit = (await s.file('residence-permit', { person: c.id }, tokens.station!)).body;
    await s.act(permit.id, tokens.police!, 'issue', { validFrom: '2025-11-20', years: 1 }); // valid through 2026-11-19
    const state = async () => (await s.t.call('GET', `/v1/cases/${permit.id}`, { token: tokens.station! })).body;
    // Reminded once: one reminder step in the permit's history (its message goes out with it, to the station's mailbox).
    const reminders = async () =>
      (await s.t.call('GET', `/v1/cases/${permit.id}/history`, { token: tokens.station! })).body.items.filter(
        (e: { action: string }) => e.action === 'remind-renewal',
      ).length;
    await run();
    expect([(await state()).data.reminded, await reminders()]).toEqual([undefined, 0]); // 49 days before: not yet
    now = new Date('2026-10-21T02:00:00Z');
    expect((await run())['community-permits']?.reminded).toBeGreaterThanOrEqual(1);
    expect([(await state()).data.reminded, await reminders()]).toEqual([true, 1]);
    now = new Date('2026-10-22T02:00:00Z');
    await run();
    expect(await reminders()).toBe(1);
    now = new Date('2026-11-19T02:00:00Z');
    await run();
    expect((await state()).state).toBe('issued'); // its last day
    now = new Date('2026-11-20T02:00:00Z');
    expect((await run())['community-permits']?.expired).toBeGreaterThanOrEqual(1);
    expect((await state()).state).toBe('expired');
  });
});

describe('retention', () => {
  it('purges the personal data of a person deregistered longer ago than the retention period, and the figures stay', async () => {
    now = new Date('2026-12-01T02:00:00Z');
    const c = (await s.register(person(freshId(), { area: 'west', name: '冶秀英' }), tokens.west)).body;
    await s.act(c.id, tokens.west!, 'deregister', { reason: 'moved-away', leftOn: '2026-11-30' });
    const before = await figures();
    now = new Date('2028-11-30T02:00:00Z');
    expect((await run())['community-retention']).toEqual({ purged: 0 });
    now = new Date('2028-12-02T02:00:00Z');
    expect((await run())['community-retention']).toEqual({ purged: 1 });
    now = new Date('2028-12-03T02:00:00Z');
    expect((await run())['community-retention']).toEqual({ purged: 0 });
    const purged = (await s.t.call('GET', `/v1/cases/${c.id}`, { token: tokens.station! })).body;
    expect(purged.data).toMatchObject({ name: '（已清除）', origin: { province: '甘肃' }, birthDate: '1990-01-01' });
    expect(purged.data).not.toHaveProperty('idNumber');
    expect(purged.data).not.toHaveProperty('address');
    expect(purged.sealedFields).toEqual([]);
    const history = (await s.t.call('GET', `/v1/cases/${c.id}/history`, { token: tokens.station! })).body.items;
    expect(JSON.stringify(history)).not.toContain('冶秀英');
    expect((await s.t.call('POST', `/v1/cases/${c.id}/reveal`, { token: tokens.station!, body: { reason: '核对 check' } })).body.fields).toEqual({});
    const after = await figures();
    // Two years on, ages and visits due have moved; what the person counted in has not.
    const kept = ({ byAgeBand: _a, visits: _v, ...rest }: Record<string, unknown>) => rest;
    expect(kept(after)).toEqual(kept(before));
    expect(before.deregistered).toBeGreaterThanOrEqual(1);
  });
});

describe('figures', () => {
  it('counts residents per area by origin, age band, sex and housing, as JSON and CSV, naming no one', async () => {
    now = new Date('2027-01-10T02:00:00Z');
    const first = await figures();
    await s.register(person(idBornIn('2012'), { area: 'west', origin: { province: '青海', city: '海东', county: '化隆' } }), tokens.west);
    await s.register(person(idBornIn('1960'), { area: 'west', origin: { province: '青海', city: '海东', county: '乐都' } }), tokens.west);
    const next = await figures();
    expect(next.residents - first.residents).toBe(2);
    expect((next.byProvince[QINGHAI] ?? 0) - (first.byProvince[QINGHAI] ?? 0)).toBe(2);
    expect([next.byAgeBand['0-17'] - first.byAgeBand['0-17'], next.byAgeBand['60+'] - first.byAgeBand['60+']]).toEqual([1, 1]);
    const csv = await s.t.call('GET', '/v1/community/statistics?format=csv', { token: tokens.auditor! });
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(csv.body).toContain(`west,province,青海,${next.byProvince[QINGHAI]}`);
    expect(csv.body).not.toMatch(/马小军|冶秀英|630104/);
    expect((await s.t.call('GET', '/v1/community/statistics', { token: tokens.west! })).status).toBe(403);
  });
});
