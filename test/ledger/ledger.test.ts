/**
 * The ledger against the local store: balances always balance, rules are
 * enforced by the ledger itself, retries never double-post, concurrent
 * transfers lose nothing, two-phase transfers resolve once, and the hash
 * chain exposes tampering.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { postalPolicy } from '../../shared/capabilities/cash-management/rules.ts';
import { UnitDirectory } from '../../shared/capabilities/cash-management/units.ts';
import { Dec } from '../../shared/kernel/money.ts';
import { Problem } from '../../shared/kernel/problems.ts';
import { type AccountInput, accountKeys } from '../../shared/ledger/accounts.ts';
import { type AccountReads, type EntryRequest, Ledger, type LedgerRequest, type TransferRequest, transferEntry } from '../../shared/ledger/ledger.ts';
import { money, netPosted } from '../../shared/ledger/postings.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

const ZONE = 'Asia/Shanghai';

let store: Store;
let tableName: string;
let endpoint: string;
let ledger: Ledger;
let units: UnitDirectory;
let now = new Date('2026-11-27T02:00:00Z');
let tenantSeq = 0;

const transfer = (id: string, debit: string, credit: string, amount: string): TransferRequest => ({ id, debit, credit, amount, currency: 'CNY', memo: id });
const exec = (t: string, ...ts: TransferRequest[]) => ledger.execute(t, ts.map(transferEntry), { timeZone: ZONE, origin: 'system' });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Problem);
  return (err as Problem).extensions?.rule ?? (err as Problem).slug;
};

async function freshTenant(accounts: AccountInput[]) {
  const t = `ledger-${++tenantSeq}`;
  for (const a of accounts) await ledger.openAccount(t, a);
  return t;
}

/** Sum of every account's balances: double entry means debits equal credits, posted and pending. */
async function totals(t: string, ids: string[]) {
  let dp = new Dec(0),
    cp = new Dec(0),
    dpe = new Dec(0),
    cpe = new Dec(0);
  for (const id of ids) {
    const { state } = await ledger.balance(t, id);
    dp = dp.plus(state.debitsPosted);
    cp = cp.plus(state.creditsPosted);
    dpe = dpe.plus(state.debitsPending);
    cpe = cpe.plus(state.creditsPending);
  }
  return { posted: [dp.toFixed(2), cp.toFixed(2)], pending: [dpe.toFixed(2), cpe.toFixed(2)] };
}

beforeAll(async () => {
  ({ store, tableName, endpoint } = await createTestTable('ledger'));
  units = new UnitDirectory(store);
  ledger = new Ledger(store, { ...postalPolicy(units), accounts: [{ id: 'receivable:*', kind: 'receivable', name: 'owed to us' }] }, () => now);
});

