/**
 * The double-entry ledger. An entry (a transfer is a two-leg entry) is
 * written in one TransactWriteItems: the entry item, keyed by the caller's
 * id and holding the request's fingerprint (so the id is idempotent for
 * ever, and reusing it for something else is refused), and one new head
 * posting per touched account, each a conditional put of seq n+1. Rules are
 * checked against the heads just read; if any head moved meanwhile the
 * transaction fails and the whole plan is redone on fresh state.
 */

import { DateTime } from 'luxon';
import { fingerprintOf } from '../kernel/json.ts';
import { amountProblem, Dec } from '../kernel/money.ts';
import { problems } from '../kernel/problems.ts';
import { CONTENTION, withRetries } from '../kernel/retry.ts';
import { ledgerProblem } from './problems.ts';

export { ledgerProblem };

import { conditions, type Item, type Store, TransactionConflict, type WriteAction } from '../store/store.ts';
import { ACCOUNT_ID, type Account, type AccountInput, accountKeys, accountSchema, normalSide, SYSTEM_KINDS, templateMatches } from './accounts.ts';
import { type AccountState, money, netPosted, openingState, type Posting, postingItem, sealPosting, stateOf } from './postings.ts';
import { checkLeg, isOutflow, type LedgerPolicy } from './rules.ts';

export interface Leg {
  account: string;
  side: 'debit' | 'credit';
  amount: string;
  /** Sub-ledger breakdown `<fundNature>|<unit>` → amount; must add up to the leg's amount. */
  dims?: Record<string, string>;
}

export interface EntryRequest {
  id: string;
  legs: Leg[];
  memo: string;
  code?: string;
  ref?: Record<string, string>;
  /** A two-phase transfer: reserve now, post or void later (optionally expiring). */
  pending?: { timeoutSeconds?: number };
}

export type LedgerRequest =
  | { kind: 'entry'; entry: EntryRequest }
  | { kind: 'post-pending'; id: string; pendingId: string; amount?: string; memo?: string }
  | { kind: 'void-pending'; id: string; pendingId: string; memo?: string };

/** A plain transfer, as modules produce them (the foundation's settlement interface). */
export interface TransferRequest {
  id: string;
  debit: string;
  credit: string;
  amount: string;
  currency: 'CNY';
  memo: string;
  ref?: Record<string, string>;
  debitDim?: string;
  creditDim?: string;
}

export function transferEntry(t: TransferRequest): LedgerRequest {
  return {
    kind: 'entry',
    entry: {
      id: t.id,
      memo: t.memo,
      ref: t.ref,
      legs: [
        { account: t.debit, side: 'debit', amount: t.amount, ...(t.debitDim ? { dims: { [t.debitDim]: t.amount } } : {}) },
        { account: t.credit, side: 'credit', amount: t.amount, ...(t.creditDim ? { dims: { [t.creditDim]: t.amount } } : {}) },
      ],
    },
  };
}

export interface EntryRecord {
  id: string;
  tenantId: string;
  kind: 'entry' | 'post-pending' | 'void-pending';
  legs: Array<Leg & { seq: number }>;
  memo: string;
  code?: string;
  ref?: Record<string, string>;
  status: 'posted' | 'pending' | 'posted-from-pending' | 'voided' | 'expired';
  pendingId?: string;
  expiresAt?: string;
  postedAt: string;
  date: string;
  fingerprint: string;
}

export interface PlanResult {
  actions: WriteAction[];
  entries: EntryRecord[];
  /** Entries that already existed with the same content (idempotent retries). */
  replayed: EntryRecord[];
}

/** An account as read for planning: its configuration and its head, by account id. */
export type AccountReads = ReadonlyMap<string, { account: Account; state: AccountState }>;

