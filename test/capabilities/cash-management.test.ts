/**
 * Cash management on the local store: the end-of-day sweep over generated
 * hierarchies, batching, overdraft cover, internal interest,
 * reconciliation, and a settlement run killed halfway and resumed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { officeWeek } from '../../shared/capabilities/calendar/office-week.ts';
import { FUND_NATURES, type FundNature } from '../../shared/capabilities/cash-management/fund-natures.ts';
import { InternalPricing } from '../../shared/capabilities/cash-management/internal-pricing.ts';
import { cashSteps } from '../../shared/capabilities/cash-management/nightly.ts';
import { Reconciliation } from '../../shared/capabilities/cash-management/reconciliation.ts';
import { postalPolicy } from '../../shared/capabilities/cash-management/rules.ts';
import { cashServices } from '../../shared/capabilities/cash-management/services.ts';
import { CashManagement, expenseAccount, revenueAccount } from '../../shared/capabilities/cash-management/sweep.ts';
import { type Unit, UnitDirectory } from '../../shared/capabilities/cash-management/units.ts';
import { Dec } from '../../shared/kernel/money.ts';
import { Ledger } from '../../shared/ledger/ledger.ts';
import type { NightlyStep, Tenant } from '../../shared/pipeline/contract.ts';
import { LEASE_MS, RunInterrupted, SettlementRunner } from '../../shared/pipeline/settlement.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

const ZONE = 'Asia/Shanghai';

let store: Store;
let tableName: string;
let endpoint: string;
let units: UnitDirectory;
let ledger: Ledger;
let cash: CashManagement;
let n = 0;
let now = new Date('2026-11-26T06:00:00Z');
const clock = () => now;

interface Shape {
  cities: number[][]; // cities → counties → number of branches
}

async function buildHierarchy(t: string, shape: Shape, budget = {}) {
  await cash.addUnit(t, { id: 'region', name: '区公司', level: 'region' });
  const branches: Unit[] = [];
  for (const [ci, counties] of shape.cities.entries()) {
    const city = await cash.addUnit(t, { id: `c${ci}`, name: `盟市${ci}`, level: 'city', parent: 'region' }, budget);
    for (const [ki, count] of counties.entries()) {
      const county = await cash.addUnit(t, { id: `c${ci}-k${ki}`, name: `旗县${ki}`, level: 'county', parent: city.id }, budget);
      for (let bi = 0; bi < count; bi++)
        branches.push(await cash.addUnit(t, { id: `c${ci}-k${ki}-b${bi}`, name: `支局${bi}`, level: 'branch', parent: county.id }, budget));
    }
  }
  return branches;
}

/** The nightly steps of a tenant with postal cash management, on this file's store and ledger. */
const steps = () => {
  const s = cashSteps(cashServices({ store, ledger, clock, dateWindow: { pastDays: 400, futureDays: 1 }, secret: () => 'receipts' }));
  return () => s;
};
const tenantOf = (id: string): Tenant => ({ id, kind: 'campus-post', name: id, calendar: officeWeek, status: 'active', createdAt: '' });

beforeAll(async () => {
  ({ store, tableName, endpoint } = await createTestTable('cash'));
  units = new UnitDirectory(store);
  ledger = new Ledger(store, postalPolicy(units), clock);
  cash = new CashManagement(ledger, units);
});

