/**
 * A floating resident registered once, through the API: the identity
 * number checked (the reason named), sealed and masked, the one document
 * check recorded; a task to each of the three departments, the
 * registration complete when all three are done, each department's work
 * not touching the check; the same number found, not registered twice,
 * even when two collectors race; a collector files only in their area.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../../shared/kinds/community/identity/identity-number.ts';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-community';
let t: TestPlatform;
const tokens: Record<string, string> = {};
let n = 100;
/** A valid identity number no one else has (Xining, born 1990). */
const freshId = () => {
  const first = `630104199003${String(10 + (n % 18)).padStart(2, '0')}${String(++n).padStart(3, '0')}`;
  return first + checkCharacter(first);
};
const person = (idNumber: string, extra: Record<string, unknown> = {}) => ({
  name: '马小军',
  idNumber,
  phone: '13897001234',
  origin: { province: '甘肃', city: '临夏', county: '东乡' },
  address: '北区 3 号院 2 室 North yard 3, room 2',
  area: 'north',
  arrivedOn: '2026-10-08',
  intendedStayMonths: 12,
  occupation: '餐馆厨师 cook',
  marital: 'married',
  document: 'id-card',
  ...extra,
});
const register = (input: unknown, token = tokens.collector!) =>
  t.call('POST', '/v1/cases', { token, body: { type: 'registration', input }, headers: { 'idempotency-key': idem() } });
const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });

beforeAll(async () => {
  t = await createTestPlatform();
  tokens.collector = await t.token(T, ['collector'], 'collector-01', { area: ['north'] });
  tokens.south = await t.token(T, ['collector'], 'collector-02', { area: ['south'] });
  tokens.police = await t.token(T, ['police'], 'police-01');
  tokens.planning = await t.token(T, ['family-planning'], 'planning-01');
  tokens.governance = await t.token(T, ['governance'], 'governance-01');
}, 60_000);

describe('registering a floating resident', () => {
  it('checks the number, seals it, records the one document check and gives each department a task', async () => {
    const bad = await register(person('630104199003150011'));
    expect([bad.status, bad.body.errors?.[0]?.field, bad.body.errors?.[0]?.message]).toEqual([400, 'input.idNumber', expect.stringContaining('check digit')]);
    const id = freshId();
    const res = await register(person(id));
    expect(res.status).toBe(201);
    expect(res.body.data.idNumber).not.toContain(id.slice(6, 14)); // masked: the date of birth is not shown
    expect(res.body.data).toMatchObject({ birthDate: `1990-03-${id.slice(12, 14)}`, verification: { document: 'id-card', by: 'collector-01' } });
    expect(res.body.tasks.map((x: { team: string }) => x.team).sort()).toEqual(['family-planning', 'governance', 'police']);
    expect(res.body.scope).toEqual({ area: 'north' });
  });

  it('is complete when all three departments are done, and none of them re-checks the document', async () => {
    const c = (await register(person(freshId()))).body;
    const first = await act(c.id, tokens.police!, 'department-done', { note: '已办理居住登记 residence registered' });
    expect([first.status, first.body.state]).toEqual([200, 'sharing']);
    expect((await act(c.id, tokens.police!, 'department-done', { note: 'again' })).status).toBe(422); // its task is done
    await act(c.id, tokens.planning!, 'department-done', { note: '婚育情况已核 childbearing status noted' });
    const last = await act(c.id, tokens.governance!, 'department-done', { note: '已纳入网格 added to the grid' });
    expect(last.body.state).toBe('registered');
    expect(Object.keys(last.body.data.departments).sort()).toEqual(['family-planning', 'governance', 'police']);
    expect(last.body.data.verification).toEqual(c.data.verification);
  });

  it('finds the same number instead of registering it twice, even when two collectors race', async () => {
    const id = freshId();
    const both = await Promise.all([register(person(id)), register(person(id, { name: '马小军 (again)' }))]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = both.find((r) => r.status === 409)!;
    const created = both.find((r) => r.status === 201)!;
    expect([refused.body.type, refused.body.caseId]).toEqual(['/problems/already-registered', created.body.id]);
    // Written with spaces around it, it is the same number.
    expect((await register(person(` ${id} `))).status).toBe(409);
  });

  it('is filed by a collector only in their own area', async () => {
    const res = await register(person(freshId()), tokens.south!);
    expect(res.status).toBe(403);
  });
});
