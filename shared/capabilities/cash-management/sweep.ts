/**
 * Postal cash management on the ledger (the seed's fourth document):
 * each unit below the region has a revenue account (收入户) and an expense
 * account (支出户); the region has one combined fund account (收支合一).
 * Revenue is deposited at branches by fund nature during the day and swept
 * up level by level at end of day; expense overdrafts are covered by the
 * parent at end of day.
 */
import { Dec } from '../../kernel/money.ts';
import { Problem, problems } from '../../kernel/problems.ts';
import { type AccountInput, type AccountReads, type Ledger, type LedgerRequest, type Leg, money, netPosted } from '../../ledger/index.ts';
import type { FundNature } from './fund-natures.ts';
import { LEVELS, type Unit, type UnitDirectory } from './units.ts';

export const BANK_CLEARING = 'clearing:bank';
export const BANK_FEES = 'fee:bank';

/** One transaction holds 100 writes: the entry, the parent's posting, and one posting per child (98). */
export const SWEEP_BATCH = 98;

export const revenueAccount = (unit: Unit) => (unit.level === 'region' ? `${unit.id}:fund` : `${unit.id}:revenue`);
export const expenseAccount = (unit: Unit) => (unit.level === 'region' ? `${unit.id}:fund` : `${unit.id}:expense`);
export const interestAccount = (unitId: string) => `interest:${unitId}`;

export interface UnitBudget {
  /** The parent's intraday overdraft allowance for the unit's expense account. */
  overdraftLimit?: string;
  /** The monthly spending allotment the parent sets (预算定支额度). */
  monthlyAllotment?: string;
}

export interface SweepReport {
  level: string;
  parents: number;
  batches: number;
  postings: number;
  swept: string;
  /** Per child, per fund nature: what went up (for internal pricing). */
  byChild: Record<string, string>;
}

export interface CoverReport {
  covered: Array<{ unit: string; amount: string }>;
  shortfalls: Array<{ unit: string; amount: string; reason: string }>;
}

export class CashManagement {
  constructor(
    private readonly ledger: Ledger,
    private readonly units: UnitDirectory,
  ) {}

  /** Creates a unit with its accounts (idempotent). */
  async addUnit(tenantId: string, unit: Unit, budget: UnitBudget = {}): Promise<Unit> {
    const created = await this.units.create(tenantId, unit);
    const accounts: AccountInput[] =
      unit.level === 'region'
        ? [{ id: revenueAccount(unit), name: `${unit.name} 资金账户`, kind: 'fund', unit: unit.id }]
        : [
            { id: revenueAccount(unit), name: `${unit.name} 收入户`, kind: 'revenue', unit: unit.id },
            { id: expenseAccount(unit), name: `${unit.name} 支出户`, kind: 'expense', unit: unit.id, rules: budget },
          ];
    if (unit.level !== 'branch') accounts.push({ id: interestAccount(unit.id), name: `${unit.name} 内部计价`, kind: 'interest', unit: unit.id });
    for (const a of accounts) await this.ledger.openAccount(tenantId, a);
    await this.ledger.openAccount(tenantId, { id: BANK_CLEARING, name: '银行存款在途 Bank clearing', kind: 'clearing' });
    await this.ledger.openAccount(tenantId, { id: BANK_FEES, name: '银行手续费 Bank fees', kind: 'fee' });
    return created;
  }

  /** Revenue taken at a branch, by fund nature, into its revenue account. */
  async deposit(tenantId: string, input: { id: string; unit: string; fundNature: FundNature; amount: string; memo?: string }, timeZone: string) {
    const unit = await this.units.get(tenantId, input.unit);
    if (!unit) throw problems.notFound(`Unit ${input.unit}`);
    const account = revenueAccount(unit);
    const request: LedgerRequest = {
      kind: 'entry',
      entry: {
        id: input.id,
        code: 'deposit',
        memo: input.memo ?? `营收存入 deposit ${input.fundNature}`,
        ref: { unit: unit.id, fundNature: input.fundNature },
        legs: [
          { account, side: 'debit', amount: input.amount, dims: { [`${input.fundNature}|`]: input.amount } },
          { account: BANK_CLEARING, side: 'credit', amount: input.amount },
        ],
      },
    };
    return this.ledger.execute(tenantId, [request], { timeZone, origin: 'system' });
  }