describe('end-of-day sweep', () => {
  it('empties every revenue account below the region into the matching region sub-ledgers', async () => {
    const shape = fc.record({ cities: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }) });
    const deposits = fc.array(fc.record({ branch: fc.nat(), fn: fc.constantFrom(...FUND_NATURES), cents: fc.integer({ min: 1, max: 500_000 }) }), {
      maxLength: 25,
    });
    await fc.assert(
      fc.asyncProperty(shape, deposits, async (s, ds) => {
        const t = `sweep-${++n}`;
        const branches = await buildHierarchy(t, s);
        const expected = new Map<string, Dec>();
        if (branches.length) {
          for (const [i, d] of ds.entries()) {
            const b = branches[d.branch % branches.length]!;
            const amount = (d.cents / 100).toFixed(2);
            await cash.deposit(t, { id: `dep-${i}`, unit: b.id, fundNature: d.fn as FundNature, amount }, ZONE);
            const key = `${d.fn}|${b.id.split('-')[0]}`;
            expected.set(key, (expected.get(key) ?? new Dec(0)).plus(amount));
          }
        }
        await cash.sweep(t, '2026-11-26', { timeZone: ZONE });
        for (const level of ['branch', 'county', 'city'] as const) {
          for (const u of await units.atLevel(t, level)) expect([u.id, (await ledger.balance(t, revenueAccount(u))).net]).toEqual([u.id, '0.00']);
        }
        const region = await ledger.balance(t, 'region:fund');
        expect(region.state.dims).toEqual(Object.fromEntries([...expected].map(([k, v]) => [k, v.toFixed(2)])));
        const total = [...expected.values()].reduce((a, b) => a.plus(b), new Dec(0));
        expect(region.net).toBe(total.toFixed(2));
        // Sweeping again the same day finds nothing to move.
        const again = await cash.sweep(t, '2026-11-26', { timeZone: ZONE });
        expect(again.every((r) => r.batches === 0)).toBe(true);
      }),
      { numRuns: 12 },
    );
  }, 240_000);

  it('writes the parent once per batch of up to 98 children, and skips empty children', async () => {
    const t = `batch-${++n}`;
    const branches = await buildHierarchy(t, { cities: [[250]] });
    for (const [i, b] of branches.entries()) if (i % 50 !== 0) await cash.deposit(t, { id: `d${i}`, unit: b.id, fundNature: 'postal', amount: '1.00' }, ZONE);
    store.resetMetrics();
    const [branchLevel] = await cash.sweep(t, '2026-11-26', { timeZone: ZONE });
    expect(branchLevel).toMatchObject({ level: 'branch', parents: 1, batches: 3, postings: 245 + 3 });
    const county = await ledger.balance(t, 'c0-k0:revenue');
    // Its head is three postings on: one per batch, not one per child.
    expect(county.state.seq).toBe(3 + 1); // three sweep batches in, one sweep out to the city
    expect(store.metrics.calls.TransactWriteItems).toBe(3 + 1 + 1);
  }, 120_000);

  it('reads each child once: a head query each, configurations batched, and no other call per child', async () => {
    const t = `reads-${++n}`;
    const branches = await buildHierarchy(t, {
      cities: [
        [12, 12, 12],
        [12, 12],
      ],
    });
    for (const [i, b] of branches.entries()) await cash.deposit(t, { id: `d${i}`, unit: b.id, fundNature: 'postal', amount: '1.00' }, ZONE);
    const children = 60 + 5 + 2;
    store.resetMetrics();
    const reports = await cash.sweep(t, '2026-11-26', { timeZone: ZONE });
    expect(reports.map((r) => r.batches)).toEqual([1, 1, 1]);
    // Per level: the parents and the children in a query each (6), and per transaction (one a level) one batched read of its
    // accounts' configurations and one of its entry ids (6). Heads: one query per child (67) and per parent per transaction (5 + 2 + 1).
    expect(store.metrics.calls).toEqual({ Query: 6 + children + 8, BatchGetItem: 6, TransactWriteItems: 3 });
    // 1.34 calls per child, where one transfer per child costs about 8.
    expect(Object.values(store.metrics.calls).reduce((a, b) => a + b, 0) / children).toBeLessThan(1.4);
    // With nothing left to move, each child is read once again and nothing is written.
    store.resetMetrics();
    expect((await cash.sweep(t, '2026-11-26', { timeZone: ZONE })).map((r) => r.batches)).toEqual([0, 0, 0]);
    expect(store.metrics.calls).toEqual({ Query: 6 + children + 8, BatchGetItem: 3 });
  }, 120_000);

  it('reads and plans a batch again when a posting lands between its read and its write, and doubles nothing', async () => {
    now = new Date('2026-11-26T06:00:00Z');
    const t = `race-${++n}`;
    const branches = await buildHierarchy(t, { cities: [[3]] });
    for (const b of branches) await cash.deposit(t, { id: `d-${b.id}`, unit: b.id, fundNature: 'postal', amount: '10.00' }, ZONE);
    // The sweep has a client of its own; a late deposit and a bank fee land, through another, just before its first write.
    const sweeper = new Store(tableName, createDynamoClient({ tableName, endpoint }));
    const sweeperUnits = new UnitDirectory(sweeper);
    const sweeperLedger = new Ledger(sweeper, postalPolicy(sweeperUnits), clock);
    let landed = false;
    sweeper.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !landed) {
          landed = true;
          await cash.deposit(t, { id: 'late', unit: 'c0-k0-b1', fundNature: 'philately', amount: '5.00' }, ZONE);
          await cash.bankFee(t, { id: 'fee', unit: 'c0-k0-b2', amount: '2.00' }, ZONE);
        }
        return next(args);
      },
      { step: 'initialize', name: 'postingsLandFirst' },
    );
    let checkpoints = 0;
    const reports = await new CashManagement(sweeperLedger, sweeperUnits).sweep(t, '2026-11-26', { timeZone: ZONE, beforeBatch: () => checkpoints++ });
    // The branches' transaction, planned from balances read before the deposit and the fee, was refused whole and planned
    // again from a fresh read (moving 10.00 would now leave c0-k0-b2 below its floor, and c0-k0-b1 with 5.00 in it).
    expect(sweeperLedger.stats.replans).toBe(1);
    expect(sweeper.metrics.calls.TransactWriteItems).toBe(2 + 1 + 1);
    expect(checkpoints).toBe(3);
    expect(reports[0]).toMatchObject({ batches: 1, postings: 4, swept: '33.00', byChild: { 'c0-k0-b0': '10.00', 'c0-k0-b1': '15.00', 'c0-k0-b2': '8.00' } });
    for (const b of branches) expect((await ledger.balance(t, revenueAccount(b))).net).toBe('0.00');
    const region = await ledger.balance(t, 'region:fund');
    expect(region.net).toBe('33.00');
    expect(region.state.dims).toEqual({ 'postal|c0': '30.00', 'philately|c0': '5.00', 'other|c0': '-2.00' });
    // Every account's debits equal its credits in sum; one sweep entry per level, none doubled.
    const accounts = [...branches, { id: 'c0-k0' }, { id: 'c0' }].map((u) => `${u.id}:revenue`).concat('region:fund', 'clearing:bank', 'fee:bank');
    let debits = new Dec(0);
    let credits = new Dec(0);
    for (const id of accounts) {
      const { state } = await ledger.balance(t, id);
      debits = debits.plus(state.debitsPosted);
      credits = credits.plus(state.creditsPosted);
      expect((await ledger.verify(t, id)).ok).toBe(true);
    }
    expect(debits.toFixed(2)).toBe(credits.toFixed(2));
    expect((await ledger.journal(t, '2026-11-26')).filter((e) => e.code === 'sweep').map((e) => e.id)).toEqual([
      'sweep:2026-11-26:c0-k0:c0-k0-b0',
      'sweep:2026-11-26:c0:c0-k0',
      'sweep:2026-11-26:region:c0',
    ]);
    // Sweeping again finds nothing to move.
    expect((await cash.sweep(t, '2026-11-26', { timeZone: ZONE })).every((r) => r.batches === 0)).toBe(true);
    expect((await ledger.balance(t, 'region:fund')).net).toBe('33.00');
  }, 60_000);

  it('shows the region its sub-ledgers by city, then fund nature (never by county)', async () => {
    const t = `view-${++n}`;
    await buildHierarchy(t, { cities: [[1, 1], [1]] });
    await cash.deposit(t, { id: 'a', unit: 'c0-k0-b0', fundNature: 'postal', amount: '10.00' }, ZONE);
    await cash.deposit(t, { id: 'b', unit: 'c0-k1-b0', fundNature: 'philately', amount: '5.00' }, ZONE);
    await cash.deposit(t, { id: 'c', unit: 'c1-k0-b0', fundNature: 'postal', amount: '7.00' }, ZONE);
    await cash.sweep(t, '2026-11-26', { timeZone: ZONE });
    const region = await cash.subLedgers(t, 'region');
    expect(region.levels).toEqual(['subordinate', 'fundNature']);
    expect(region.tree).toEqual({ c0: { total: '15.00', items: { postal: '10.00', philately: '5.00' } }, c1: { total: '7.00', items: { postal: '7.00' } } });
  }, 60_000);
});