describe('transfers', () => {
  it('post both legs, record balances after, and are idempotent by id for ever', async () => {
    const t = await freshTenant([
      { id: 'clearing:bank', name: 'bank', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
    ]);
    const first = await exec(t, transfer('dep-1', 'fund:a', 'clearing:bank', '100.00'));
    expect(first.entries).toHaveLength(1);
    const again = await exec(t, transfer('dep-1', 'fund:a', 'clearing:bank', '100.00'));
    expect([again.entries.length, again.replayed.length]).toEqual([0, 1]);
    expect((await ledger.balance(t, 'fund:a')).net).toBe('100.00');
    expect((await ledger.balance(t, 'clearing:bank')).net).toBe('-100.00');
    expect(await refusal(exec(t, transfer('dep-1', 'fund:a', 'clearing:bank', '99.00')))).toBe('transfer-id-reused');
    expect((await ledger.balance(t, 'fund:a')).net).toBe('100.00');
  });

  it('apply a linked chain all or nothing', async () => {
    const t = await freshTenant([
      { id: 'clearing:bank', name: 'bank', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
      { id: 'fund:b', name: 'B', kind: 'fund' },
    ]);
    await exec(t, transfer('seed', 'fund:a', 'clearing:bank', '50.00'));
    // The second transfer would take fund:b below zero, so neither happens.
    expect(await refusal(exec(t, transfer('l1', 'fund:b', 'fund:a', '30.00'), transfer('l2', 'clearing:bank', 'fund:b', '40.00')))).toBe('balance-floor');
    expect((await ledger.balance(t, 'fund:a')).net).toBe('50.00');
    expect(await ledger.getEntry(t, 'l1')).toBeUndefined();
    await exec(t, transfer('l1', 'fund:b', 'fund:a', '30.00'), transfer('l2', 'clearing:bank', 'fund:b', '30.00'));
    expect([(await ledger.balance(t, 'fund:a')).net, (await ledger.balance(t, 'fund:b')).net]).toEqual(['20.00', '0.00']);
  });

  it('refuse what does not balance or is malformed, naming the field', async () => {
    const t = await freshTenant([
      { id: 'fund:a', name: 'A', kind: 'fund' },
      { id: 'clearing:x', name: 'x', kind: 'clearing' },
    ]);
    const bad = (legs: LedgerRequest) => ledger.execute(t, [legs], { timeZone: ZONE, origin: 'system' }).catch((e: Problem) => e.errors?.[0]?.field);
    expect(
      await bad({
        kind: 'entry',
        entry: {
          id: 'x1',
          memo: '',
          legs: [
            { account: 'fund:a', side: 'debit', amount: '10.00' },
            { account: 'clearing:x', side: 'credit', amount: '9.99' },
          ],
        },
      }),
    ).toBe('legs');
    expect(
      await bad({
        kind: 'entry',
        entry: {
          id: 'x2',
          memo: '',
          legs: [
            { account: 'fund:a', side: 'debit', amount: '1e3' },
            { account: 'clearing:x', side: 'credit', amount: '1e3' },
          ],
        },
      }),
    ).toBe('legs.0.amount');
    expect(
      await bad({
        kind: 'entry',
        entry: {
          id: 'x3',
          memo: '',
          legs: [
            { account: 'fund:a', side: 'debit', amount: '5.00', dims: { 'postal|': '4.00' } },
            { account: 'clearing:x', side: 'credit', amount: '5.00' },
          ],
        },
      }),
    ).toBe('legs.0.dims');
    expect(await refusal(exec(t, transfer('x4', 'fund:nowhere', 'clearing:x', '1.00')))).toBe('unknown-account');
  });
});

describe('account rules', () => {
  let t: string;
  beforeAll(async () => {
    t = `rules-${++tenantSeq}`;
    // A city must hang from a region: without a parent it is refused, naming the field.
    await expect(units.create(t, { id: 'city', name: 'City', level: 'city', parent: undefined as never })).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'parent', message: 'a city hangs from a region' }],
    });
    await units.create(t, { id: 'region', name: 'Region', level: 'region' });
    await units.create(t, { id: 'city', name: 'City', level: 'city', parent: 'region' });
    await units.create(t, { id: 'county', name: 'County', level: 'county', parent: 'city' });
    for (const a of [
      { id: 'clearing:bank', name: 'bank', kind: 'clearing' },
      { id: 'fee:bank', name: 'fees', kind: 'fee' },
      { id: 'interest:city', name: 'interest', kind: 'interest', unit: 'city' },
      { id: 'city:revenue', name: 'city revenue', kind: 'revenue', unit: 'city' },
      { id: 'city:expense', name: 'city expense', kind: 'expense', unit: 'city', rules: { overdraftLimit: '500.00' } },
      { id: 'county:revenue', name: 'county revenue', kind: 'revenue', unit: 'county' },
      {
        id: 'county:expense',
        name: 'county expense',
        kind: 'expense',
        unit: 'county',
        rules: { perPaymentLimit: '300.00', dailyLimit: '500.00', monthlyAllotment: '800.00', overdraftLimit: '1000.00' },
      },
      { id: 'county:payee-only', name: 'restricted', kind: 'fund', unit: 'county', rules: { allowedPayees: ['fund:supplier'] } },
      { id: 'fund:supplier', name: 'supplier', kind: 'fund' },
    ] as AccountInput[])
      await ledger.openAccount(t, a);
    await exec(t, transfer('r-seed', 'county:revenue', 'clearing:bank', '1000.00'), transfer('p-seed', 'county:payee-only', 'clearing:bank', '100.00'));
  });

  it('let a revenue account pay only its parent or bank fees', async () => {
    expect(await refusal(exec(t, transfer('r1', 'fund:supplier', 'county:revenue', '10.00')))).toBe('revenue-account-payee');
    await exec(t, transfer('r2', 'city:revenue', 'county:revenue', '10.00'));
    await exec(t, transfer('r3', 'fee:bank', 'county:revenue', '0.50'));
  });

  it('let an expense account receive only from its parent or interest', async () => {
    expect(await refusal(exec(t, transfer('e1', 'county:expense', 'clearing:bank', '10.00')))).toBe('expense-account-source');
    await exec(t, transfer('e2', 'county:expense', 'city:expense', '100.00'));
    await exec(t, transfer('e3', 'county:expense', 'interest:city', '1.25'));
  });

  it('hold per-payment, daily and allotment limits, and the intraday overdraft limit', async () => {
    expect(await refusal(exec(t, transfer('x1', 'fund:supplier', 'county:expense', '300.01')))).toBe('per-payment-limit');
    await exec(t, transfer('x2', 'fund:supplier', 'county:expense', '300.00'));
    await exec(t, transfer('x3', 'fund:supplier', 'county:expense', '200.00'));
    expect(await refusal(exec(t, transfer('x4', 'fund:supplier', 'county:expense', '0.01')))).toBe('daily-limit');
    now = new Date('2026-11-28T02:00:00Z');
    await exec(t, transfer('x5', 'fund:supplier', 'county:expense', '300.00'));
    expect(await refusal(exec(t, transfer('x6', 'fund:supplier', 'county:expense', '0.01')))).toBe('budget-allotment');
    // city:expense may go 500 below zero during the day, not further.
    await exec(t, transfer('x7', 'fund:supplier', 'city:expense', '400.00'));
    expect(await refusal(exec(t, transfer('x8', 'fund:supplier', 'city:expense', '100.01')))).toBe('overdraft-limit');
  });

  it('hold a monthly limit over the month’s payments, and start afresh the next month', async () => {
    await ledger.openAccount(t, {
      id: 'county:monthly',
      name: 'monthly',
      kind: 'fund',
      unit: 'county',
      rules: { monthlyLimit: '250.00', dailyLimit: '200.00' },
    });
    await exec(t, transfer('m-seed', 'county:monthly', 'clearing:bank', '1000.00'));
    const day = (d: string) => {
      now = new Date(`${d}T02:00:00Z`);
    };
    day('2026-12-01');
    await exec(t, transfer('m1', 'fund:supplier', 'county:monthly', '150.00'));
    day('2026-12-02'); // a new day: the daily limit is fresh, the month's total is not
    await exec(t, transfer('m2', 'fund:supplier', 'county:monthly', '100.00'));
    day('2026-12-03');
    expect(await refusal(exec(t, transfer('m3', 'fund:supplier', 'county:monthly', '0.01')))).toBe('monthly-limit');
    day('2027-01-02');
    await exec(t, transfer('m4', 'fund:supplier', 'county:monthly', '200.00'));
    expect(await refusal(exec(t, transfer('m5', 'fund:supplier', 'county:monthly', '50.01')))).toBe('daily-limit');
    day('2027-01-03');
    expect(await refusal(exec(t, transfer('m6', 'fund:supplier', 'county:monthly', '50.01')))).toBe('monthly-limit');
    await exec(t, transfer('m7', 'fund:supplier', 'county:monthly', '50.00'));
  });

  it('let a restricted account pay only its allowed payees', async () => {
    expect(await refusal(exec(t, transfer('a1', 'fund:nope', 'county:payee-only', '1.00')))).toBe('unknown-account');
    await ledger.openAccount(t, { id: 'fund:other', name: 'other', kind: 'fund' });
    expect(await refusal(exec(t, transfer('a2', 'fund:other', 'county:payee-only', '1.00')))).toBe('payee-not-allowed');
    await exec(t, transfer('a3', 'fund:supplier', 'county:payee-only', '1.00'));
  });
});

