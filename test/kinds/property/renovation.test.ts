/**
 * Service applications priced from the price list and billed to the
 * household; renovation applications from plan to permit to inspections,
 * the deposit held as a pending two-phase transfer and released in full or
 * partly kept — every yuan traced in the ledger, each hold resolved once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
const tokens: Record<string, string> = {};

const file = (type: string, input: unknown, household: string, token = tokens.desk!) =>
  t.call('POST', '/v1/property/requests', { token, body: { type, input, household, channel: 'walk-in' }, headers: { 'idempotency-key': idem() } });
const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
const account = async (id: string) => (await t.call('GET', `/v1/ledger/accounts/${encodeURIComponent(id)}`, { token: tokens.admin! })).body;
const plan = {
  description: '厨房卫生间翻新 kitchen and bathroom refit',
  contractor: { name: '好家装饰 Good Home Decor' },
  startOn: '2026-12-01',
  endOn: '2027-01-31',
  documents: [{ title: '平面图 floor plan', ref: 'DOC-2026-118' }],
};

beforeAll(async () => {
  t = await createTestPlatform();
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.manager = await t.token(T, ['manager'], 'manager-01');
  tokens.resident = await t.token(T, ['resident'], 'resident-0101');
  tokens.admin = await t.token(T, ['tenant-admin'], 'admin');
}, 60_000);

describe('a service application', () => {
  it('is priced from the price list when accepted, billed to the household, provided and confirmed', async () => {
    const before = (await t.call('GET', '/v1/property/households/1-1-101/statement', { token: tokens.desk! })).body;
    const c = await t.call('POST', '/v1/property/requests', {
      token: tokens.resident,
      body: { type: 'service', input: { service: 'access-card', quantity: 2, detail: '补办两张门禁卡 two replacement cards' } },
      headers: { 'idempotency-key': idem() },
    });
    expect([c.status, c.body.data.household]).toEqual([201, '1-1-101']);
    const accepted = await act(c.body.id, tokens.desk!, 'accept', {});
    expect(accepted.body.data.price).toEqual({ name: '门禁卡 access card', unit: 'each', unitPrice: '20.00', total: '40.00' });
    const after = (await t.call('GET', '/v1/property/households/1-1-101/statement', { token: tokens.desk! })).body;
    expect(Number(after.due) - Number(before.due)).toBe(40);
    expect(after.ledgerBalance).toBe(after.due);
    expect(after.bills.find((b: { source?: string }) => b.source === `service:${c.body.id}`)).toMatchObject({ total: '40.00' });
    expect((await account('income:services:access-card')).net).toBe('40.00');
    await act(c.body.id, tokens.desk!, 'deliver', { note: '卡号 No. 0231, 0232' });
    expect((await act(c.body.id, tokens.resident!, 'confirm', { rating: 5 })).body.state).toBe('closed');
  });

  it('cannot be accepted for a service the list does not offer; a free one bills nothing', async () => {
    const odd = await file('service', { service: 'helicopter', detail: '屋顶停机 rooftop landing' }, '1-1-102');
    const refused = await act(odd.body.id, tokens.desk!, 'accept', {});
    expect([refused.status, refused.body.detail]).toEqual([422, 'the service price list offers no helicopter']);
    const moving = await file('service', { service: 'moving', detail: '12月5日搬入 moving in on 5 Dec' }, '1-1-102');
    const before = (await t.call('GET', '/v1/property/households/1-1-102/statement', { token: tokens.desk! })).body.due;
    expect((await act(moving.body.id, tokens.desk!, 'accept', {})).body.data.price.total).toBe('0.00');
    expect((await t.call('GET', '/v1/property/households/1-1-102/statement', { token: tokens.desk! })).body.due).toBe(before);
  });
});

describe('a renovation application', () => {
  it('refuses a plan without documents or ending before it starts, naming the field', async () => {
    const none = await file('renovation', { ...plan, documents: [] }, '1-1-101');
    expect([none.status, none.body.errors[0].field]).toEqual([400, 'input.documents']);
    const backwards = await file('renovation', { ...plan, endOn: '2026-11-01' }, '1-1-101');
    expect([backwards.status, backwards.body.errors[0].field]).toEqual([400, 'input.endOn']);
  });

  it('holds the deposit as a pending transfer, keeps part for damage and returns the rest — once', async () => {
    const c = await file('renovation', plan, '1-1-101');
    expect([c.status, c.body.queue]).toEqual([201, 'manager']);
    const id = c.body.id;
    expect((await act(id, tokens.desk!, 'approve', {})).status).toBe(403); // the manager approves
    expect((await act(id, tokens.manager!, 'approve', { conditions: '不得改动承重墙 no load-bearing walls' })).body.state).toBe('approved');
    const permitted = await act(id, tokens.desk!, 'take-deposit', { method: 'wechat' });
    expect(permitted.body.data.permit).toEqual({ number: `ZX-2026-${id.slice(-8)}`, validFrom: '2026-12-01', validTo: '2027-01-31' });
    expect(permitted.body.data.deposit).toMatchObject({ amount: '2000.00', status: 'held' });
    // The cash came in and is owed back; the whole of it is held against damage, pending.
    const held = await account('payable:deposits:1-1-101');
    expect([held.net, held.state.debitsPending]).toEqual(['2000.00', '2000.00']);

    await act(id, tokens.desk!, 'mid-inspection', { passed: true, findings: '水电改造合规 wiring and plumbing fine' });
    const final = await act(id, tokens.manager!, 'final-inspection', { passed: false, findings: '楼道墙面损坏 hallway wall damaged' });
    expect(final.body.data.inspections.map((x: { stage: string }) => x.stage)).toEqual(['mid', 'final']);
    const tooMuch = await act(id, tokens.manager!, 'keep-deposit', { amount: '2000.01', reason: '墙面修复 wall repair' });
    expect([tooMuch.status, tooMuch.body.detail]).toEqual([422, 'at most the deposit held, 2000.00']);
    const kept = await act(id, tokens.manager!, 'keep-deposit', { amount: '300.00', reason: '墙面修复 wall repair' });
    expect(kept.body.data.deposit).toMatchObject({ status: 'partly-kept', kept: '300.00', refunded: '1700.00' });

    const settled = await account('payable:deposits:1-1-101');
    expect([settled.net, settled.state.debitsPending]).toEqual(['0.00', '0.00']);
    expect((await account('income:renovation-damage')).net).toBe('300.00');
    const hold = await t.platform.ledger.getEntry(T, `renovation:${id}:hold`);
    expect(hold?.status).toBe('posted-from-pending');

    // Released twice: the case has moved on, and the ledger would refuse the hold again besides.
    const again = await act(id, tokens.manager!, 'release-deposit', {});
    expect([again.status, again.body.type]).toEqual([409, '/problems/invalid-transition']);
    await expect(
      t.platform.ledger.plan(T, [{ kind: 'void-pending', id: `renovation:${id}:again`, pendingId: `renovation:${id}:hold` }], {
        now: new Date(),
        timeZone: 'Asia/Shanghai',
        origin: 'system',
      }),
    ).rejects.toMatchObject({ slug: 'pending-already-resolved' });
  });

  it('releases the whole deposit after a clean final inspection, keeping nothing', async () => {
    const damageBefore = (await account('income:renovation-damage')).net;
    const c = await file('renovation', plan, '1-1-102');
    await act(c.body.id, tokens.manager!, 'approve', {});
    await act(c.body.id, tokens.desk!, 'take-deposit', { method: 'cash' });
    await act(c.body.id, tokens.desk!, 'final-inspection', { passed: true, findings: '无损坏 no damage' });
    const released = await act(c.body.id, tokens.manager!, 'release-deposit', {});
    expect(released.body.data.deposit).toMatchObject({ status: 'released', refunded: '2000.00' });
    expect((await t.platform.ledger.getEntry(T, `renovation:${c.body.id}:hold`))?.status).toBe('voided');
    const payable = await account('payable:deposits:1-1-102');
    expect([payable.net, payable.state.debitsPending]).toEqual(['0.00', '0.00']);
    expect((await account('income:renovation-damage')).net).toBe(damageBefore);
  });

  it('may be withdrawn before the permit, and not after', async () => {
    const c = await file('renovation', plan, '1-2-201');
    await act(c.body.id, tokens.manager!, 'approve', {});
    expect((await act(c.body.id, tokens.desk!, 'withdraw', {})).body.state).toBe('withdrawn');
    const d = await file('renovation', plan, '1-2-301');
    expect(d.status).toBe(201);
    await act(d.body.id, tokens.manager!, 'approve', {});
    await act(d.body.id, tokens.desk!, 'take-deposit', { method: 'card' });
    expect((await act(d.body.id, tokens.desk!, 'withdraw', {})).status).toBe(409);
  });
});