describe('overdraft cover', () => {
  it('tops up overdrawn expense accounts from the parent, bottom up, and reports what the parent cannot pay', async () => {
    const t = `cover-${++n}`;
    await buildHierarchy(t, { cities: [[2]] }, { overdraftLimit: '1000.00' });
    await ledger.openAccount(t, { id: 'cost:supplies', name: 'supplies', kind: 'cost' });
    await ledger.execute(
      t,
      [
        {
          kind: 'entry',
          entry: {
            id: 'fund',
            memo: 'region funds',
            legs: [
              { account: 'region:fund', side: 'debit', amount: '500.00' },
              { account: 'clearing:bank', side: 'credit', amount: '500.00' },
            ],
          },
        },
        {
          kind: 'entry',
          entry: {
            id: 'spend-1',
            memo: 'stamps',
            legs: [
              { account: 'cost:supplies', side: 'debit', amount: '120.00' },
              { account: 'c0-k0-b0:expense', side: 'credit', amount: '120.00' },
            ],
          },
        },
        {
          kind: 'entry',
          entry: {
            id: 'spend-2',
            memo: 'repairs',
            legs: [
              { account: 'cost:supplies', side: 'debit', amount: '600.00' },
              { account: 'c0-k0-b1:expense', side: 'credit', amount: '600.00' },
            ],
          },
        },
      ],
      { timeZone: ZONE, origin: 'system' },
    );
    const report = await cash.coverOverdrafts(t, '2026-11-26', { timeZone: ZONE });
    expect(report.covered).toEqual([
      { unit: 'c0-k0-b0', amount: '120.00' },
      { unit: 'c0-k0-b1', amount: '600.00' },
      { unit: 'c0-k0', amount: '720.00' },
    ]);
    // The city would need 720 from the region's fund, which holds 500: that is a shortfall.
    expect(report.shortfalls).toEqual([{ unit: 'c0', amount: '720.00', reason: expect.stringContaining('below its floor') }]);
    expect((await ledger.balance(t, expenseAccount((await units.get(t, 'c0-k0-b1'))!))).net).toBe('0.00');
    // Rerunning changes nothing that was covered.
    const again = await cash.coverOverdrafts(t, '2026-11-26', { timeZone: ZONE });
    expect(again.covered).toEqual([]);
  }, 60_000);
});