describe('two-phase transfers', () => {
  it('reserve, post partially, and release the rest; a pending transfer resolves once', async () => {
    const t = await freshTenant([
      { id: 'clearing:bank', name: 'bank', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
      { id: 'fund:b', name: 'B', kind: 'fund' },
    ]);
    await exec(t, transfer('seed', 'fund:a', 'clearing:bank', '100.00'));
    const reserve: LedgerRequest = {
      kind: 'entry',
      entry: {
        id: 'hold',
        memo: 'hold',
        pending: { timeoutSeconds: 3600 },
        legs: [
          { account: 'fund:b', side: 'debit', amount: '80.00' },
          { account: 'fund:a', side: 'credit', amount: '80.00' },
        ],
      },
    };
    await ledger.execute(t, [reserve], { timeZone: ZONE, origin: 'system' });
    // The reservation counts against the floor: only 20 is left to pay.
    expect(await refusal(exec(t, transfer('too-much', 'clearing:bank', 'fund:a', '20.01')))).toBe('balance-floor');
    await ledger.execute(t, [{ kind: 'post-pending', id: 'hold-post', pendingId: 'hold', amount: '60.00' }], { timeZone: ZONE, origin: 'system' });
    expect([(await ledger.balance(t, 'fund:a')).net, (await ledger.balance(t, 'fund:b')).net]).toEqual(['40.00', '60.00']);
    expect((await ledger.balance(t, 'fund:a')).state.creditsPending).toBe('0.00');
    expect(await refusal(ledger.execute(t, [{ kind: 'void-pending', id: 'hold-void', pendingId: 'hold' }], { timeZone: ZONE, origin: 'system' }))).toBe(
      'pending-already-resolved',
    );
    expect((await ledger.getEntry(t, 'hold'))?.status).toBe('posted-from-pending');
  });

  it('refuse to post an expired reservation, but void it', async () => {
    const t = await freshTenant([
      { id: 'clearing:bank', name: 'bank', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
    ]);
    await ledger.execute(
      t,
      [
        {
          kind: 'entry',
          entry: {
            id: 'h',
            memo: '',
            pending: { timeoutSeconds: 60 },
            legs: [
              { account: 'fund:a', side: 'debit', amount: '5.00' },
              { account: 'clearing:bank', side: 'credit', amount: '5.00' },
            ],
          },
        },
      ],
      { timeZone: ZONE, origin: 'system' },
    );
    now = new Date(now.getTime() + 61_000);
    expect(await refusal(ledger.execute(t, [{ kind: 'post-pending', id: 'h-post', pendingId: 'h' }], { timeZone: ZONE, origin: 'system' }))).toBe(
      'pending-expired',
    );
    await ledger.execute(t, [{ kind: 'void-pending', id: 'h-void', pendingId: 'h' }], { timeZone: ZONE, origin: 'system' });
    expect((await ledger.balance(t, 'fund:a')).state.debitsPending).toBe('0.00');
  });
});

describe('properties', () => {
  const ACCOUNTS = ['fund:a', 'fund:b', 'fund:c', 'clearing:x'];
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('transfer' as const),
      from: fc.constantFrom(...ACCOUNTS),
      to: fc.constantFrom(...ACCOUNTS),
      cents: fc.integer({ min: 1, max: 20_000 }),
      retry: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('hold' as const),
      from: fc.constantFrom(...ACCOUNTS),
      to: fc.constantFrom(...ACCOUNTS),
      cents: fc.integer({ min: 1, max: 20_000 }),
      resolve: fc.constantFrom('post', 'void', 'partial', 'none'),
    }),
  );

  it('keep the ledger balanced and every floor respected, whatever the sequence, retries and refusals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const t = await freshTenant(ACCOUNTS.map((id) => ({ id, name: id, kind: id.startsWith('fund') ? 'fund' : 'clearing' }) as AccountInput));
        let applied = 0;
        for (const [i, o] of ops.entries()) {
          if (o.from === o.to) continue;
          const amount = (o.cents / 100).toFixed(2);
          try {
            if (o.kind === 'transfer') {
              const r = await exec(t, transfer(`t${i}`, o.to, o.from, amount));
              applied += r.entries.length;
              if (o.retry) expect((await exec(t, transfer(`t${i}`, o.to, o.from, amount))).entries).toHaveLength(0);
            } else {
              await ledger.execute(
                t,
                [
                  {
                    kind: 'entry',
                    entry: {
                      id: `h${i}`,
                      memo: '',
                      pending: {},
                      legs: [
                        { account: o.to, side: 'debit', amount },
                        { account: o.from, side: 'credit', amount },
                      ],
                    },
                  },
                ],
                { timeZone: ZONE, origin: 'system' },
              );
              applied++;
              if (o.resolve === 'post')
                await ledger.execute(t, [{ kind: 'post-pending', id: `h${i}p`, pendingId: `h${i}` }], { timeZone: ZONE, origin: 'system' });
              if (o.resolve === 'partial')
                await ledger.execute(t, [{ kind: 'post-pending', id: `h${i}p`, pendingId: `h${i}`, amount: (Math.ceil(o.cents / 2) / 100).toFixed(2) }], {
                  timeZone: ZONE,
                  origin: 'system',
                });
              if (o.resolve === 'void')
                await ledger.execute(t, [{ kind: 'void-pending', id: `h${i}v`, pendingId: `h${i}` }], { timeZone: ZONE, origin: 'system' });
            }
          } catch (err) {
            expect(err).toBeInstanceOf(Problem);
            expect((err as Problem).extensions?.rule).toBe('balance-floor');
          }
        }
        const sums = await totals(t, ACCOUNTS);
        expect(sums.posted[0]).toBe(sums.posted[1]);
        expect(sums.pending[0]).toBe(sums.pending[1]);
        for (const id of ACCOUNTS.filter((a) => a.startsWith('fund'))) {
          const { state, net } = await ledger.balance(t, id);
          expect(new Dec(net).minus(state.creditsPending).gte(0)).toBe(true);
          expect((await ledger.verify(t, id)).ok).toBe(true);
        }
        // Every entry that was applied is in the day's journal once, and none that was refused.
        const journal = await ledger.journal(t, new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(now));
        expect(journal.filter((e) => /^[th]\d+$/.test(e.id))).toHaveLength(applied);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('lose no update when transfers race on the same accounts', async () => {
    const t = await freshTenant([
      { id: 'clearing:x', name: 'x', kind: 'clearing' },
      { id: 'fund:hot', name: 'hot', kind: 'fund' },
      { id: 'fund:other', name: 'o', kind: 'fund' },
    ]);
    const n = 24;
    await Promise.all(Array.from({ length: n }, (_, i) => exec(t, transfer(`race-${i}`, i % 2 ? 'fund:hot' : 'fund:other', 'clearing:x', '1.25'))));
    await Promise.all(Array.from({ length: n }, (_, i) => exec(t, transfer(`race-again-${i}`, 'fund:hot', 'clearing:x', '0.50'))));
    expect((await ledger.balance(t, 'fund:hot')).net).toBe(
      new Dec(1.25)
        .times(n / 2)
        .plus(new Dec(0.5).times(n))
        .toFixed(2),
    );
    expect((await ledger.balance(t, 'clearing:x')).state.seq).toBe(2 * n);
    expect((await ledger.verify(t, 'fund:hot')).ok).toBe(true);
  });
});

