/**
 * Property fees: each household's bill is its area times the rate of its
 * type (checked against whole-fen integer arithmetic), issued once a month
 * however often — or however brokenly — the run goes; payments settle the
 * oldest bills first and never exceed what is due; statements, arrears and
 * reminders; and every amount agrees with the ledger.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../../shared/kernel/money.ts';
import type { PriceList } from '../../../shared/kinds/property/billing/billing.entity.ts';
import { billLines, runBilling } from '../../../shared/kinds/property/billing/billing.ts';
import type { Household } from '../../../shared/kinds/property/estate/estate.entity.ts';
import type { PropertyServices } from '../../../shared/kinds/property/office.ts';
import { createTestPlatform, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
let desk: string;
let admin: string;

/** Yuan with two decimals → fen, and a product of two such numbers rounded half up to the fen, in integers. */
const fen = (s: string) => BigInt(s.replace('.', ''));
const productInFen = (a: string, b: string) => {
  const tenThousandths = fen(a) * fen(b); // 1/10000 yuan
  return (tenThousandths + 50n) / 100n; // half up (amounts here are positive)
};
const yuan = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;

const prices: PriceList = {
  fees: [
    { code: 'management', name: 'm', perSquareMetre: { residential: '1.80', shop: '3.25' } },
    { code: 'waste', name: 'w', fixed: { residential: '10.00' } },
  ],
  billingDay: 5,
  dueDays: 10,
  reminders: [3, 20],
  lateFeeRate: '0.005',
  updatedAt: '',
};

beforeAll(async () => {
  t = await createTestPlatform();
  desk = await t.token(T, ['desk-agent'], 'desk-01');
  admin = await t.token(T, ['tenant-admin'], 'admin');
}, 60_000);

describe('a bill', () => {
  it('is each household’s area times its type’s rate, rounded to the fen per line, plus its fixed fees', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_00 }),
        fc.integer({ min: 1, max: 20_00 }),
        fc.constantFrom('residential' as const, 'shop' as const),
        (areaFen, rateFen, type) => {
          const area = yuan(BigInt(areaFen));
          const rate = yuan(BigInt(rateFen));
          const list: PriceList = { ...prices, fees: [{ ...prices.fees[0]!, perSquareMetre: { [type]: rate } }, prices.fees[1]!] };
          const h = { id: 'x', building: '1', room: '1', area, propertyType: type, status: 'occupied', people: 1, updatedAt: '' } as Household;
          const lines = billLines(h, list, new Dec(0));
          const expected = productInFen(area, rate) + (type === 'residential' ? 1000n : 0n);
          const total = lines.reduce((s, l) => s + fen(l.amount), 0n);
          expect(total).toBe(expected);
        },
      ),
    );
  });

  it('adds a late fee on what is overdue, at the monthly rate', () => {
    const h = { id: 'x', building: '1', room: '1', area: '100.00', propertyType: 'residential', status: 'occupied', people: 1, updatedAt: '' } as Household;
    expect(billLines(h, prices, new Dec('190.01')).at(-1)).toMatchObject({ fee: 'late', amount: '0.95' }); // 190.01 × 0.005 = 0.95005
  });
});

