/**
 * The settlement interface between modules and the ledger, with a minimal
 * posting record: one balanced journal entry per transfer, keyed by the
 * transfer's own id so that a transfer is recorded at most once.
 */
import { amountProblem, formatAmount, parseAmount } from '../money.ts';
import { conditions, type WriteAction } from '../store/store.ts';
import { tenantKey } from '../store/schema.ts';

export interface TransferRequest {
  /** Client-chosen and stable (e.g. `repair:<caseId>:charge`): a retry can never post twice. */
  id: string;
  /** Account codes within the tenant, e.g. `receivable:resident:<sub>`, `revenue:repairs`. */
  debit: string;
  credit: string;
  /** Decimal string, positive, at most two places. */
  amount: string;
  currency: 'CNY';
  memo: string;
  ref?: { caseId?: string; businessDate?: string };
}

export interface JournalEntry extends TransferRequest {
  tenantId: string;
  postedAt: string;
  lines: Array<{ account: string; side: 'debit' | 'credit'; amount: string }>;
}

export class InvalidTransfer extends Error {}

export function journalKey(tenantId: string, transferId: string) {
  return { pk: tenantKey(tenantId, 'XFER', transferId), sk: 'XFER' };
}

/** Validates a transfer and returns the entry it posts; debits always equal credits. */
export function journalEntry(tenantId: string, t: TransferRequest, now: Date): JournalEntry {
  if (!/^[\w:.#-]{1,200}$/.test(t.id)) throw new InvalidTransfer(`transfer id ${JSON.stringify(t.id)} is not a valid id`);
  if (t.debit === t.credit) throw new InvalidTransfer(`transfer ${t.id} debits and credits the same account`);
  const problem = amountProblem(t.amount);
  if (problem) throw new InvalidTransfer(`transfer ${t.id} amount ${JSON.stringify(t.amount)}: ${problem}`);
  const amount = parseAmount(t.amount);
  if (amount.isZero()) throw new InvalidTransfer(`transfer ${t.id} has a zero amount`);
  const text = formatAmount(amount);
  return {
    ...t,
    amount: text,
    tenantId,
    postedAt: now.toISOString(),
    lines: [
      { account: t.debit, side: 'debit', amount: text },
      { account: t.credit, side: 'credit', amount: text },
    ],
  };
}

/** The write actions that post these transfers inside a caller's transaction. */
export function postingActions(tenantId: string, transfers: readonly TransferRequest[], now: Date): WriteAction[] {
  return transfers.map((t) => {
    const entry = journalEntry(tenantId, t, now);
    return {
      kind: 'put' as const,
      item: {
        ...journalKey(tenantId, t.id),
        entity: 'transfer',
        ...entry,
        gsi1pk: tenantKey(tenantId, 'JOURNAL', entry.postedAt.slice(0, 10)),
        gsi1sk: `${entry.postedAt}#${t.id}`,
      },
      condition: conditions.absent(),
    };
  });
}
