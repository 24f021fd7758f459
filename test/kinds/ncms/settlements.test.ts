/**
 * NCMS settlements on the store: caps hold across any sequence of
 * settlements and voids, a pre-settlement equals the final settlement for an
 * unchanged bill, and a generated month settled through the API balances
 * against its statements, report and ledger.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../../shared/kernel/money.ts';
import { ACCOUNTS } from '../../../shared/kinds/ncms/accounts.ts';
import { DEMO_HOSPITALS } from '../../../shared/kinds/ncms/demo.ts';
import type { NcmsServices, Office } from '../../../shared/kinds/ncms/office.ts';
import { usage as annualUsage, discharge, preSettle, voidSettlement } from '../../../shared/kinds/ncms/stays/settlement.ts';
import { addBillLines, admit, stayWithLines } from '../../../shared/kinds/ncms/stays/stays.ts';
import type { Actor } from '../../../shared/pipeline/contract.ts';
import { createTestPlatform, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-ncms';
let t: TestPlatform;
const office: Actor = { sub: 'office', tenantId: T, roles: ['ncms-office', 'finance'], scopes: {} };
const civil: Actor = { sub: 'civil', tenantId: T, roles: ['civil-affairs'], scopes: {} };
const township: Actor = { sub: 'tw', tenantId: T, roles: ['township-reviewer'], scopes: { township: ['dongguan'] } };
let personSeq = 0;

/** A fresh person (a valid-looking, unique identity number), registered in a category if given. */
async function person(category?: 'class1' | 'class2' | 'class3'): Promise<string> {
  const idNumber = `63012119${String(50 + (personSeq % 40)).padStart(2, '0')}0101${String(1000 + ++personSeq).slice(-4)}`;
  if (category) {
    const tenant = (await t.platform.tenants.get(T))!;
    const app = await t.platform.cases.submit(t.actingAs(tenant, township), tenant, {
      type: 'eligibility',
      input: { township: 'dongguan', householdHead: { name: 'p', idNumber }, requestedCategory: category, evidence: ['e'] },
    });
    await t.platform.cases.transition(t.actingAs(tenant, township), tenant, app.body.id, { action: 'approve_township' });
    await t.platform.cases.transition(t.actingAs(tenant, civil), tenant, app.body.id, {
      action: 'approve',
      input: { category, validFrom: '2026-01-01', validTo: '2026-12-31' },
    });
  }
  return idNumber;
}

let o: Office;
const as = (actor: Actor) => t.actingAs(o.tenant, actor);

beforeAll(async () => {
  t = await createTestPlatform();
  o = (t.platform.services.get('ncms') as NcmsServices).forTenant((await t.platform.tenants.get(T))!);
});