describe('the monthly run', () => {
  let o: ReturnType<PropertyServices['forTenant']>;
  beforeAll(async () => {
    const { updatedAt: _, ...body } = prices;
    expect((await t.call('PUT', '/v1/property/price-list', { token: await t.token(T, ['manager'], 'manager-01'), body })).status).toBe(200);
    o = (t.platform.services.get('property') as PropertyServices).forTenant((await t.platform.tenants.get(T))!);
  });

  it('bills every household with people once, however often it runs or where it was killed', async () => {
    expect(await runBilling(o, '2026-09-04')).toEqual({ issued: 0, existing: 0, notBilled: 0 }); // not the billing day
    // Killed before its second batch, then run again: nothing twice, nothing missed.
    let batches = 0;
    await expect(
      runBilling(o, '2026-09-05', () => {
        if (++batches === 2) throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    const resumed = await runBilling(o, '2026-09-05');
    const again = await runBilling(o, '2026-09-05');
    const households = (await t.call('GET', '/v1/property/households?limit=100', { token: desk })).body.items as Household[];
    const billed = households.filter((h) => h.people > 0);
    expect(resumed.issued + resumed.existing).toBe(billed.length);
    expect(resumed.existing).toBe(15); // the first batch, kept
    expect(again).toMatchObject({ issued: 0, existing: billed.length });
    // Every bill is the household's area at its type's rate plus its fixed fee, and the ledger holds exactly that.
    let management = 0n;
    for (const h of billed) {
      const st = (await t.call('GET', `/v1/property/households/${h.id}/statement`, { token: desk })).body;
      const bill = st.bills.find((b: { month: string }) => b.month === '2026-09');
      const expected = productInFen(h.area, h.propertyType === 'shop' ? '3.25' : '1.80') + (h.propertyType === 'residential' ? 1000n : 0n);
      expect([h.id, fen(bill.total)]).toEqual([h.id, expected]);
      expect(st.ledgerBalance).toBe(st.due);
      management += productInFen(h.area, h.propertyType === 'shop' ? '3.25' : '1.80');
    }
    const income = await t.call('GET', '/v1/ledger/accounts/income:fees:management', { token: admin });
    expect(fen(income.body.state.creditsPosted) >= management).toBe(true); // the demo's own month is in it too
  });
});

describe('payments', () => {
  it('settle the oldest bills first, in part if need be, never more than is due, once per id', async () => {
    const id = '1-1-101';
    const before = (await t.call('GET', `/v1/property/households/${id}/statement`, { token: desk })).body;
    const due = new Dec(before.due);
    expect(due.gt(1)).toBe(true);
    const payment = (body: unknown) => t.call('POST', `/v1/property/households/${id}/payments`, { token: desk, body });
    const over = await payment({ id: 'p-over', amount: due.plus('0.01').toFixed(2), method: 'cash' });
    expect([over.status, over.body.type, over.body.errors?.[0]?.field]).toEqual([422, '/problems/overpayment', 'amount']);
    const part = await payment({ id: 'p-1', amount: '1.00', method: 'wechat' });
    expect(part.status).toBe(201);
    const oldest = before.bills.find((b: { status: string }) => b.status === 'open');
    expect(part.body.applied).toEqual([{ month: oldest.month, amount: '1.00' }]);
    expect((await payment({ id: 'p-1', amount: '1.00', method: 'wechat' })).body).toEqual(part.body); // a retry pays nothing twice
    const reused = await payment({ id: 'p-1', amount: '2.00', method: 'wechat' });
    expect([reused.status, reused.body.errors?.[0]?.field]).toEqual([400, 'id']);
    const rest = await payment({ id: 'p-2', amount: due.minus(1).toFixed(2), method: 'card' });
    expect(rest.status).toBe(201);
    const after = (await t.call('GET', `/v1/property/households/${id}/statement`, { token: desk })).body;
    expect([after.due, after.ledgerBalance]).toEqual(['0.00', '0.00']);
    expect(after.bills.every((b: { status: string }) => b.status === 'paid')).toBe(true);
    const receipt = await t.call('GET', `/v1/property/households/${id}/payments/p-2/receipt`, { token: desk });
    expect(receipt.headers.get('content-type')).toContain('text/html');
    expect(receipt.body).toContain(due.minus(1).toFixed(2));
  });

  it('let a resident see and pay their own household’s fees, and no one else’s', async () => {
    const resident = await t.token(T, ['resident'], 'resident-0101');
    expect((await t.call('GET', '/v1/property/households/1-1-101/statement', { token: resident })).status).toBe(200);
    expect((await t.call('GET', '/v1/property/households/1-1-102/statement', { token: resident })).status).toBe(404);
    expect(
      (await t.call('POST', '/v1/property/households/1-1-102/payments', { token: resident, body: { id: 'x-1', amount: '1.00', method: 'alipay' } })).status,
    ).toBe(404);
  });
});

describe('arrears', () => {
  it('lists open bills past due, oldest first, and reminds each household once per age', async () => {
    const list = await t.call('GET', '/v1/property/arrears?asOf=2026-09-30&limit=100', { token: desk });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const dues = list.body.items.map((b: { dueOn: string }) => b.dueOn);
    expect([...dues].sort()).toEqual(dues);
    expect(list.body.items.every((b: { status: string; dueOn: string }) => b.status === 'open' && b.dueOn < '2026-09-30')).toBe(true);
    const o = (t.platform.services.get('property') as PropertyServices).forTenant((await t.platform.tenants.get(T))!);
    const { remindArrears } = await import('../../../shared/kinds/property/billing/billing.ts');
    const first = await remindArrears(o, '2026-09-20'); // 5 days past the 15th: the 3-day reminder
    expect(first.reminded).toBeGreaterThan(0);
    expect((await remindArrears(o, '2026-09-20')).reminded).toBe(0);
    expect((await remindArrears(o, '2026-10-06')).reminded).toBeGreaterThan(0); // 21 days: the 20-day one
  });
});
