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
import { type AccountInput, type Ledger, type LedgerRequest, money, netPosted } from '../../ledger/index.ts';
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
   * no posting. Entry ids derive from the date, the parent and the batch's
   * first child, so a resumed sweep never posts a batch twice.
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
      const entries: Array<{ request: LedgerRequest; items: number; total: Dec }> = [];
      for (const parent of await this.units.atLevel(tenantId, parentLevel)) {
        report.parents++;
        const children = (await this.units.children(tenantId, parent.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
        const balances = await Promise.all(children.map(async (c) => ({ unit: c, ...(await this.ledger.balance(tenantId, revenueAccount(c))) })));
        const due = balances.filter((b) => new Dec(b.net).gt(0));
        for (let i = 0; i < due.length; i += batchSize) {
          const batch = due.slice(i, i + batchSize);
          const parentDims: Record<string, Dec> = {};
          const legs = batch.map(({ unit, state, net }) => {
            for (const [key, amount] of Object.entries(state.dims)) {
              const target = `${key.split('|')[0]!}|${unit.id}`;
              parentDims[target] = (parentDims[target] ?? new Dec(0)).plus(amount);
              report.byChild[unit.id] = money(new Dec(report.byChild[unit.id] ?? 0).plus(amount));
            }
            return { account: revenueAccount(unit), side: 'credit' as const, amount: net, dims: state.dims };
          });
          const total = legs.reduce((s, l) => s.plus(l.amount), new Dec(0));
          const parentLeg = {
            account: revenueAccount(parent),
            side: 'debit' as const,
            amount: money(total),
            dims: Object.fromEntries(Object.entries(parentDims).map(([k, v]) => [k, money(v)])),
          };
          entries.push({
            request: {
              kind: 'entry',
              entry: {
                id: `sweep:${date}:${parent.id}:${batch[0]!.unit.id}`,
                code: 'sweep',
                memo: `日终归集 end-of-day sweep into ${parent.id}`,
                ref: { date, parent: parent.id },
                legs: [parentLeg, ...legs],
              },
            },
            items: legs.length + 2,
            total,
          });
        }
      }
      // Small families share a transaction: entries are packed up to the 100-write limit.
      for (const group of opts.pack === false ? entries.map((e) => [e]) : pack(entries, 100)) {
        opts.beforeBatch?.();
        const result = await this.ledger.execute(
          tenantId,
          group.map((e) => e.request),
          { timeZone: opts.timeZone, origin: 'system' },
        );
        report.batches++;
        report.postings += result.entries.reduce((n, e) => n + e.legs.length, 0);
        report.swept = money(group.reduce((s, e) => s.plus(e.total), new Dec(report.swept)));
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
