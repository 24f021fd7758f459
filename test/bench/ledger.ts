/**
 * Ledger benchmarks: the end-of-day sweep of a full postal hierarchy,
 * batched against one transfer per child, and single transfers per second
 * with and without contention on one account.
 */
import { randomBytes } from 'node:crypto';
import { FUND_NATURES } from '../../shared/capabilities/cash-management/fund-natures.ts';
import { postalPolicy } from '../../shared/capabilities/cash-management/rules.ts';
import { BANK_CLEARING, CashManagement, revenueAccount } from '../../shared/capabilities/cash-management/sweep.ts';
import { LEVELS, UnitDirectory } from '../../shared/capabilities/cash-management/units.ts';
import { Dec } from '../../shared/kernel/money.ts';
import { Ledger, type LedgerRequest, transferEntry } from '../../shared/ledger/ledger.ts';
import { money } from '../../shared/ledger/postings.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';

const ZONE = 'Asia/Shanghai';

const table = (title: string, rows: Array<Record<string, string | number>>) => {
  console.log(`\n${title}`);
  console.table(rows);
};

async function parallel<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function buildPostalCompany(cash: CashManagement, ledger: Ledger, t: string, scale: { cities: number; counties: number; branches: number }) {
  await cash.addUnit(t, { id: 'region', name: 'region', level: 'region' });
  const cities = Array.from({ length: scale.cities }, (_, i) => ({ id: `c${i}`, name: `city ${i}`, level: 'city' as const, parent: 'region' }));
  await parallel(cities, 6, (u) => cash.addUnit(t, u));
  const counties = Array.from({ length: scale.counties }, (_, i) => ({
    id: `k${i}`,
    name: `county ${i}`,
    level: 'county' as const,
    parent: `c${i % scale.cities}`,
  }));
  await parallel(counties, 6, (u) => cash.addUnit(t, u));
  const branches = Array.from({ length: scale.branches }, (_, i) => ({
    id: `b${i}`,
    name: `branch ${i}`,
    level: 'branch' as const,
    parent: `k${i % scale.counties}`,
  }));
  await parallel(branches, 6, (u) => cash.addUnit(t, u));
  // A day's revenue: every branch, every fund nature, deposited in linked chains of 33.
  const deposits: LedgerRequest[] = branches.map((b, i) => {
    const dims = Object.fromEntries(FUND_NATURES.map((fn, j) => [`${fn}|`, `${(i % 97) + j + 1}.25`]));
    const amount = Object.values(dims).reduce((s, v) => s + Number(v) * 100, 0) / 100;
    return {
      kind: 'entry',
      entry: {
        id: `dep-${b.id}`,
        code: 'deposit',
        memo: 'deposit',
        legs: [
          { account: revenueAccount(b), side: 'debit', amount: amount.toFixed(2), dims },
          { account: BANK_CLEARING, side: 'credit', amount: amount.toFixed(2) },
        ],
      },
    };
  });
  for (let i = 0; i < deposits.length; i += 33) await ledger.execute(t, deposits.slice(i, i + 33), { timeZone: ZONE, origin: 'system' });
}

/**
 * The baseline the sweep is measured against: what it would do unbatched —
 * read each child's balance, then one transfer from the child into its
 * parent, planned and written on its own. Answers the postings written.
 */
async function naiveSweep(ledger: Ledger, units: UnitDirectory, t: string, date: string): Promise<number> {
  let postings = 0;
  for (const level of ['branch', 'county', 'city'] as const) {
    for (const parent of await units.atLevel(t, LEVELS[LEVELS.indexOf(level) - 1]!)) {
      for (const child of await units.children(t, parent.id)) {
        const { state, net } = await ledger.balance(t, revenueAccount(child));
        if (!new Dec(net).gt(0)) continue;
        const dims: Record<string, Dec> = {};
        for (const [key, amount] of Object.entries(state.dims)) {
          const target = `${key.split('|')[0]!}|${child.id}`;
          dims[target] = (dims[target] ?? new Dec(0)).plus(amount);
        }
        const result = await ledger.execute(
          t,
          [
            {
              kind: 'entry',
              entry: {
                id: `sweep:${date}:${parent.id}:${child.id}`,
                code: 'sweep',
                memo: `end-of-day sweep into ${parent.id}`,
                legs: [
                  {
                    account: revenueAccount(parent),
                    side: 'debit',
                    amount: net,
                    dims: Object.fromEntries(Object.entries(dims).map(([k, v]) => [k, money(v)])),
                  },
                  { account: revenueAccount(child), side: 'credit', amount: net, dims: state.dims },
                ],
              },
            },
          ],
          { timeZone: ZONE, origin: 'system' },
        );
        postings += result.entries.reduce((n, e) => n + e.legs.length, 0);
      }
    }
  }
  return postings;
}

