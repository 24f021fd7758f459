/**
 * Postings: the append-only, hash-chained journal of each account. An
 * account's latest posting (its head) carries the balances after it —
 * posted and pending, debits and credits, per sub-ledger dimension, and the
 * outflow counters the limits need — so a balance is one read, a statement
 * needs no scan, and a new posting is one conditional put: seq n+1 may be
 * written once, which is the ledger's optimistic concurrency.
 */
import { createHash } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import { Dec, formatAmount } from '../kernel/money.ts';
import type { Item } from '../store/store.ts';
import { type Account, accountKeys, normalSide } from './accounts.ts';

export interface Balances {
  debitsPosted: string;
  creditsPosted: string;
  debitsPending: string;
  creditsPending: string;
}

export interface AccountState extends Balances {
  seq: number;
  hash: string;
  /** Net balance per sub-ledger key `<fundNature>|<unit>`, in the account's normal direction. */
  dims: Record<string, string>;
  /** Outflows so far in the current day and month (business dates), for the limits. */
  outflow: { day: string; dayTotal: string; month: string; monthTotal: string };
  at: string;
}

export interface Posting extends AccountState {
  accountId: string;
  entryId: string;
  date: string;
  side: 'debit' | 'credit' | 'open';
  amount: string;
  phase: 'posted' | 'pending' | 'post-pending' | 'void-pending' | 'open';
  prevHash: string;
  memo?: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const ZERO = '0.00';

export function openingState(at: string): AccountState {
  return {
    seq: 0,
    hash: GENESIS_HASH,
    debitsPosted: ZERO,
    creditsPosted: ZERO,
    debitsPending: ZERO,
    creditsPending: ZERO,
    dims: {},
    outflow: { day: '', dayTotal: ZERO, month: '', monthTotal: ZERO },
    at,
  };
}

/** Posted balance in the account's normal direction (positive = holds money for bank-like accounts). */
export function netPosted(account: Pick<Account, 'kind'>, b: Balances) {
  const d = new Dec(b.debitsPosted).minus(b.creditsPosted);
  return normalSide(account.kind) === 'debit' ? d : d.negated();
}

/** Reserved outflow: pending entries that will lower the normal balance when posted. */
export function pendingOutflow(account: Pick<Account, 'kind'>, b: Balances) {
  return new Dec(normalSide(account.kind) === 'debit' ? b.creditsPending : b.debitsPending);
}

function canonical(p: Omit<Posting, 'hash'>): string {
  return JSON.stringify([
    p.accountId,
    p.seq,
    p.prevHash,
    p.entryId,
    p.side,
    p.phase,
    p.amount,
    p.debitsPosted,
    p.creditsPosted,
    p.debitsPending,
    p.creditsPending,
    Object.entries(p.dims).sort(([a], [b]) => (a < b ? -1 : 1)),
    p.at,
    p.date,
  ]);
}

export function hashPosting(p: Omit<Posting, 'hash'>): string {
  return createHash('sha256').update(canonical(p)).digest('hex');
}

export function sealPosting(p: Omit<Posting, 'hash'>): Posting {
  return { ...p, hash: hashPosting(p) };
}

export function postingItem(tenantId: string, p: Posting): Item {
  return {
    ...accountKeys.posting(tenantId, p.accountId, p.seq),
    entity: 'posting',
    ...p,
    gsi1pk: accountKeys.byDate(tenantId, p.accountId),
    gsi1sk: `${p.date}#${String(p.seq).padStart(10, '0')}`,
  };
}

export function stateOf(item: Record<string, unknown>): AccountState {
  const p = item as unknown as Posting;
  return {
    seq: p.seq,
    hash: p.hash,
    debitsPosted: p.debitsPosted,
    creditsPosted: p.creditsPosted,
    debitsPending: p.debitsPending,
    creditsPending: p.creditsPending,
    dims: p.dims ?? {},
    outflow: p.outflow,
    at: p.at,
  };
}

export const money = (d: Decimal.Value) => formatAmount(d);