const ENTRY_ID = /^[\w:.#-]{1,200}$/;
/** Accounts whose balance is always fully broken down by `<fundNature>|<unit>`. */
export const SUB_LEDGER_KINDS: readonly string[] = ['revenue', 'fund'];

/**
 * Who asks. `system`: the platform's own flows (a kind's use case, a nightly
 * step, a settlement), which may open their declared accounts and move
 * system accounts. `caller`: a person or machine through the ledger's public
 * API, which may do neither.
 */
export type Origin = 'system' | 'caller';
const MAX_ATTEMPTS = 40;
/** Heads are read by one query each (a head's key is not known before it is read): this many at a time. */
const HEAD_READS_IN_FLIGHT = 25;

export class Ledger {
  /** Plans redone because a head moved underneath (contention), since this instance was made. */
  readonly stats = { executed: 0, replans: 0 };

  constructor(
    private readonly store: Store,
    private readonly policy: LedgerPolicy = {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  // ----------------------------------------------------------- accounts

  /** Whether only the platform's own flows may move the account: a system kind, or one a flow declared. */
  isSystem(account: Pick<Account, 'id' | 'kind'>): boolean {
    return SYSTEM_KINDS.includes(account.kind) || (this.policy.accounts ?? []).some((t) => templateMatches(t, account.id));
  }

  /**
   * Opens an account with its genesis posting; opening the same account
   * again is a no-op. A caller (an admin through the API) may not open a
   * system account: those are the flows' own.
   */
  async openAccount(tenantId: string, input: AccountInput, origin: Origin = 'system'): Promise<Account> {
    const parsed = accountSchema.parse(input);
    if (origin === 'caller' && this.isSystem(parsed)) {
      throw problems.validation([
        {
          field: SYSTEM_KINDS.includes(parsed.kind) ? 'kind' : 'id',
          message: 'interest, fee and fund accounts, and the accounts flows book to, are opened by those flows',
        },
      ]);
    }
    const existing = await this.getAccount(tenantId, parsed.id);
    if (existing) return existing;
    const now = this.clock().toISOString();
    const account: Account = { ...parsed, tenantId, createdAt: now };
    try {
      await this.store.transact(this.opening(tenantId, account, now).actions);
    } catch (err) {
      if (!(err instanceof TransactionConflict)) throw err;
    }
    return (await this.getAccount(tenantId, parsed.id))!;
  }

  /** Changes an account's rules (limits, allotment, payees). */
  async setRules(tenantId: string, id: string, rules: Account['rules']): Promise<Account> {
    const account = await this.getAccount(tenantId, id);
    if (!account) throw problems.notFound(`Account ${id}`);
    const next = { ...account, rules };
    await this.store.put({ ...accountKeys.config(tenantId, id), entity: 'account', ...this.accountAttrs(next) }, conditions.present());
    return next;
  }

  async getAccount(tenantId: string, id: string): Promise<Account | undefined> {
    if (!ACCOUNT_ID.test(id)) return undefined;
    const item = await this.store.get(accountKeys.config(tenantId, id));
    return item ? toAccount(item) : undefined;
  }

  async listAccounts(tenantId: string, unit: string): Promise<Account[]> {
    const page = await this.store.query({ index: 'gsi2', pk: accountKeys.ofUnit(tenantId, unit) });
    return page.items.map(toAccount);
  }

  async head(tenantId: string, id: string): Promise<AccountState | undefined> {
    const page = await this.store.query({ pk: accountKeys.partition(tenantId, id), prefix: 'P#', descending: true, limit: 1, consistent: true });
    return page.items[0] ? stateOf(page.items[0]) : undefined;
  }

  async balance(tenantId: string, id: string) {
    const [account, state] = await Promise.all([this.getAccount(tenantId, id), this.head(tenantId, id)]);
    if (!account || !state) throw problems.notFound(`Account ${id}`);
    return { account, state, net: money(netPosted(account, state)) };
  }

  /**
   * Many accounts read once each, for planning from: their configurations
   * in batched reads of 100 keys, their heads by one consistent query each.
   * An account that does not exist is left out.
   */
  async read(tenantId: string, ids: readonly string[]): Promise<AccountReads> {
    const wanted = [...new Set(ids)].filter((id) => ACCOUNT_ID.test(id));
    const [configs, heads] = await Promise.all([
      this.store.batchGet(wanted.map((id) => accountKeys.config(tenantId, id))),
      inParallel(wanted, HEAD_READS_IN_FLIGHT, (id) => this.head(tenantId, id)),
    ]);
    const reads = new Map<string, { account: Account; state: AccountState }>();
    wanted.forEach((id, i) => {
      const config = configs[i];
      const state = heads[i];
      if (config && state) reads.set(id, { account: toAccount(config), state });
    });
    return reads;
  }

  async getEntry(tenantId: string, id: string): Promise<EntryRecord | undefined> {
    if (!ENTRY_ID.test(id)) return undefined;
    const item = await this.store.get(accountKeys.transfer(tenantId, id));
    return item ? (item.entry as EntryRecord) : undefined;
  }

  // ---------------------------------------------------------- transfers

  /** Executes requests atomically (a linked chain when several), retrying on concurrent change. */
  async execute(tenantId: string, requests: LedgerRequest[], opts: { timeZone: string; origin: Origin }): Promise<PlanResult> {
    // Someone may move a head (or write one of our ids) meanwhile: then the plan is redone on fresh state.
    return withRetries(
      async (attempt) => {
        if (attempt > 1) this.stats.replans++;
        const plan = await this.plan(tenantId, requests, opts);
        if (plan.actions.length > 0) {
          await this.store.transact(plan.actions);
          this.stats.executed++;
        }
        return plan;
      },
      { attempts: MAX_ATTEMPTS, retryOn: (err) => err instanceof TransactionConflict, ...CONTENTION },
    );
  }

  /**
   * Reads the accounts once, asks `build` for the requests to make of what
   * was read (amounts that depend on balances, say), and executes them
   * planned from that same read, so no account is read twice. The read is
   * safe to plan from because each posting is still a conditional put of
   * the sequence number after the head that was read: if a head moved in
   * between, the transaction fails, the accounts are read afresh and
   * `build` is asked again (it may then ask for other amounts, or nothing).
   * `build` may name accounts it was not given; those are read as usual.
   */
  async readAndExecute(
    tenantId: string,
    ids: readonly string[],
    build: (reads: AccountReads) => LedgerRequest[],
    opts: { timeZone: string; origin: Origin },
  ): Promise<PlanResult> {
    return withRetries(
      async (attempt) => {
        if (attempt > 1) this.stats.replans++;
        const reads = await this.read(tenantId, ids);
        const requests = build(reads);
        if (requests.length === 0) return { actions: [], entries: [], replayed: [] };
        const plan = await this.plan(tenantId, requests, { ...opts, reads });
        if (plan.actions.length > 0) {
          await this.store.transact(plan.actions);
          this.stats.executed++;
        }
        return plan;
      },
      { attempts: MAX_ATTEMPTS, retryOn: (err) => err instanceof TransactionConflict, ...CONTENTION },
    );
  }

  /**
   * Plans requests without writing: the write actions, for the caller to
   * commit alone or inside a larger transaction (a case transition).
   */
  async plan(
    tenantId: string,
    requests: LedgerRequest[],
    opts: {
      timeZone: string;
      now?: Date;
      origin: Origin;
      /** Accounts already read (`read`): planned from as they were read, which the postings' conditions then hold the transaction to. */
      reads?: AccountReads;
    },
  ): Promise<PlanResult> {
    const now = opts.now ?? this.clock();
    const at = now.toISOString();
    // Business dates are the tenant's: an entry at 00:30 in Beijing belongs to that Beijing day.
    const zone = opts.timeZone;
    const dateOf = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
    const date = dateOf(at);
    for (const r of requests) validate(r);

    // Idempotency: an id already used with the same content is a replay; with other content, a refusal.
    const existing = (await this.store.batchGet(requests.map((r) => accountKeys.transfer(tenantId, requestId(r))))).map((item) =>
      item ? (item.entry as EntryRecord) : undefined,
    );
    const replayed: EntryRecord[] = [];
    const todo: LedgerRequest[] = [];
    requests.forEach((r, i) => {
      const found = existing[i];
      if (!found) {
        todo.push(r);
        return;
      }
      if (found.fingerprint !== fingerprint(r))
        throw ledgerProblem('transfer-id-reused', `Transfer id ${requestId(r)} was already used for a different transfer.`, {
          extensions: { transferId: requestId(r) },
        });
      replayed.push(found);
    });
    if (todo.length === 0) return { actions: [], entries: [], replayed };

    // Two-phase resolutions need their pending entry.
    const pendings = new Map<string, EntryRecord>();
    for (const r of todo) {
      if (r.kind === 'entry') continue;
      const pending = await this.getEntry(tenantId, r.pendingId);
      if (!pending || pending.status === undefined) throw problems.notFound(`Pending transfer ${r.pendingId}`);
      if (pending.status !== 'pending')
        throw ledgerProblem('pending-already-resolved', `Pending transfer ${r.pendingId} is already ${pending.status}.`, {
          extensions: { pendingId: r.pendingId },
        });
      if (r.kind === 'post-pending' && pending.expiresAt && pending.expiresAt <= at) {
        throw ledgerProblem('pending-expired', `Pending transfer ${r.pendingId} expired at ${pending.expiresAt}.`, { extensions: { pendingId: r.pendingId } });
      }
      if (r.kind === 'post-pending' && r.amount && new Dec(r.amount).gt(pending.legs[0]!.amount)) {
        throw ledgerProblem('post-exceeds-pending', `Cannot post ${r.amount}: the pending transfer reserved ${pending.legs[0]!.amount}.`);
      }
      pendings.set(r.pendingId, pending);
    }

    // Accounts: configuration, head state, and the unit above each.
    const ids = [
      ...new Set(todo.flatMap((r) => (r.kind === 'entry' ? r.entry.legs.map((l) => l.account) : pendings.get(r.pendingId)!.legs.map((l) => l.account)))),
    ];
    const accounts = new Map<string, Account>();
    const states = new Map<string, AccountState>();
    const actions: WriteAction[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const read = opts.reads?.get(id);
        let account = read ? read.account : await this.getAccount(tenantId, id);
        let state = read ? read.state : account ? await this.head(tenantId, id) : undefined;
        if (!account) {
          // Only a flow opens the accounts it declared, on first use, in this same transaction; a name in a transfer opens nothing.
          const template = opts.origin === 'system' ? (this.policy.accounts ?? []).find((t) => templateMatches(t, id)) : undefined;
          if (!template) throw ledgerProblem('unknown-account', `Account ${id} does not exist.`, { extensions: { account: id } });
          account = { id, tenantId, name: template.name, kind: template.kind, currency: 'CNY', rules: {}, createdAt: at };
          const opening = this.opening(tenantId, account, at);
          actions.push(...opening.actions);
          // The first posting chains to the genesis posting written alongside it.
          state = stateOf(opening.genesis as unknown as Record<string, unknown>);
        }
        accounts.set(id, account);
        states.set(id, state!);
      }),
    );
    if (opts.origin === 'caller') {
      const system = [...accounts.values()].find((a) => this.isSystem(a));
      if (system) {
        throw ledgerProblem('transfer-refused', `${system.id} moves only by the platform's own flows (nightly steps, interest, settlements).`, {
          extensions: { rule: 'system-account', account: system.id },
        });
      }
    }
    const parents = new Map<string, string | undefined>();
    for (const a of accounts.values()) if (a.unit && !parents.has(a.unit)) parents.set(a.unit, await this.policy.parentOf?.(tenantId, a.unit));

    const entries: EntryRecord[] = [];
    for (const r of todo) {
      const { record, postings } = this.apply(tenantId, r, { accounts, states, parents, pendings, at, date, dateOf });
      entries.push(record);
      actions.push({
        kind: 'put',
        item: {
          ...accountKeys.transfer(tenantId, record.id),
          entity: 'transfer',
          entry: record,
          gsi1pk: accountKeys.journal(tenantId),
          gsi1sk: `${record.date}#${record.id}`,
        },
        condition: conditions.absent(),
      });
      for (const p of postings) actions.push({ kind: 'put', item: postingItem(tenantId, p), condition: conditions.absent() });
      if (r.kind !== 'entry') {
        actions.push({
          kind: 'update',
          key: accountKeys.transfer(tenantId, r.pendingId),
          update: 'SET #entry.#status = :resolved, #entry.resolvedBy = :by',
          names: { '#entry': 'entry', '#status': 'status' },
          values: { ':resolved': r.kind === 'post-pending' ? 'posted-from-pending' : 'voided', ':by': r.id, ':pending': 'pending' },
          condition: { expression: '#entry.#status = :pending' },
        });
      }
    }
    if (actions.length > 100) {
      throw ledgerProblem('too-many-items', `These transfers need ${actions.length} writes; one transaction holds at most 100 (about 33 two-leg transfers).`);
    }
    return { actions, entries, replayed };
  }

  private apply(
    tenantId: string,
    r: LedgerRequest,
    ctx: {
      accounts: Map<string, Account>;
      states: Map<string, AccountState>;
      parents: Map<string, string | undefined>;
      pendings: Map<string, EntryRecord>;
      at: string;
      date: string;
      dateOf: (iso: string) => string;
    },
  ): { record: EntryRecord; postings: Posting[] } {
    const { accounts, states, at, date } = ctx;
    const postings: Posting[] = [];
    let legs: Array<Leg & { seq: number }> = [];
    let phase: Posting['phase'];
    let record: Omit<EntryRecord, 'legs'>;

    if (r.kind === 'entry') {
      const pending = !!r.entry.pending;
      phase = pending ? 'pending' : 'posted';
      for (const leg of r.entry.legs) {
        const account = accounts.get(leg.account)!;
        const counterparts = r.entry.legs.filter((l) => l.side !== leg.side).map((l) => accounts.get(l.account)!);
        const refusal = checkLeg(
          {
            account,
            state: states.get(leg.account)!,
            side: leg.side,
            amount: new Dec(leg.amount),
            pending,
            counterparts,
            parentUnit: account.unit ? ctx.parents.get(account.unit) : undefined,
            date,
          },
          this.policy.rules,
        );
        if (refusal)
          throw ledgerProblem('transfer-refused', refusal.detail, { extensions: { rule: refusal.rule, account: refusal.account, transferId: r.entry.id } });
      }
      // Revenue and fund accounts keep sub-ledgers: a leg without a breakdown books to `other`.
      legs = r.entry.legs.map((leg) => ({
        ...leg,
        seq: 0,
        ...(!leg.dims && SUB_LEDGER_KINDS.includes(accounts.get(leg.account)!.kind) ? { dims: { 'other|': leg.amount } } : {}),
      }));
      record = {
        id: r.entry.id,
        tenantId,
        kind: 'entry',
        memo: r.entry.memo,
        ...(r.entry.code ? { code: r.entry.code } : {}),
        ...(r.entry.ref ? { ref: r.entry.ref } : {}),
        status: pending ? 'pending' : 'posted',
        ...(pending && r.entry.pending?.timeoutSeconds ? { expiresAt: new Date(Date.parse(at) + r.entry.pending.timeoutSeconds * 1000).toISOString() } : {}),
        postedAt: at,
        date,
        fingerprint: fingerprint(r),
      };
    } else {
      const pending = ctx.pendings.get(r.pendingId)!;
      const reserved = pending.legs[0]!.amount;
      const amount = r.kind === 'post-pending' ? (r.amount ?? reserved) : '0.00';
      phase = r.kind;
      // Each leg releases its reservation and, when posting, books the posted amount.
      legs = pending.legs.map((l) => ({ account: l.account, side: l.side, amount, seq: 0, ...(l.dims ? { dims: scaleDims(l.dims, reserved, amount) } : {}) }));
      record = {
        id: r.id,
        tenantId,
        kind: r.kind,
        memo: r.memo ?? `${r.kind} ${r.pendingId}`,
        status: r.kind === 'post-pending' ? 'posted' : 'voided',
        pendingId: r.pendingId,
        postedAt: at,
        date,
        fingerprint: fingerprint(r),
      };
      for (const l of pending.legs) {
        const state = states.get(l.account)!;
        const account = accounts.get(l.account)!;
        const key = l.side === 'debit' ? 'debitsPending' : 'creditsPending';
        states.set(l.account, { ...state, [key]: money(new Dec(state[key]).minus(reserved)) });
        // What was counted against the limits but not paid is given back.
        if (isOutflow(account, l.side)) states.set(l.account, release(states.get(l.account)!, new Dec(reserved).minus(amount), date));
      }
    }

    for (const leg of legs) {
      const account = accounts.get(leg.account)!;
      const before = states.get(leg.account)!;
      const amount = new Dec(leg.amount);
      const key = `${leg.side}s${phase === 'pending' ? 'Pending' : 'Posted'}` as keyof Pick<
        AccountState,
        'debitsPosted' | 'creditsPosted' | 'debitsPending' | 'creditsPending'
      >;
      const sign = normalSide(account.kind) === leg.side ? 1 : -1;
      const dims = { ...before.dims };
      if (phase !== 'pending' && phase !== 'void-pending') {
        for (const [k, v] of Object.entries(leg.dims ?? {})) {
          const next = new Dec(dims[k] ?? 0).plus(new Dec(v).times(sign));
          if (next.isZero()) delete dims[k];
          else dims[k] = money(next);
        }
      }
      const outflowing = r.kind === 'entry' && isOutflow(account, leg.side);
      // An account's postings never go back in time, even if clocks do: the chain order is the date order.
      const legAt = at > before.at ? at : before.at;
      const legDate = legAt === at ? date : ctx.dateOf(legAt);
      const state: AccountState = {
        ...before,
        [key]: money(new Dec(before[key]).plus(amount)),
        dims,
        outflow: outflowing ? count(before, amount, legDate) : before.outflow,
        seq: before.seq + 1,
        at: legAt,
      };
      const posting = sealPosting({
        ...state,
        accountId: leg.account,
        entryId: record.id,
        date: legDate,
        side: leg.side,
        amount: money(amount),
        phase,
        prevHash: before.hash,
        ...(record.memo ? { memo: record.memo } : {}),
      });
      leg.seq = posting.seq;
      states.set(leg.account, stateOf(posting as unknown as Record<string, unknown>));
      postings.push(posting);
    }
    return { record: { ...record, legs }, postings };
  }

  private opening(tenantId: string, account: Account, at: string): { actions: WriteAction[]; genesis: Posting } {
    const genesis = sealPosting({
      ...openingState(at),
      accountId: account.id,
      entryId: 'open',
      date: at.slice(0, 10),
      side: 'open',
      amount: '0.00',
      phase: 'open',
      prevHash: '',
    });
    return {
      genesis,
      actions: [
        {
          kind: 'put',
          item: { ...accountKeys.config(tenantId, account.id), entity: 'account', ...this.accountAttrs(account) },
          condition: conditions.absent(),
        },
        { kind: 'put', item: postingItem(tenantId, genesis), condition: conditions.absent() },
      ],
    };
  }

  private accountAttrs(account: Account): Record<string, unknown> {
    return { account, ...(account.unit ? { gsi2pk: accountKeys.ofUnit(account.tenantId, account.unit), gsi2sk: account.id } : {}) };
  }

  // ----------------------------------------------------------- reading the journal

  /** Opening and closing balances and the postings of a business-date period (inclusive). */
  async statement(tenantId: string, id: string, from: string, to: string) {
    const account = await this.getAccount(tenantId, id);
    if (!account) throw problems.notFound(`Account ${id}`);
    const pk = accountKeys.byDate(tenantId, id);
    const before = await this.store.query({ index: 'gsi1', pk, between: ['', `${from}#`], descending: true, limit: 1 });
    const postings: Posting[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ index: 'gsi1', pk, between: [`${from}#`, `${to}#~`], startKey });
      postings.push(...page.items.map((i) => withoutKeys(i) as unknown as Posting));
      startKey = page.lastKey;
    } while (startKey);
    const opening = before.items[0] ? stateOf(before.items[0]) : openingState('');
    const closing = postings.length ? postings[postings.length - 1]! : opening;
    return {
      account,
      from,
      to,
      opening: { ...pick(opening), net: money(netPosted(account, opening)) },
      closing: { ...pick(closing), net: money(netPosted(account, closing)) },
      postings: postings.filter((p) => p.phase !== 'open'),
    };
  }

  /** An account's postings of one business date, in order. */
  async postingsOn(tenantId: string, id: string, date: string): Promise<Posting[]> {
    return (await this.pages({ index: 'gsi1', pk: accountKeys.byDate(tenantId, id), between: [`${date}#`, `${date}#~`] })).map(
      (i) => withoutKeys(i) as unknown as Posting,
    );
  }

  /** Every entry of one business date, across all accounts. */
  async journal(tenantId: string, date: string): Promise<EntryRecord[]> {
    return (await this.pages({ index: 'gsi1', pk: accountKeys.journal(tenantId), between: [`${date}#`, `${date}#~`] })).map((i) => i.entry as EntryRecord);
  }

  private async pages(q: Parameters<Store['query']>[0]): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ ...q, startKey });
      items.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return items;
  }

  /** Walks an account's chain: every posting present, in order, unedited. */
  async verify(tenantId: string, id: string): Promise<{ ok: boolean; postings: number; problems: string[] }> {
    const found: string[] = [];
    let expectedSeq = 0;
    let prevHash = '';
    let startKey: Record<string, unknown> | undefined;
    let count = 0;
    do {
      const page = await this.store.query({ pk: accountKeys.partition(tenantId, id), prefix: 'P#', startKey, consistent: true });
      for (const item of page.items) {
        const p = withoutKeys(item) as unknown as Posting;
        count++;
        if (p.seq !== expectedSeq) found.push(`posting ${expectedSeq}${p.seq > expectedSeq + 1 ? `–${p.seq - 1}` : ''} is missing`);
        if (p.seq > 0 && p.prevHash !== prevHash) found.push(`posting ${p.seq} does not follow posting ${p.seq - 1} (chain broken)`);
        const { hash, ...rest } = p;
        if (sealPosting(rest as Omit<Posting, 'hash'>).hash !== hash) found.push(`posting ${p.seq} was altered (hash mismatch)`);
        expectedSeq = p.seq + 1;
        prevHash = hash;
      }
      startKey = page.lastKey;
    } while (startKey);
    if (count === 0) throw problems.notFound(`Account ${id}`);
    return { ok: found.length === 0, postings: count, problems: found };
  }
}