describe('planning from one read', () => {
  /** Empties fund:a into fund:b, by whatever fund:a held when read. */
  const emptyA = (id: string) => (reads: AccountReads) => {
    const a = reads.get('fund:a')!;
    return [transferEntry(transfer(id, 'fund:b', 'fund:a', money(netPosted(a.account, a.state))))];
  };

  it('read each account once, configurations in one batched read, and plan from that read', async () => {
    const t = await freshTenant([
      { id: 'clearing:x', name: 'x', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
      { id: 'fund:b', name: 'B', kind: 'fund' },
    ]);
    await exec(t, transfer('seed', 'fund:a', 'clearing:x', '40.00'));
    store.resetMetrics();
    await ledger.readAndExecute(t, ['fund:a', 'fund:b'], emptyA('empty-a'), { timeZone: ZONE, origin: 'system' });
    // A head query per account, one batched read of both configurations, one of the entry id, one transaction: nothing read twice.
    expect(store.metrics.calls).toEqual({ Query: 2, BatchGetItem: 2, TransactWriteItems: 1 });
    expect([(await ledger.balance(t, 'fund:a')).net, (await ledger.balance(t, 'fund:b')).net]).toEqual(['0.00', '40.00']);
  });

  it('read and plan again when a posting lands between the read and the write, and double nothing', async () => {
    const t = await freshTenant([
      { id: 'clearing:x', name: 'x', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
      { id: 'fund:b', name: 'B', kind: 'fund' },
    ]);
    await exec(t, transfer('seed', 'fund:a', 'clearing:x', '40.00'));
    // The reader has a client of its own; a payment into fund:a goes through another just before the reader's first write.
    const reader = new Store(tableName, createDynamoClient({ tableName, endpoint }));
    const readerLedger = new Ledger(reader, {}, () => now);
    let landed = false;
    reader.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !landed) {
          landed = true;
          await exec(t, transfer('late', 'fund:a', 'clearing:x', '2.50'));
        }
        return next(args);
      },
      { step: 'initialize', name: 'postingLandsFirst' },
    );
    const built: string[] = [];
    const result = await readerLedger.readAndExecute(
      t,
      ['fund:a', 'fund:b'],
      (reads) => {
        const requests = emptyA('empty-a')(reads);
        built.push((requests[0] as { entry: EntryRequest }).entry.legs[0]!.amount);
        return requests;
      },
      { timeZone: ZONE, origin: 'system' },
    );
    // The first plan, from the read before the payment, was refused whole; the second moved what was there by then.
    expect(built).toEqual(['40.00', '42.50']);
    expect(readerLedger.stats).toEqual({ executed: 1, replans: 1 });
    expect(reader.metrics.calls.TransactWriteItems).toBe(2);
    expect(result.entries.map((e) => e.legs.map((l) => l.amount))).toEqual([['42.50', '42.50']]);
    expect([(await ledger.balance(t, 'fund:a')).net, (await ledger.balance(t, 'fund:b')).net]).toEqual(['0.00', '42.50']);
    // Debits equal credits: 40.00 and 2.50 into fund:a, 42.50 out of it into fund:b.
    expect(await totals(t, ['clearing:x', 'fund:a', 'fund:b'])).toEqual({ posted: ['85.00', '85.00'], pending: ['0.00', '0.00'] });
    expect((await ledger.verify(t, 'fund:a')).ok).toBe(true);
    // Run again with the same id: a replay, nothing moved twice.
    const again = await readerLedger.readAndExecute(t, ['fund:a', 'fund:b'], () => [transferEntry(transfer('empty-a', 'fund:b', 'fund:a', '42.50'))], {
      timeZone: ZONE,
      origin: 'system',
    });
    expect([again.entries.length, again.replayed.length]).toEqual([0, 1]);
    expect((await ledger.balance(t, 'fund:b')).net).toBe('42.50');
  });
});