describe('caps across settlements and voids', () => {
  it('never lets a person’s NCMS or assistance for the year exceed the caps, whatever the sequence', async () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('settle' as const), bill: fc.integer({ min: 1, max: 3_000_000 }), eligibleShare: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ op: fc.constant('void' as const), which: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('class1', 'class3'), fc.array(step, { minLength: 1, maxLength: 8 }), async (category, steps) => {
        const idNumber = await person(category as 'class1' | 'class3');
        const settled: string[] = [];
        for (const s of steps) {
          if (s.op === 'settle') {
            const stay = await admit(o, as(office), { hospitalId: 'xining-first', patient: { name: 'p', idNumber }, admittedOn: '2026-03-01' });
            const eligible = Math.floor((s.bill * s.eligibleShare) / 100);
            const lines = [
              { code: 'T0002', description: 'ct', quantity: '1', unitPrice: (eligible / 100).toFixed(2) },
              { code: 'T0003', description: 'vip', quantity: '1', unitPrice: ((s.bill - eligible) / 100).toFixed(2) },
            ].filter((l) => l.unitPrice !== '0.00');
            await addBillLines(o, as(office), stay.id, lines);
            await discharge(o, as(office), stay.id, '2026-03-05');
            settled.push(stay.id);
          } else if (settled.length) {
            const [id] = settled.splice(s.which % settled.length, 1);
            await voidSettlement(o, as(office), id!, 'property test');
          }
        }
        const personKey = t.platform.sealer.blindIndex(T, idNumber);
        const usage = await annualUsage(o, personKey, '2026');
        expect(new Dec(usage.ncmsPaid).lte('35000')).toBe(true);
        if (category === 'class1') expect(new Dec(usage.assistancePaid).lte('6000')).toBe(true);
        // The usage record is exactly the sum of the settlements still standing.
        const standing = await Promise.all(settled.map(async (id) => (await stayWithLines(o, as(office), id)).stay.settlement!));
        expect(usage.ncmsPaid).toBe(standing.reduce((a, s) => a.plus(s.ncms), new Dec(0)).toFixed(2));
        expect(usage.assistancePaid).toBe(standing.reduce((a, s) => a.plus(s.assistance), new Dec(0)).toFixed(2));
      }),
      { numRuns: 10 },
    );
  }, 240_000);

  it('pre-settles and settles a worked bill to the hand-worked figures', async () => {
    // A class-3 patient at the county hospital: 1,000.00 eligible (T0001) and 200.00 outside the catalogue (Z0000).
    // NCMS 1,000 × 70 % = 700.00; remainder 1,200 − 700 = 500.00; assistance 80 % = 400.00; self-pay 100.00.
    const idNumber = await person('class3');
    const stay = await admit(o, as(office), { hospitalId: 'county-people', patient: { name: 'p', idNumber }, admittedOn: '2026-05-01' });
    await addBillLines(o, as(office), stay.id, [
      { code: 'T0001', description: 'ward', quantity: '4', unitPrice: '250.00' },
      { code: 'Z0000', description: 'outside', quantity: '1', unitPrice: '200.00' },
    ]);
    const worked = ['1200.00', '700.00', '400.00', '100.00'];
    const pre = await preSettle(o, as(office), stay.id, '2026-05-04');
    expect([pre.totalCost, pre.ncms, pre.assistance, pre.selfPay]).toEqual(worked);
    const final = (await discharge(o, as(office), stay.id, '2026-05-04')).settlement!;
    expect([final.totalCost, final.ncms, final.assistance, final.selfPay]).toEqual(worked);
  });

  it('pre-settles exactly what it then settles, for an unchanged bill', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('class1', 'class2', 'class3', undefined),
        fc.constantFrom(...DEMO_HOSPITALS.map((h) => h.id)),
        fc.array(fc.tuple(fc.constantFrom('T0001', 'D0001', 'D0003', 'Z0000'), fc.integer({ min: 1, max: 500_000 })), { minLength: 1, maxLength: 5 }),
        async (category, hospital, lines) => {
          const idNumber = await person(category as never);
          const stay = await admit(o, as(office), { hospitalId: hospital, patient: { name: 'p', idNumber }, admittedOn: '2026-04-01' });
          await addBillLines(
            o,
            as(office),
            stay.id,
            lines.map(([code, cents]) => ({ code, description: code, quantity: '1', unitPrice: (cents / 100).toFixed(2) })),
          );
          const pre = await preSettle(o, as(office), stay.id, '2026-04-09');
          const final = (await discharge(o, as(office), stay.id, '2026-04-09')).settlement!;
          expect([final.ncms, final.assistance, final.selfPay, final.totalCost]).toEqual([pre.ncms, pre.assistance, pre.selfPay, pre.totalCost]);
          expect(final.trace).toEqual(pre.trace);
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});