describe('internal pricing and reconciliation', () => {
  it('accrues daily on what was swept up and posts the month once at month end', async () => {
    const t = `interest-${++n}`;
    await buildHierarchy(t, { cities: [[1]] });
    const pricing = new InternalPricing(store, ledger, units);
    await pricing.setConfig(t, { lendRate: '0.036', borrowRate: '0.05', dayCount: 'ACT/360' });
    now = new Date('2026-11-29T06:00:00Z');
    await cash.deposit(t, { id: 'd1', unit: 'c0-k0-b0', fundNature: 'postal', amount: '10000.00' }, ZONE);
    await cash.sweep(t, '2026-11-29', { timeZone: ZONE });
    await pricing.run(t, '2026-11-29', ZONE);
    now = new Date('2026-11-30T06:00:00Z');
    const month = await pricing.run(t, '2026-11-30', ZONE);
    // 10,000 × 3.6% / 360 = 1.00 a day for the branch, the county and the city alike; two days each.
    expect(month.posted).toBe(3);
    expect(month.total).toBe('6.00');
    expect((await ledger.getEntry(t, 'interest:2026-11:c0-k0-b0'))?.legs.map((l) => [l.account, l.side, l.amount])).toEqual([
      ['c0-k0-b0:expense', 'debit', '2.00'],
      ['interest:c0-k0', 'credit', '2.00'],
    ]);
    const rerun = await pricing.run(t, '2026-11-30', ZONE);
    expect(rerun.accrued).toBe(0);
    expect((await ledger.balance(t, 'c0-k0-b0:expense')).net).toBe('2.00');
  }, 60_000);

  it('lists each unit’s due-versus-paid-in differences per fund nature', async () => {
    const t = `recon-${++n}`;
    await buildHierarchy(t, { cities: [[2]] });
    now = new Date('2026-11-26T06:00:00Z');
    const recon = new Reconciliation(store, ledger);
    await recon.setExpected(t, { date: '2026-11-26', unit: 'c0-k0-b0', fundNature: 'postal', amount: '100.00' });
    await recon.setExpected(t, { date: '2026-11-26', unit: 'c0-k0-b1', fundNature: 'periodicals', amount: '50.00' });
    await cash.deposit(t, { id: 'r1', unit: 'c0-k0-b0', fundNature: 'postal', amount: '100.00' }, ZONE);
    await cash.deposit(t, { id: 'r2', unit: 'c0-k0-b1', fundNature: 'periodicals', amount: '30.00' }, ZONE);
    await cash.deposit(t, { id: 'r3', unit: 'c0-k0-b1', fundNature: 'philately', amount: '8.00' }, ZONE);
    const report = await recon.run(t, '2026-11-26');
    expect(report.differences).toEqual([
      { unit: 'c0-k0-b1', fundNature: 'periodicals', expected: '50.00', actual: '30.00', difference: '-20.00' },
      { unit: 'c0-k0-b1', fundNature: 'philately', expected: '0.00', actual: '8.00', difference: '8.00' },
    ]);
  }, 60_000);
});