describe('history', () => {
  it('gives opening and closing balances for any period from the postings alone', async () => {
    now = new Date('2026-10-31T04:00:00Z');
    const t = await freshTenant([
      { id: 'clearing:x', name: 'x', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
    ]);
    for (const [day, amount] of [
      ['2026-11-01', '10.00'],
      ['2026-11-02', '20.00'],
      ['2026-11-03', '40.00'],
    ] as const) {
      now = new Date(`${day}T04:00:00Z`);
      await exec(t, transfer(`d-${day}`, 'fund:a', 'clearing:x', amount));
    }
    const s = await ledger.statement(t, 'fund:a', '2026-11-02', '2026-11-02');
    expect([s.opening.net, s.closing.net, s.postings.map((p) => p.amount)]).toEqual(['10.00', '30.00', ['20.00']]);
    const all = await ledger.statement(t, 'fund:a', '2026-10-01', '2026-12-31');
    expect([all.opening.net, all.closing.net, all.postings.length]).toEqual(['0.00', '70.00', 3]);
  });

  it('chains the first posting of an account a flow opens on first use to its genesis posting', async () => {
    const t = await freshTenant([{ id: 'clearing:x', name: 'x', kind: 'clearing' }]);
    await exec(t, transfer('auto-1', 'receivable:someone', 'clearing:x', '3.00'), transfer('auto-2', 'receivable:someone', 'clearing:x', '4.00'));
    expect(await ledger.verify(t, 'receivable:someone')).toEqual({ ok: true, postings: 3, problems: [] });
    expect((await ledger.getAccount(t, 'receivable:someone'))?.name).toBe('owed to us');
  });

  it('opens nothing for a caller naming an account, nor an undeclared name for a flow, and lets callers move no system account', async () => {
    const t = await freshTenant([
      { id: 'clearing:x', name: 'x', kind: 'clearing' },
      { id: 'clearing:y', name: 'y', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
    ]);
    const asCaller = (r: TransferRequest) => ledger.execute(t, [transferEntry(r)], { timeZone: ZONE, origin: 'caller' });
    await expect(asCaller(transfer('c-1', 'receivable:someone', 'clearing:x', '1.00'))).rejects.toMatchObject({ slug: 'unknown-account' });
    await expect(exec(t, transfer('c-2', 'payable:nobody-declared', 'clearing:x', '1.00'))).rejects.toMatchObject({ slug: 'unknown-account' });
    expect(await ledger.getAccount(t, 'receivable:someone')).toBeUndefined();
    await expect(asCaller(transfer('c-3', 'clearing:y', 'fund:a', '1.00'))).rejects.toMatchObject({
      slug: 'transfer-refused',
      extensions: { rule: 'system-account', account: 'fund:a' },
    });
    await exec(t, transfer('c-4', 'receivable:someone', 'clearing:x', '2.00'));
    await expect(asCaller(transfer('c-5', 'clearing:y', 'receivable:someone', '2.00'))).rejects.toMatchObject({ extensions: { rule: 'system-account' } });
    await expect(asCaller(transfer('c-6', 'clearing:x', 'clearing:y', '1.00'))).resolves.toMatchObject({ entries: [{ id: 'c-6' }] });
    await expect(ledger.openAccount(t, { id: 'fund:b', name: 'B', kind: 'fund' }, 'caller')).rejects.toMatchObject({ status: 400 });
    await expect(ledger.openAccount(t, { id: 'receivable:other', name: 'o', kind: 'receivable' }, 'caller')).rejects.toMatchObject({ status: 400 });
    await expect(ledger.openAccount(t, { id: 'clearing:z', name: 'z', kind: 'clearing' }, 'caller')).resolves.toMatchObject({ id: 'clearing:z' });
  });

  it('detects an edited posting and a missing one', async () => {
    const t = await freshTenant([
      { id: 'clearing:x', name: 'x', kind: 'clearing' },
      { id: 'fund:a', name: 'A', kind: 'fund' },
    ]);
    for (let i = 0; i < 4; i++) await exec(t, transfer(`v${i}`, 'fund:a', 'clearing:x', '1.00'));
    expect(await ledger.verify(t, 'fund:a')).toEqual({ ok: true, postings: 5, problems: [] });
    const key = accountKeys.posting(t, 'fund:a', 2);
    const item = (await store.get(key))!;
    await store.put({ ...item, amount: '100.00', debitsPosted: '101.00' });
    expect((await ledger.verify(t, 'fund:a')).problems).toEqual(['posting 2 was altered (hash mismatch)']);
    await store.put(item);
    await store.delete(accountKeys.posting(t, 'fund:a', 3));
    const report = await ledger.verify(t, 'fund:a');
    expect(report.ok).toBe(false);
    expect(report.problems).toContain('posting 3 is missing');
  });
});
