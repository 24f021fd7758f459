/**
 * Teams and fair assignment: round-robin hands out turns evenly, least-open
 * always picks someone holding the least open work, however the work comes
 * and goes (property tests on the rule); through the API, dispatches take
 * turns even when they race, open work follows the cases, a job is
 * reassigned only within its team, sent on to another team, and shared with
 * assisting teams whose sub-tasks must be done before it is.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickAssignee } from '../../../shared/pipeline/rosters.ts';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

describe('the assignment rule', () => {
  const members = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 8 });

  it('round-robin: after any number of picks, no member has two more than another', () => {
    fc.assert(
      fc.property(members, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 200 }), (m, turn, picks) => {
        const counts = new Map(m.map((x) => [x, 0]));
        let roster = { members: m, policy: 'round-robin' as const, turn };
        for (let i = 0; i < picks; i++) {
          const pick = pickAssignee(roster, {})!;
          counts.set(pick.assignee, counts.get(pick.assignee)! + 1);
          roster = { ...roster, turn: pick.turn };
        }
        const c = [...counts.values()];
        expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('least-open: every pick holds the least open work at that moment, whatever finishes in between', () => {
    fc.assert(
      fc.property(members, fc.array(fc.oneof(fc.constant('assign' as const), fc.nat({ max: 7 })), { maxLength: 60 }), (m, steps) => {
        const open: Record<string, number> = Object.fromEntries(m.map((x) => [x, 0]));
        let roster = { members: m, policy: 'least-open' as const, turn: 0 };
        for (const step of steps) {
          if (step === 'assign') {
            const pick = pickAssignee(roster, open)!;
            expect(open[pick.assignee]).toBe(Math.min(...Object.values(open)));
            open[pick.assignee]!++;
            roster = { ...roster, turn: pick.turn };
          } else {
            const who = m[step % m.length]!;
            if (open[who]! > 0) open[who]!--; // someone finished a job
          }
        }
        // Work that only ever arrives is spread evenly.
        if (steps.every((s) => s === 'assign')) expect(Math.max(...Object.values(open)) - Math.min(...Object.values(open))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('hands out nothing by hand or with nobody on the team', () => {
    expect(pickAssignee({ members: ['a'], policy: 'manual', turn: 0 }, {})).toBeUndefined();
    expect(pickAssignee({ members: [], policy: 'round-robin', turn: 0 }, {})).toBeUndefined();
  });
});

const T = 'demo-property';
let t: TestPlatform;
const tokens: Record<string, string> = {};

const file = async (description = '水龙头漏水 dripping tap') => {
  const c = await t.call('POST', '/v1/property/requests', {
    token: tokens.desk,
    body: { type: 'repair', household: '1-2-201', channel: 'phone', input: { category: 'plumbing', description } },
    headers: { 'idempotency-key': idem() },
  });
  expect(c.status).toBe(201);
  return c.body.id as string;
};
const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
const teams = async (token = tokens.desk!) => {
  const res = await t.call('GET', '/v1/property/teams', { token });
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.items.map((x: { team: string }) => [x.team, x])) as Record<
    string,
    { members: Array<{ id: string; open: number }>; policy: string; next?: string; version: number }
  >;
};
const openOf = async (team: string) => Object.fromEntries((await teams())[team]!.members.map((m) => [m.id, m.open]));

beforeAll(async () => {
  t = await createTestPlatform();
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.manager = await t.token(T, ['manager'], 'manager-01');
  tokens.lead = await t.token(T, ['team-lead'], 'lead-01', { team: ['maintenance'] });
  tokens.tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
  tokens.elec = await t.token(T, ['team-member'], 'elec-02', { team: ['electrical'] });
}, 60_000);

describe.sequential('teams at the property office', () => {
  it('lists every team with its members, their open work, and whose turn is next', async () => {
    const all = await teams();
    expect(Object.keys(all).sort()).toEqual(['cleaning', 'electrical', 'elevator', 'greening', 'maintenance', 'security']);
    expect(all.maintenance!.policy).toBe('round-robin');
    expect(all.maintenance!.members.map((m) => m.id)).toEqual(['tech-01', 'tech-02', 'tech-03']);
    expect(['tech-01', 'tech-02', 'tech-03']).toContain(all.maintenance!.next);
    // A team member sees their own team only.
    expect(Object.keys(await teams(tokens.tech))).toEqual(['maintenance']);
  });

  it('round-robin: dispatches take turns, also when they race, and open work follows', async () => {
    const before = await openOf('maintenance');
    const ids = await Promise.all([file(), file(), file()]);
    const dispatched = await Promise.all(ids.map((id) => act(id, tokens.desk!, 'dispatch', { team: 'maintenance' })));
    expect(dispatched.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(dispatched.map((d) => d.body.assignee).sort()).toEqual(['tech-01', 'tech-02', 'tech-03']);
    const after = await openOf('maintenance');
    for (const m of ['tech-01', 'tech-02', 'tech-03']) expect(after[m]).toBe((before[m] ?? 0) + 1);
    // Whoever starts the work takes it over; done and confirmed, it leaves the count.
    const mine = dispatched.find((d) => d.body.assignee === 'tech-02')!.body.id;
    expect((await act(mine, tokens.tech!, 'start')).body.assignee).toBe('tech-01');
    expect(await openOf('maintenance')).toMatchObject({ 'tech-01': after['tech-01']! + 1, 'tech-02': after['tech-02']! - 1 });
    await act(mine, tokens.tech!, 'complete', { note: '已修好 fixed' });
    await act(mine, tokens.desk!, 'close', { note: '回访满意 follow-up fine' });
    expect((await openOf('maintenance'))['tech-01']).toBe(after['tech-01']);
  });

  it('least-open: the next job goes to whoever holds the least', async () => {
    const a = await file('插座不通电 dead socket');
    const b = await file('灯不亮 light out');
    const first = (await act(a, tokens.desk!, 'dispatch', { team: 'electrical' })).body.assignee;
    const second = (await act(b, tokens.desk!, 'dispatch', { team: 'electrical' })).body.assignee;
    expect(new Set([first, second])).toEqual(new Set(['elec-01', 'elec-02']));
    // The first job is cancelled: its member now holds the least, and gets the next one although it is not their turn.
    await act(a, tokens.desk!, 'cancel', { note: '住户自行修好 fixed it themselves' });
    const c = await file('开关冒火花 sparking switch');
    expect((await act(c, tokens.desk!, 'dispatch', { team: 'electrical' })).body.assignee).toBe(first);
  });

  it('reassigns within the team only, and moves the open work with it', async () => {
    const id = await file();
    const d = await act(id, tokens.desk!, 'dispatch', { team: 'maintenance' });
    const other = ['tech-01', 'tech-02', 'tech-03'].find((m) => m !== d.body.assignee)!;
    const outsider = await act(id, tokens.lead!, 'reassign', { assignee: 'elec-01' });
    expect([outsider.status, outsider.body.type]).toEqual([422, '/problems/transition-refused']);
    expect(outsider.body.detail).toContain('not a member of team maintenance');
    const before = await openOf('maintenance');
    const moved = await act(id, tokens.lead!, 'reassign', { assignee: other });
    expect([moved.status, moved.body.assignee, moved.body.state]).toEqual([200, other, 'dispatched']);
    const after = await openOf('maintenance');
    expect([after[d.body.assignee]! - before[d.body.assignee]!, after[other]! - before[other]!]).toEqual([-1, 1]);
    expect((await act(id, tokens.tech!, 'reassign', { assignee: 'tech-03' })).status).toBe(403); // members do not hand out work
  });

  it('sends a job on to another team, withdrawing the first team’s task', async () => {
    const id = await file('其实是电路问题 an electrical fault after all');
    await act(id, tokens.desk!, 'dispatch', { team: 'maintenance' });
    const moved = await act(id, tokens.desk!, 'dispatch', { team: 'electrical' });
    expect(moved.body.team).toBe('electrical');
    expect(['elec-01', 'elec-02']).toContain(moved.body.assignee);
    expect(moved.body.tasks.map((x: { team: string; status: string }) => `${x.team}:${x.status}`)).toEqual(['maintenance:cancelled', 'electrical:open']);
    expect((await t.call('GET', `/v1/cases/${id}`, { token: tokens.tech! })).status).toBe(404); // no longer the maintenance team's
  });

  it('shares a job with assisting teams: it is done only when their sub-tasks are', async () => {
    const id = await file('更换热水器 replace the water heater');
    const d = await act(id, tokens.desk!, 'dispatch', { team: 'maintenance', assist: ['electrical'] });
    expect(d.body.tasks.map((x: { team: string }) => x.team)).toEqual(['maintenance', 'electrical']);
    const early = await act(id, tokens.tech!, 'complete', { note: '装好了 installed' });
    expect([early.status, early.body.detail]).toEqual([422, 'waiting for the assisting teams: electrical']);
    expect((await act(id, tokens.tech!, 'assist-done', { note: 'x' })).status).toBe(422); // maintenance leads; it has no assisting task
    expect((await act(id, tokens.elec!, 'assist-done', { note: '线路已接好 wired' })).body.tasks[1].status).toBe('done');
    expect((await act(id, tokens.tech!, 'complete', { note: '装好了 installed' })).body.state).toBe('done');
  });

  it('is set by the manager, or by a lead for their own team; a stale version is a 409; by hand leaves jobs unassigned', async () => {
    const current = (await teams()).maintenance!;
    const put = (token: string, team: string, body: unknown) => t.call('PUT', `/v1/property/teams/${team}`, { token, body });
    expect((await put(tokens.lead!, 'electrical', { members: ['elec-01'], policy: 'manual' })).status).toBe(404);
    expect((await put(tokens.tech!, 'maintenance', { members: ['tech-01'], policy: 'manual' })).status).toBe(403);
    expect((await put(tokens.manager!, 'plumbers', { members: ['x'], policy: 'manual' })).status).toBe(404);
    const bad = await put(tokens.manager!, 'maintenance', { members: ['tech 01'], policy: 'fastest' });
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field).sort()]).toEqual([400, ['members.0', 'policy']]);
    const stale = await put(tokens.lead!, 'maintenance', { members: ['tech-01', 'tech-02'], policy: 'manual', expectedVersion: current.version - 1 });
    expect(stale.status).toBe(409);
    const ok = await put(tokens.lead!, 'maintenance', { members: ['tech-01', 'tech-02', 'tech-03'], policy: 'manual', expectedVersion: current.version });
    expect(ok.body).toMatchObject({ policy: 'manual', version: current.version + 1 });
    const id = await file();
    expect((await act(id, tokens.desk!, 'dispatch', { team: 'maintenance' })).body.assignee).toBeUndefined();
  });
});