// ------------------------------------------------------------------- helpers

/** `fn` over every item, at most `width` at a time; the answers in the items' order. */
async function inParallel<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

function requestId(r: LedgerRequest): string {
  return r.kind === 'entry' ? r.entry.id : r.id;
}

export function fingerprint(r: LedgerRequest): string {
  const core =
    r.kind === 'entry'
      ? { kind: r.kind, legs: r.entry.legs, pending: r.entry.pending ?? null }
      : { kind: r.kind, pendingId: r.pendingId, amount: r.kind === 'post-pending' ? (r.amount ?? null) : null };
  return fingerprintOf(core);
}

function validate(r: LedgerRequest): void {
  const id = requestId(r);
  const bad = (field: string, message: string) => problems.validation([{ field, message }]);
  if (!ENTRY_ID.test(id)) throw bad('id', 'a transfer id is 1–200 letters, digits or _ : . # -');
  if (r.kind !== 'entry') {
    if (r.kind === 'post-pending' && r.amount !== undefined) {
      const p = amountProblem(r.amount);
      if (p) throw bad('amount', p);
    }
    return;
  }
  const { legs } = r.entry;
  if (legs.length < 2) throw bad('legs', 'an entry needs at least one debit and one credit');
  if (r.entry.pending && legs.length !== 2) throw bad('legs', 'a pending transfer has exactly two legs');
  const seen = new Set<string>();
  let debits = new Dec(0);
  let credits = new Dec(0);
  legs.forEach((leg, i) => {
    if (!ACCOUNT_ID.test(leg.account)) throw bad(`legs.${i}.account`, 'not an account id');
    if (seen.has(leg.account)) throw bad(`legs.${i}.account`, 'an account appears once per entry');
    seen.add(leg.account);
    const p = amountProblem(leg.amount);
    if (p) throw bad(`legs.${i}.amount`, p);
    if (new Dec(leg.amount).isZero()) throw bad(`legs.${i}.amount`, 'must be more than zero');
    if (leg.dims) {
      for (const [k, v] of Object.entries(leg.dims)) {
        // A sub-ledger may stand below zero (a fee booked to `other`), so parts of a breakdown may be negative.
        const dp = amountProblem(v, { allowNegative: true });
        if (dp) throw bad(`legs.${i}.dims.${k}`, dp);
      }
      const sum = Object.values(leg.dims).reduce((s, v) => s.plus(v), new Dec(0));
      if (!sum.eq(leg.amount)) throw bad(`legs.${i}.dims`, `the breakdown adds up to ${sum.toFixed(2)}, not ${leg.amount}`);
    }
    if (leg.side === 'debit') debits = debits.plus(leg.amount);
    else credits = credits.plus(leg.amount);
  });
  if (!debits.eq(credits)) throw bad('legs', `debits (${debits.toFixed(2)}) must equal credits (${credits.toFixed(2)})`);
  if (debits.isZero() || credits.isZero()) throw bad('legs', 'an entry needs at least one debit and one credit');
}

