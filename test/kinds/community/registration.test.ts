/**
 * A floating resident registered once, through the API: the identity
 * number checked (the reason named), sealed and masked, the one document
 * check recorded; a task to each of the three departments, the
 * registration complete when all three are done, each department's work
 * not touching the check; the same number found, not registered twice,
 * even when two collectors race; a collector files only in their area.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshId, person, type Station, station } from './support.ts';

let s: Station;
let tokens: Record<string, string>;
const register = (input: unknown, token?: string) => s.register(input, token);
const act = (id: string, token: string, action: string, input?: unknown) => s.act(id, token, action, input);

beforeAll(async () => {
  s = await station();
  tokens = s.tokens;
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
    const first = await act(c.id, tokens.police!, 'police-record', {
      residenceRegistered: true,
      permitEligible: true,
      note: '已办理居住登记 residence registered',
    });
    expect([first.status, first.body.state]).toEqual([200, 'sharing']);
    expect((await act(c.id, tokens.police!, 'planning-record', { children: 0, certificate: 'verified', note: 'x' })).status).toBe(403); // not its section
    await act(c.id, tokens.planning!, 'planning-record', { children: 1, certificate: 'verified', note: '婚育情况已核 childbearing status noted' });
    const last = await act(c.id, tokens.governance!, 'governance-record', { grid: 'north-1', risk: 'none', note: '已纳入网格 added to the grid' });
    expect(last.body.state).toBe('registered');
    expect(last.body.tasks.map((x: { status: string }) => x.status)).toEqual(['done', 'done', 'done']);
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
