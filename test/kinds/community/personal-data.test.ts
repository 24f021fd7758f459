/**
 * The community's personal data, through the API: each department sees the
 * shared core and its own section only (in the case and in its history);
 * clear values only through a reveal with a stated purpose, recorded under
 * the case, the user and the person before anything is returned; a new
 * address sealed like the first; a person deregistered is free to come back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshId, person, type Station, station } from './support.ts';

let s: Station;
let tokens: Record<string, string>;
let registered: { id: string };
const idNumber = freshId();

beforeAll(async () => {
  s = await station();
  tokens = s.tokens;
  registered = (await s.register(person(idNumber, { children: 2 }))).body;
  await s.act(registered.id, tokens.police!, 'police-record', { residenceRegistered: true, permitEligible: false, note: '居住登记 residence registered' });
  await s.act(registered.id, tokens.planning!, 'planning-record', { children: 2, certificate: 'not-held', note: '需补办婚育证明 certificate to apply for' });
  await s.act(registered.id, tokens.governance!, 'governance-record', { grid: 'north-2', risk: 'watch', disputes: '欠薪 wage arrears', note: '关注 watch' });
}, 60_000);

const read = async (token: string) => (await s.t.call('GET', `/v1/cases/${registered.id}`, { token })).body;
const history = async (token: string) => (await s.t.call('GET', `/v1/cases/${registered.id}/history`, { token })).body.items;

describe('department sections', () => {
  it('shows each department the shared core and its own section, and no one the person’s index', async () => {
    const seen: Record<string, Record<string, any>> = Object.fromEntries(
      await Promise.all(['police', 'planning', 'governance', 'station', 'collector', 'admin'].map(async (who) => [who, (await read(tokens[who]!)).data])),
    );
    const sections = (data: Record<string, unknown>) => ['family-planning', 'police', 'governance'].filter((k) => k in data);
    expect(Object.fromEntries(Object.entries(seen).map(([who, data]) => [who, sections(data)]))).toEqual({
      police: ['police'],
      planning: ['family-planning'],
      governance: ['governance'],
      station: [],
      collector: [],
      admin: [],
    });
    expect(seen.planning?.['family-planning']).toMatchObject({ children: 2, certificate: 'not-held', by: 'planning-01' });
    for (const data of Object.values(seen)) {
      expect(data).not.toHaveProperty('personIndex');
      expect(data.verification).toMatchObject({ document: 'id-card', by: 'collector-01' });
    }
  });

  it('keeps what a department entered out of the others’ view of the history', async () => {
    const asPolice = await history(tokens.police!);
    const entry = (items: Array<{ action: string }>, action: string) => items.find((e) => e.action === action) as Record<string, unknown>;
    expect(entry(asPolice, 'police-record').input).toMatchObject({ permitEligible: false });
    expect(entry(asPolice, 'governance-record')).not.toHaveProperty('input');
    expect(entry(asPolice, 'governance-record')).not.toHaveProperty('note');
    // The children counted at intake are family planning's: not in the intake entry the police see.
    expect(entry(asPolice, 'created').input).not.toHaveProperty('family-planning');
    expect((entry(await history(tokens.planning!), 'created').input as Record<string, unknown>)['family-planning']).toEqual({ children: 2 });
  });
});

describe('reveal with a stated purpose', () => {
  it('returns the clear values only after recording the read under the case, the user and the person', async () => {
    const masked = await read(tokens.collector!);
    expect(masked.data.idNumber).not.toBe(idNumber);
    const res = await s.t.call('POST', `/v1/cases/${registered.id}/reveal`, { token: tokens.collector!, body: { reason: '上门核查 home visit' } });
    expect([res.status, res.body.fields.idNumber, res.headers.get('cache-control')]).toEqual([200, idNumber, 'no-store']);
    const byUser = await s.t.call('GET', '/v1/access-log?user=collector-01', { token: tokens.auditor! });
    const bySubject = await s.t.call('GET', `/v1/access-log?subject=${registered.id}`, { token: tokens.auditor! });
    for (const log of [byUser, bySubject]) {
      expect(log.status).toBe(200);
      expect(log.body.items[0]).toMatchObject({ actor: 'collector-01', action: 'reveal', reason: '上门核查 home visit', caseId: registered.id });
    }
    expect((await s.t.call('GET', `/v1/cases/${registered.id}/access-log`, { token: tokens.admin! })).body.items).toHaveLength(1);
  });

  it('is not for admins or auditors, and the log is not for the collector', async () => {
    for (const who of ['admin', 'auditor']) {
      expect((await s.t.call('POST', `/v1/cases/${registered.id}/reveal`, { token: tokens[who]!, body: { reason: 'curious' } })).status).toBe(403);
    }
    expect((await s.t.call('GET', '/v1/access-log?user=collector-01', { token: tokens.collector! })).status).toBe(403);
    expect((await s.t.call('GET', '/v1/access-log', { token: tokens.auditor! })).status).toBe(400);
  });
});

describe('a registration over time', () => {
  it('seals a new address like the first, in the case and in its history, and moves the person to the new area', async () => {
    const c = (await s.register(person(freshId()))).body;
    const moved = await s.act(c.id, tokens.station!, 'change-address', { address: '南区 8 号院 South yard 8', area: 'south' });
    expect(moved.status).toBe(200);
    expect([moved.body.data.address, moved.body.scope.area]).toEqual([expect.not.stringContaining('8 号院'), 'south']);
    const revealed = await s.t.call('POST', `/v1/cases/${c.id}/reveal`, { token: tokens.station!, body: { reason: '核对住址 address check' } });
    expect(revealed.body.fields).toMatchObject({ address: '南区 8 号院 South yard 8', idNumber: expect.stringMatching(/^630104/) });
    const entry = (await s.t.call('GET', `/v1/cases/${c.id}/history`, { token: tokens.station! })).body.items.at(-1);
    expect(entry.input.address).not.toContain('8 号院');
    // The north collector no longer reaches the person; the south one does.
    expect((await s.t.call('GET', `/v1/cases/${c.id}`, { token: tokens.collector! })).status).toBe(404);
    expect((await s.t.call('GET', `/v1/cases/${c.id}`, { token: tokens.south! })).status).toBe(200);
  });

  it('deregisters a person who left, and registers them again when they come back', async () => {
    const id = freshId();
    const c = (await s.register(person(id))).body;
    const gone = await s.act(c.id, tokens.collector!, 'deregister', { reason: 'returned-home', leftOn: '2026-11-01' });
    expect([gone.status, gone.body.state, gone.body.tasks.every((x: { status: string }) => x.status === 'cancelled')]).toEqual([200, 'deregistered', true]);
    expect((await s.act(c.id, tokens.collector!, 'reverify', { document: 'id-card' })).status).toBe(409);
    const back = await s.register(person(id));
    expect([back.status, back.body.id === c.id]).toEqual([201, false]);
  });
});

describe('finding a person and their own data', () => {
  it('finds a registration by identity number through its blind index, for a collector only in their area', async () => {
    const lookup = (token: string, id = idNumber) => s.t.call('POST', '/v1/community/persons/lookup', { token, body: { idNumber: id } });
    const found = await lookup(tokens.collector!);
    expect([found.status, found.body.registration, found.body.area]).toEqual([200, registered.id, 'north']);
    expect((await lookup(tokens.station!)).body.registration).toBe(registered.id);
    expect((await lookup(tokens.south!)).status).toBe(404);
    expect((await lookup(tokens.station!, freshId())).status).toBe(404);
    expect((await lookup(tokens.station!, '123')).body.errors?.[0]?.field).toBe('idNumber');
  });

  it('gives the person their data on request — every section, in clear, with the cases filed for them — recorded as an export', async () => {
    const permit = (await s.file('residence-permit', { person: registered.id }, tokens.station!)).body;
    const listed = await s.t.call('GET', `/v1/community/persons/${registered.id}/cases`, { token: tokens.police! });
    expect(listed.body.items).toEqual([expect.objectContaining({ caseId: permit.id, type: 'residence-permit' })]);
    const res = await s.t.call('POST', `/v1/community/persons/${registered.id}/export`, {
      token: tokens.station!,
      body: { reason: '本人申请查阅 own request' },
    });
    expect(res.status).toBe(200);
    expect(res.body.registration.case.data).toMatchObject({
      idNumber,
      phone: '13897001234',
      police: { permitEligible: false },
      'family-planning': { certificate: 'not-held' },
      governance: { risk: 'watch' },
    });
    expect(res.body.registration.history.find((e: { action: string }) => e.action === 'governance-record').input).toMatchObject({
      disputes: '欠薪 wage arrears',
    });
    expect(res.body.cases.map((x: { case: { id: string } }) => x.case.id)).toEqual([permit.id]);
    const log = await s.t.call('GET', `/v1/access-log?subject=${registered.id}`, { token: tokens.auditor! });
    expect(
      log.body.items
        .filter((e: { action: string }) => e.action === 'export')
        .map((e: { caseId: string }) => e.caseId)
        .sort(),
    ).toEqual([permit.id, registered.id].sort());
    expect((await s.t.call('POST', `/v1/community/persons/${registered.id}/export`, { token: tokens.police!, body: { reason: 'curious' } })).status).toBe(403);
  });
});