export async function ledgerBench() {
  const scale = process.env.BENCH_SMALL ? { cities: 3, counties: 10, branches: 100 } : { cities: 12, counties: 100, branches: 1000 };
  const dynamo = await startLocalDynamo();
  const client = createDynamoClient({ tableName: 'ledger-bench', endpoint: dynamo.endpoint });
  await ensureTable(client, 'ledger-bench');
  const store = new Store('ledger-bench', client);
  const units = new UnitDirectory(store);
  const ledger = new Ledger(store, postalPolicy(units));
  const cash = new CashManagement(ledger, units);

  const started = performance.now();
  await buildPostalCompany(cash, ledger, 'batched', scale);
  await buildPostalCompany(cash, ledger, 'naive', scale);
  console.log(`\n(set-up of two postal companies, ${scale.branches} branches × 7 fund natures each: ${((performance.now() - started) / 1000).toFixed(0)} s)`);

  const children = scale.branches + scale.counties + scale.cities;
  const measure = async (tenant: string, sweep: () => Promise<number>) => {
    store.resetMetrics();
    const t0 = performance.now();
    const postings = await sweep();
    const seconds = (performance.now() - t0) / 1000;
    const calls = { ...store.metrics.calls };
    return {
      seconds,
      postings,
      calls,
      transactions: calls.TransactWriteItems ?? 0,
      all: Object.values(calls).reduce((a, b) => a + b, 0),
      region: await ledger.balance(tenant, 'region:fund'),
    };
  };
  const batched = await measure('batched', async () => (await cash.sweep('batched', '2026-11-26', { timeZone: ZONE })).reduce((n, r) => n + r.postings, 0));
  const naive = await measure('naive', () => naiveSweep(ledger, units, 'naive', '2026-11-26'));
  if (batched.region.net !== naive.region.net || JSON.stringify(batched.region.state.dims) !== JSON.stringify(naive.region.state.dims)) {
    throw new Error(`sweeps disagree: ${batched.region.net} vs ${naive.region.net}`);
  }
  const row = (name: string, m: typeof batched) => ({
    sweep: name,
    TransactWriteItems: m.transactions,
    'per 98 children': ((m.transactions / children) * 98).toFixed(2),
    'transactions × naive': (m.transactions / naive.transactions).toFixed(3),
    'all DynamoDB calls': m.all,
    'per child': (m.all / children).toFixed(2),
    'calls × naive': (m.all / naive.all).toFixed(3),
    'wall s': m.seconds.toFixed(1),
    'postings/s': (m.postings / m.seconds).toFixed(0),
  });
  table(
    `End-of-day sweep: 1 region, ${scale.cities} cities, ${scale.counties} counties, ${scale.branches} branches × 7 fund natures, ${children} children swept (region total ${batched.region.net})`,
    [row('batched (≤ 98 children per transaction, small families packed)', batched), row('naive (one transfer per child)', naive)],
  );
  const operations = [...new Set([...Object.keys(batched.calls), ...Object.keys(naive.calls)])].sort();
  table(
    'The sweeps’ DynamoDB calls by operation',
    operations.map((op) => ({
      operation: op,
      batched: batched.calls[op] ?? 0,
      naive: naive.calls[op] ?? 0,
      'batched per child': ((batched.calls[op] ?? 0) / children).toFixed(2),
      'naive per child': ((naive.calls[op] ?? 0) / children).toFixed(2),
    })),
  );

  // Single transfers: 16 independent account pairs, then everyone paying into one hot account.
  const N = 400;
  for (let i = 0; i < 34; i++) await ledger.openAccount('tps', { id: `fund:f${i}`, name: `f${i}`, kind: 'fund' });
  await ledger.openAccount('tps', { id: 'clearing:x', name: 'x', kind: 'clearing' });
  for (let i = 0; i < 34; i++)
    await ledger.execute(
      'tps',
      [transferEntry({ id: `seed-${i}`, debit: `fund:f${i}`, credit: 'clearing:x', amount: '100000.00', currency: 'CNY', memo: 'seed' })],
      { timeZone: ZONE, origin: 'system' },
    );
  const run = async (label: string, pick: (i: number) => [string, string]) => {
    const before = { ...ledger.stats };
    const t0 = performance.now();
    await parallel(
      Array.from({ length: N }, (_, i) => i),
      8,
      (i) => {
        const [debit, credit] = pick(i);
        return ledger.execute(
          'tps',
          [transferEntry({ id: `${label}-${i}-${randomBytes(3).toString('hex')}`, debit, credit, amount: '1.00', currency: 'CNY', memo: label })],
          { timeZone: ZONE, origin: 'system' },
        );
      },
    );
    const s = (performance.now() - t0) / 1000;
    return { label, tps: N / s, replans: ledger.stats.replans - before.replans };
  };
  const free = await run('spread', (i) => [`fund:f${(i % 16) * 2}`, `fund:f${(i % 16) * 2 + 1}`]);
  const hot = await run('hot', (i) => ['fund:f33', `fund:f${i % 32}`]);
  table(`Single transfers on the local store (${N} at concurrency 8)`, [
    { case: 'no contention (16 account pairs)', 'transfers/s': free.tps.toFixed(0), 'replans (head moved)': free.replans },
    { case: 'contention (all pay into one account)', 'transfers/s': hot.tps.toFixed(0), 'replans (head moved)': hot.replans },
    { case: 'ratio contended / free', 'transfers/s': (hot.tps / free.tps).toFixed(2), 'replans (head moved)': '' },
  ]);
  await dynamo.close();
}