describe('settlement run', () => {
  async function scenario(t: string) {
    await buildHierarchy(t, { cities: [[3, 2], [2]] }, { overdraftLimit: '500.00' });
    await ledger.openAccount(t, { id: 'cost:supplies', name: 'supplies', kind: 'cost' });
    const branches = await units.atLevel(t, 'branch');
    for (const [i, b] of branches.sort((x, y) => (x.id < y.id ? -1 : 1)).entries()) {
      await cash.deposit(t, { id: `dep-${i}`, unit: b.id, fundNature: FUND_NATURES[i % 7]!, amount: `${(i + 1) * 11}.50` }, ZONE);
    }
    await ledger.execute(
      t,
      [
        {
          kind: 'entry',
          entry: {
            id: 'spend',
            memo: 'x',
            legs: [
              { account: 'cost:supplies', side: 'debit', amount: '40.00' },
              { account: 'c0-k0-b0:expense', side: 'credit', amount: '40.00' },
            ],
          },
        },
      ],
      { timeZone: ZONE, origin: 'system' },
    );
  }

  async function snapshot(t: string) {
    const out: Record<string, string> = {};
    for (const level of ['region', 'city', 'county', 'branch'] as const) {
      for (const u of await units.atLevel(t, level)) {
        out[revenueAccount(u)] = (await ledger.balance(t, revenueAccount(u))).net;
        out[expenseAccount(u)] = (await ledger.balance(t, expenseAccount(u))).net;
      }
    }
    return out;
  }

  it('runs every step, records progress, and changes nothing when run again', async () => {
    const t = `run-${++n}`;
    now = new Date('2026-11-26T17:00:00Z');
    await scenario(t);
    const runner = new SettlementRunner(store, ledger, steps(), clock);
    const run = await runner.run(tenantOf(t), '2026-11-26', 'operator');
    expect(run.status).toBe('succeeded');
    expect(run.order.map((s) => run.steps[s]?.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(run.steps.sweep?.counts).toMatchObject({ batches: 3 }); // small families packed: one transaction per level
    const before = await snapshot(t);
    const again = await runner.run(tenantOf(t), '2026-11-26', 'operator');
    expect(again.attempts).toBe(1);
    expect(await snapshot(t)).toEqual(before);
    expect((await runner.history(t)).map((r) => r.businessDate)).toEqual(['2026-11-26']);
  }, 120_000);

  it('ends with the same postings after being killed at any write and resumed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9 }), async (killAt) => {
        now = new Date('2026-11-26T17:00:00Z');
        const clean = `clean-${++n}`;
        const killed = `killed-${n}`;
        await scenario(clean);
        await scenario(killed);
        await new SettlementRunner(store, ledger, steps(), clock).run(tenantOf(clean), '2026-11-26', 'operator');

        let writes = 0;
        const dying = new SettlementRunner(store, ledger, steps(), clock, {
          beforeWrite: () => {
            if (++writes === killAt) throw new Error('killed');
          },
        });
        const first = await dying.run(tenantOf(killed), '2026-11-26', 'operator').then(
          () => 'finished',
          (e) => e,
        );
        if (first !== 'finished') {
          expect(first).toBeInstanceOf(RunInterrupted);
          // A second runner must wait out the dead one's hold before taking over: a minute since its last sign of life.
          await expect(new SettlementRunner(store, ledger, steps(), clock).run(tenantOf(killed), '2026-11-26', 'operator')).rejects.toMatchObject({
            status: 409,
          });
          now = new Date(now.getTime() + LEASE_MS - 1000);
          await expect(new SettlementRunner(store, ledger, steps(), clock).run(tenantOf(killed), '2026-11-26', 'operator')).rejects.toMatchObject({
            status: 409,
          });
          now = new Date(now.getTime() + 2000);
          const resumed = await new SettlementRunner(store, ledger, steps(), clock).run(tenantOf(killed), '2026-11-26', 'operator');
          expect(resumed).toMatchObject({ status: 'succeeded', attempts: 2 });
        }
        expect(await snapshot(killed)).toEqual(await snapshot(clean));
        const dims = async (t: string) => (await ledger.balance(t, 'region:fund')).state.dims;
        expect(await dims(killed)).toEqual(await dims(clean));
      }),
      { numRuns: 6 },
    );
  }, 240_000);

  it('keeps a live run its date however long a step takes, by renewing its hold', async () => {
    now = new Date('2026-11-26T17:00:00Z');
    const t = `slow-${++n}`;
    await scenario(t);
    let release!: () => void;
    const stepStarted = new Promise<void>((started) => {
      const slow: NightlyStep = {
        name: 'slow',
        label: { zh: '慢', en: 'Slow' },
        run: async () => {
          started();
          await new Promise<void>((r) => (release = r));
          return {};
        },
      };
      void new SettlementRunner(store, ledger, () => [slow], clock, { heartbeatMs: 20 }).run(tenantOf(t), '2026-11-26', 'operator');
    });
    await stepStarted;
    // Long past a minute on the platform's clock: the heartbeat has renewed the hold from that clock.
    now = new Date(now.getTime() + 5 * LEASE_MS);
    await new Promise((r) => setTimeout(r, 100));
    await expect(new SettlementRunner(store, ledger, steps(), clock).run(tenantOf(t), '2026-11-26', 'operator')).rejects.toMatchObject({ status: 409 });
    release();
  });
});