  /** A fee the bank charged a unit's revenue account (booked to its `other` sub-ledger). */
  async bankFee(tenantId: string, input: { id: string; unit: string; amount: string; memo?: string }, timeZone: string) {
    const unit = await this.units.get(tenantId, input.unit);
    if (!unit) throw problems.notFound(`Unit ${input.unit}`);
    const request: LedgerRequest = {
      kind: 'entry',
      entry: {
        id: input.id,
        code: 'bank-fee',
        memo: input.memo ?? '银行手续费 bank fee',
        ref: { unit: unit.id },
        legs: [
          { account: BANK_FEES, side: 'debit', amount: input.amount },
          { account: revenueAccount(unit), side: 'credit', amount: input.amount },
        ],
      },
    };
    return this.ledger.execute(tenantId, [request], { timeZone, origin: 'system' });
  }

  /**
   * End-of-day sweep (日终逐级自动归集): branches into counties, counties into
   * cities, cities into the region, so each level is complete before it is
   * swept itself. A parent's posting is written once per batch of up to 98
   * children, and the batches of small families are packed together into
   * transactions of up to 100 writes; children with nothing to sweep produce
   * no posting. Each transaction's accounts are read once, in one batched
   * read, and its amounts planned from that read; a posting that lands in
   * between fails the transaction, and that batch is read and planned
   * again. Entry ids derive from the date, the parent and the batch's first
   * child with something to sweep, so a resumed sweep never posts a batch
   * twice.
   */
  async sweep(
    tenantId: string,
    date: string,
    opts: { timeZone: string; batchSize?: number; pack?: boolean; beforeBatch?: () => void },
  ): Promise<SweepReport[]> {
    const reports: SweepReport[] = [];
    const batchSize = opts.batchSize ?? SWEEP_BATCH;
    for (const level of [...LEVELS].reverse().slice(0, -1)) {
      const report: SweepReport = { level, parents: 0, batches: 0, postings: 0, swept: '0.00', byChild: {} };
      const parentLevel = LEVELS[LEVELS.indexOf(level) - 1]!;
      // The whole level's units in two queries, rather than one query of children per parent.
      const parents = byId(await this.units.atLevel(tenantId, parentLevel));
      const below = new Map<string, Unit[]>();
      for (const child of byId(await this.units.atLevel(tenantId, level))) {
        const family = below.get(child.parent!) ?? [];
        family.push(child);
        below.set(child.parent!, family);
      }
      const batches: Batch[] = [];
      for (const parent of parents) {
        report.parents++;
        const children = below.get(parent.id) ?? [];
        for (let i = 0; i < children.length; i += batchSize) {
          const batch = children.slice(i, i + batchSize);
          batches.push({ parent, children: batch, items: batch.length + 2 });
        }
      }
      // Packed by every child a batch could move, so a transaction fits whatever its read finds due.
      for (const group of opts.pack === false ? batches.map((b) => [b]) : pack(batches, 100)) {
        const unitOf = new Map(group.flatMap((b) => b.children.map((c) => [revenueAccount(c), c.id] as const)));
        const ids = group.flatMap((b) => [revenueAccount(b.parent), ...b.children.map(revenueAccount)]);
        let announced = false;
        const result = await this.ledger.readAndExecute(
          tenantId,
          ids,
          (reads) => {
            const requests = group.flatMap((b) => sweepEntry(b, reads, date));
            // The run's checkpoint comes before the group's first write, once, however often a moved head makes it replan.
            if (requests.length && !announced) {
              announced = true;
              opts.beforeBatch?.();
            }
            return requests;
          },
          { timeZone: opts.timeZone, origin: 'system' },
        );
        const moved = [...result.entries, ...result.replayed];
        if (moved.length === 0) continue;
        report.batches++;
        report.postings += result.entries.reduce((n, e) => n + e.legs.length, 0);
        for (const entry of moved) {
          for (const leg of entry.legs) {
            const child = unitOf.get(leg.account);
            if (leg.side === 'debit') report.swept = money(new Dec(report.swept).plus(leg.amount));
            else if (child) report.byChild[child] = money(Object.values(leg.dims ?? {}).reduce((s, v) => s.plus(v), new Dec(report.byChild[child] ?? 0)));
          }
        }
      }
      reports.push(report);
    }
    return reports;
  }