function count(state: AccountState, amount: Dec, date: string): AccountState['outflow'] {
  const month = date.slice(0, 7);
  return {
    day: date,
    dayTotal: money(amount.plus(state.outflow.day === date ? state.outflow.dayTotal : 0)),
    month,
    monthTotal: money(amount.plus(state.outflow.month === month ? state.outflow.monthTotal : 0)),
  };
}

function release(state: AccountState, amount: Dec, date: string): AccountState {
  if (amount.lte(0)) return state;
  const o = state.outflow;
  const sub = (v: string) => money(Dec.max(0, new Dec(v).minus(amount)));
  return {
    ...state,
    outflow: { ...o, dayTotal: o.day === date ? sub(o.dayTotal) : o.dayTotal, monthTotal: o.month === date.slice(0, 7) ? sub(o.monthTotal) : o.monthTotal },
  };
}

function scaleDims(dims: Record<string, string>, reserved: string, posted: string): Record<string, string> | undefined {
  if (new Dec(posted).eq(reserved)) return dims;
  const entries = Object.entries(dims);
  if (entries.length === 1) return { [entries[0]![0]]: posted };
  return undefined; // a partially posted multi-dimension reservation is not broken down
}

function pick(s: AccountState) {
  return {
    seq: s.seq,
    debitsPosted: s.debitsPosted,
    creditsPosted: s.creditsPosted,
    debitsPending: s.debitsPending,
    creditsPending: s.creditsPending,
    dims: s.dims,
  };
}

function withoutKeys(item: Item): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, entity: _e, ...rest } = item;
  return rest;
}

function toAccount(item: Record<string, unknown>): Account {
  return item.account as Account;
}