describe('a generated month', () => {
  it('settles through the API, and statements, report and ledger all equal the sum of the settlements', async () => {
    // 400 stays by default (NCMS_MONTH_STAYS=1000 for a busier month), over as many people as give each about 21 stays, so people reach their annual caps as often whatever the size.
    const STAYS = Number(process.env.NCMS_MONTH_STAYS ?? 400);
    const officeToken = await t.token(T, ['ncms-office', 'finance'], 'office');
    // People: a few registered per category, the rest ordinary insured.
    const people = [
      ...(await Promise.all([0, 1, 2, 3].map(() => person('class1')))),
      ...(await Promise.all([0, 1].map(() => person('class2')))),
      ...(await Promise.all([0, 1].map(() => person('class3')))),
      ...Array.from({ length: Math.max(4, Math.round(STAYS / 21) - 8) }, (_, i) => `63012119800101${String(5000 + i)}`),
    ];
    const rand = fc.sample(
      fc.tuple(
        fc.nat(people.length - 1),
        fc.nat(DEMO_HOSPITALS.length - 1),
        fc.integer({ min: 5_000, max: 1_500_000 }),
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 1, max: 28 }),
      ),
      { numRuns: STAYS, seed: 2026 },
    );
    let next = 0;
    const settled: Array<{ ncms: string; assistance: string; selfPay: string; totalCost: string }> = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < rand.length) {
          const [p, h, eligibleCents, otherCents, day] = rand[next++]!;
          const hospital = DEMO_HOSPITALS[h]!.id;
          const stay = await t.call('POST', '/v1/ncms/stays', {
            token: officeToken,
            body: { hospitalId: hospital, patient: { name: '患者', idNumber: people[p] }, admittedOn: `2026-02-${String(day).padStart(2, '0')}` },
          });
          await t.call('POST', `/v1/ncms/stays/${stay.body.id}/bill-lines`, {
            token: officeToken,
            body: {
              lines: [
                { code: 'T0001', description: 'bed', quantity: '1', unitPrice: (eligibleCents / 100).toFixed(2) },
                ...(otherCents ? [{ code: 'D0003', description: 'albumin', quantity: '1', unitPrice: (otherCents / 100).toFixed(2) }] : []),
              ],
            },
          });
          const done = await t.call('POST', `/v1/ncms/stays/${stay.body.id}/discharge`, {
            token: officeToken,
            body: { dischargedOn: `2026-02-${String(Math.min(28, day + 2)).padStart(2, '0')}` },
          });
          expect(done.status).toBe(200);
          settled.push(done.body.settlement);
        }
      }),
    );
    expect(settled).toHaveLength(STAYS);
    const sum = (k: 'ncms' | 'assistance' | 'selfPay' | 'totalCost') => settled.reduce((a, s) => a.plus(s[k]), new Dec(0)).toFixed(2);

    const statements = (await t.call('POST', '/v1/ncms/periods/2026-02/statements', { token: officeToken })).body.items as Array<{
      hospitalId: string;
      stays: number;
      ncms: string;
      assistance: string;
      totalCost: string;
    }>;
    expect(statements.reduce((n, s) => n + s.stays, 0)).toBe(STAYS);
    expect(statements.reduce((a, s) => a.plus(s.ncms), new Dec(0)).toFixed(2)).toBe(sum('ncms'));
    expect(statements.reduce((a, s) => a.plus(s.assistance), new Dec(0)).toFixed(2)).toBe(sum('assistance'));

    const report = (await t.call('GET', '/v1/ncms/reports/2026-02', { token: officeToken })).body;
    expect(report.totals).toMatchObject({
      stays: STAYS,
      totalCost: sum('totalCost'),
      ncms: sum('ncms'),
      assistance: sum('assistance'),
      selfPay: sum('selfPay'),
    });
    expect(report.byCategory.reduce((n: number, r: { stays: number }) => n + r.stays, 0)).toBe(STAYS);

    // Ledger: what the hospitals advanced is owed to them, to the fen.
    const payables = await Promise.all(
      DEMO_HOSPITALS.map(async (h) => [
        (await t.call('GET', `/v1/ledger/accounts/${ACCOUNTS.ncmsPayable(h.id)}`, { token: officeToken })).body.net ?? '0.00',
        h.id,
      ]),
    );
    const owed = payables.reduce((a, [net]) => a.plus(net!), new Dec(0));
    // Other tests in this file settled earlier months into the same accounts; February's share is the statements'.
    expect(owed.gte(sum('ncms'))).toBe(true);
    // The county funds NCMS and civil affairs pre-funds assistance for the month before the hospitals are paid.
    // Funds move only by their own flows: a transfer naming the fund is refused.
    const named = await t.call('POST', '/v1/ledger/transfers', {
      token: officeToken,
      body: { id: 'feb-ncms-funding', debit: ACCOUNTS.ncmsFund, credit: ACCOUNTS.countyFinance, amount: sum('ncms'), memo: '二月基金到位' },
    });
    expect([named.status, named.body.rule]).toEqual([422, 'system-account']);
    const funded = await t.call('POST', '/v1/ncms/ncms-funding', {
      token: officeToken,
      body: { id: 'feb-ncms-funding', amount: sum('ncms'), memo: '二月基金到位' },
    });
    expect(funded.status).toBe(201);
    const civilToken = await t.token(T, ['civil-affairs'], 'civil');
    expect((await t.call('POST', '/v1/ncms/assistance-funding', { token: civilToken, body: { id: 'feb-prefund', amount: sum('assistance') } })).status).toBe(
      201,
    );
    for (const s of statements) {
      await t.call('POST', `/v1/ncms/periods/2026-02/statements/${s.hospitalId}/approve`, { token: officeToken });
      const paid = await t.call('POST', `/v1/ncms/periods/2026-02/statements/${s.hospitalId}/pay`, { token: officeToken });
      expect(paid.body.status).toBe('paid');
    }
    const after = await Promise.all(
      DEMO_HOSPITALS.map(async (h) => (await t.call('GET', `/v1/ledger/accounts/${ACCOUNTS.ncmsPayable(h.id)}`, { token: officeToken })).body.net ?? '0.00'),
    );
    expect(owed.minus(after.reduce((a, n) => a.plus(n), new Dec(0))).toFixed(2)).toBe(sum('ncms'));
    for (const account of [ACCOUNTS.ncmsFund, ACCOUNTS.assistanceFund, ACCOUNTS.ncmsCost('county-people')]) {
      const report = (await t.call('GET', `/v1/ledger/accounts/${account}/verify`, { token: await t.token(T, ['tenant-admin']) })).body;
      expect([account, report.ok, report.problems]).toEqual([account, true, []]);
    }
  }, 300_000);
});