  /**
   * End-of-day overdraft cover (日间透支日终补足): every expense account below
   * its floor is topped up by its parent — bottom up, so a parent that goes
   * short covering its children is itself covered next. What a parent cannot
   * pay (its own rules refuse) is reported as a shortfall.
   */
  async coverOverdrafts(tenantId: string, date: string, opts: { timeZone: string }): Promise<CoverReport> {
    const report: CoverReport = { covered: [], shortfalls: [] };
    for (const level of ['branch', 'county', 'city'] as const) {
      for (const unit of (await this.units.atLevel(tenantId, level)).sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const { account, state } = await this.ledger.balance(tenantId, expenseAccount(unit));
        const net = netPosted(account, state);
        const floor = new Dec(account.rules.floor ?? 0);
        if (net.gte(floor)) continue;
        const amount = money(floor.minus(net));
        const parent = (await this.units.get(tenantId, unit.parent!))!;
        try {
          await this.ledger.execute(
            tenantId,
            [
              {
                kind: 'entry',
                entry: {
                  id: `cover:${date}:${unit.id}`,
                  code: 'overdraft-cover',
                  memo: `透支补足 overdraft cover for ${unit.id}`,
                  ref: { date, unit: unit.id },
                  legs: [
                    { account: expenseAccount(unit), side: 'debit', amount },
                    { account: expenseAccount(parent), side: 'credit', amount },
                  ],
                },
              },
            ],
            { timeZone: opts.timeZone, origin: 'system' },
          );
          report.covered.push({ unit: unit.id, amount });
        } catch (err) {
          if (!(err instanceof Problem)) throw err;
          report.shortfalls.push({ unit: unit.id, amount, reason: err.detail });
        }
      }
    }
    return report;
  }

  /** The sub-ledger view a unit's finance staff see of their own revenue account: `<fundNature>|<subordinate>` → amount. */
  async subLedgers(tenantId: string, unitId: string) {
    const unit = await this.units.get(tenantId, unitId);
    if (!unit) throw problems.notFound(`Unit ${unitId}`);
    const { state, net } = await this.ledger.balance(tenantId, revenueAccount(unit));
    const rows = Object.entries(state.dims).map(([key, amount]) => {
      const [fundNature, subordinate] = key.split('|') as [string, string];
      return { fundNature, subordinate: subordinate || unitId, amount };
    });
    // The region looks at cities first, then fund natures; cities and counties the other way round.
    const byFirst = unit.level === 'region' ? 'subordinate' : 'fundNature';
    const bySecond = byFirst === 'subordinate' ? 'fundNature' : 'subordinate';
    const tree: Record<string, { total: string; items: Record<string, string> }> = {};
    for (const r of rows) {
      const node = tree[r[byFirst]] ?? { total: '0.00', items: {} };
      tree[r[byFirst]] = node;
      node.total = money(new Dec(node.total).plus(r.amount));
      node.items[r[bySecond]] = money(new Dec(node.items[r[bySecond]] ?? 0).plus(r.amount));
    }
    return { unit, account: revenueAccount(unit), balance: net, levels: [byFirst, bySecond], tree };
  }
}

/** A parent and up to 98 of its children, and the writes sweeping them all would take. */
interface Batch {
  parent: Unit;
  children: Unit[];
  items: number;
}

const byId = (units: Unit[]) => [...units].sort((a, b) => (a.id < b.id ? -1 : 1));

/**
 * The entry sweeping a batch's children into its parent, from balances just
 * read: each child with money in it is emptied, its sub-ledgers moving to
 * the parent's `<fundNature>|<child>`; none when no child has anything.
 */
function sweepEntry(batch: Batch, reads: AccountReads, date: string): LedgerRequest[] {
  const parentDims: Record<string, Dec> = {};
  const legs: Leg[] = [];
  for (const unit of batch.children) {
    const read = reads.get(revenueAccount(unit));
    if (!read) throw problems.notFound(`Account ${revenueAccount(unit)}`);
    const net = netPosted(read.account, read.state);
    if (!net.gt(0)) continue;
    for (const [key, amount] of Object.entries(read.state.dims)) {
      const target = `${key.split('|')[0]!}|${unit.id}`;
      parentDims[target] = (parentDims[target] ?? new Dec(0)).plus(amount);
    }
    legs.push({ account: revenueAccount(unit), side: 'credit', amount: money(net), dims: read.state.dims });
  }
  if (legs.length === 0) return [];
  const total = legs.reduce((s, l) => s.plus(l.amount), new Dec(0));
  const parentLeg: Leg = {
    account: revenueAccount(batch.parent),
    side: 'debit',
    amount: money(total),
    dims: Object.fromEntries(Object.entries(parentDims).map(([k, v]) => [k, money(v)])),
  };
  const first = batch.children.find((c) => revenueAccount(c) === legs[0]!.account)!;
  return [
    {
      kind: 'entry',
      entry: {
        id: `sweep:${date}:${batch.parent.id}:${first.id}`,
        code: 'sweep',
        memo: `日终归集 end-of-day sweep into ${batch.parent.id}`,
        ref: { date, parent: batch.parent.id },
        legs: [parentLeg, ...legs],
      },
    },
  ];
}

/** Greedy packing in order: each group's item count stays within the limit. */
function pack<T extends { items: number }>(entries: T[], limit: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const e of entries) {
    if (size + e.items > limit && current.length) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += e.items;
  }
  if (current.length) groups.push(current);
  return groups;
}
