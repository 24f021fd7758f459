/**
 * The desk's door: a request taken by phone or at the desk for a named
 * household is the resident's — they are notified, confirm, rate and are
 * billed — while the agent is recorded as its taker; a resident files for
 * their own household. Requests for no household, nobody, or someone else's
 * household are refused, naming the field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
let desk: string;
let resident: string;
let tech: string;

const file = (token: string, body: unknown) => t.call('POST', '/v1/property/requests', { token, body, headers: { 'idempotency-key': idem() } });
const leak = { category: 'plumbing', description: '卫生间漏水 bathroom leak' };

beforeAll(async () => {
  t = await createTestPlatform();
  desk = await t.token(T, ['desk-agent'], 'desk-01');
  resident = await t.token(T, ['resident'], 'resident-0101');
  tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
}, 60_000);

describe('a request taken for a household', () => {
  it('is the resident’s, taken by the agent, on the channel it came by, at the household’s place', async () => {
    const res = await file(desk, { type: 'repair', input: leak, household: '1-1-101', channel: 'phone' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      requester: 'resident-0101',
      takenBy: 'desk-01',
      channel: 'phone',
      data: { household: '1-1-101', location: { building: '1', unit: '1', room: '101' } },
    });
    const mine = await t.call('GET', '/v1/cases', { token: resident });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
  });

  it('bills the household, not the agent, and lets only the resident confirm and rate', async () => {
    const filed = await file(desk, { type: 'repair', input: leak, household: '1-1-101', channel: 'walk-in' });
    const id = filed.body.id;
    const act = (token: string, action: string, input?: unknown) =>
      t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
    expect((await act(desk, 'dispatch', { team: 'maintenance' })).status).toBe(200);
    expect((await act(tech, 'complete', { note: '换了三通', charge: '35.00' })).status).toBe(200);
    expect((await act(desk, 'confirm', { rating: 5 })).status).toBe(403);
    expect((await act(resident, 'confirm', { rating: 4 })).status).toBe(200);
    const admin = await t.token(T, ['tenant-admin'], 'admin');
    const owed = await t.call('GET', '/v1/ledger/accounts/receivable:household:1-1-101', { token: admin });
    expect(owed.status).toBe(200);
    expect(Number(owed.body.net)).toBeGreaterThanOrEqual(35);
    expect((await t.call('GET', '/v1/ledger/accounts/receivable:resident:desk-01', { token: admin })).status).toBe(404);
  });

  it('reaches a resident who never signed in through a mailbox kept under their place', async () => {
    const h = await t.call('GET', '/v1/property/households/1-1-102', { token: desk });
    const owner = h.body.people.find((p: { role: string }) => p.role === 'owner');
    const res = await file(desk, { type: 'repair', input: leak, household: '1-1-102', person: owner.id, channel: 'phone' });
    expect(res.body.requester).toBe(`person:1-1-102:${owner.id}`);
    await t.deliverAll(T);
    const admin = await t.token(T, ['tenant-admin'], 'admin');
    const mail = await t.call('GET', `/v1/mailbox?recipient=${encodeURIComponent(res.body.requester)}`, { token: admin });
    expect(mail.body.items.map((m: { caseId: string }) => m.caseId)).toContain(res.body.id);
  });

  it('lets a resident file for their own household only', async () => {
    const own = await file(resident, { type: 'repair', input: leak });
    expect(own.body).toMatchObject({ requester: 'resident-0101', channel: 'app', data: { household: '1-1-101' } });
    expect(own.body.takenBy).toBeUndefined();
    expect((await file(resident, { type: 'repair', input: leak, household: '1-1-102' })).status).toBe(403);
    const stranger = await t.token(T, ['resident'], 'resident-9999');
    const none = await file(stranger, { type: 'repair', input: leak });
    expect([none.status, none.body.errors?.[0]?.field]).toEqual([400, 'household']);
  });

  it('refuses a household that is not on record, one nobody lives in, and a person who does not live there', async () => {
    const unknown = await file(desk, { type: 'repair', input: leak, household: '9-9-999' });
    expect([unknown.status, unknown.body.errors?.[0]?.field]).toEqual([400, 'household']);
    const households = (await t.call('GET', '/v1/property/households?limit=100', { token: desk })).body.items;
    const empty = households.find((h: { status: string }) => h.status === 'vacant');
    const vacant = await file(desk, { type: 'repair', input: leak, household: empty.id });
    expect([vacant.status, vacant.body.errors?.[0]?.field]).toEqual([400, 'household']);
    const stranger = await file(desk, { type: 'repair', input: leak, household: '1-1-101', person: 'nobody' });
    expect([stranger.status, stranger.body.errors?.[0]?.field]).toEqual([400, 'person']);
  });
});
