/**
 * The account rules of the seed, as one pure function: given an account,
 * its state and a proposed leg, say which rule (if any) refuses it. The
 * ledger calls it for every leg of every entry, so callers cannot bypass it.
 */
import { Dec } from '../kernel/money.ts';
import { defaultFloor, normalSide, type Account } from './accounts.ts';
import { netPosted, pendingOutflow, type AccountState } from './postings.ts';

export interface Refusal {
  rule:
    | 'revenue-account-payee'
    | 'expense-account-source'
    | 'balance-floor'
    | 'overdraft-limit'
    | 'per-payment-limit'
    | 'daily-limit'
    | 'monthly-limit'
    | 'payee-not-allowed'
    | 'budget-allotment';
  account: string;
  detail: string;
}

export interface LegContext {
  account: Account;
  state: AccountState;
  side: 'debit' | 'credit';
  amount: Dec;
  pending: boolean;
  /** The accounts on the other side of the entry. */
  counterparts: Account[];
  /** The unit above this account's unit, if any. */
  parentUnit?: string;
  date: string;
}

const fmt = (d: Dec) => d.toFixed(2);

export function isOutflow(account: Account, side: 'debit' | 'credit'): boolean {
  return normalSide(account.kind) !== side;
}

export function checkLeg(ctx: LegContext): Refusal | undefined {
  const { account, state, side, amount, counterparts } = ctx;
  const r = account.rules ?? {};
  const refuse = (rule: Refusal['rule'], detail: string): Refusal => ({ rule, account: account.id, detail });
  const fromParentUnit = (a: Account) => ctx.parentUnit !== undefined && a.unit === ctx.parentUnit;

  if (!isOutflow(account, side)) {
    if (account.kind === 'expense' && !counterparts.every((c) => fromParentUnit(c) || c.kind === 'interest')) {
      return refuse('expense-account-source', `${account.id} is an expense account (支出户): it receives only from its parent unit or interest.`);
    }
    return undefined;
  }

  if (account.kind === 'revenue' && !counterparts.every((c) => (fromParentUnit(c) && ['revenue', 'fund'].includes(c.kind)) || c.kind === 'fee')) {
    return refuse('revenue-account-payee', `${account.id} is a revenue account (收入户): it pays only up to its parent unit or bank fees.`);
  }
  if (r.allowedPayees && !counterparts.every((c) => r.allowedPayees!.includes(c.id))) {
    return refuse('payee-not-allowed', `${account.id} may pay only ${r.allowedPayees.join(', ')}.`);
  }
  if (r.perPaymentLimit && amount.gt(r.perPaymentLimit)) {
    return refuse('per-payment-limit', `${fmt(amount)} exceeds ${account.id}'s per-payment limit of ${r.perPaymentLimit}.`);
  }
  const sameDay = state.outflow.day === ctx.date;
  const sameMonth = state.outflow.month === ctx.date.slice(0, 7);
  const dayTotal = amount.plus(sameDay ? state.outflow.dayTotal : 0);
  const monthTotal = amount.plus(sameMonth ? state.outflow.monthTotal : 0);
  if (r.dailyLimit && dayTotal.gt(r.dailyLimit)) {
    return refuse('daily-limit', `${account.id} would pay ${fmt(dayTotal)} today, over its daily limit of ${r.dailyLimit}.`);
  }
  if (r.monthlyLimit && monthTotal.gt(r.monthlyLimit)) {
    return refuse('monthly-limit', `${account.id} would pay ${fmt(monthTotal)} this month, over its monthly limit of ${r.monthlyLimit}.`);
  }
  if (r.monthlyAllotment && monthTotal.gt(r.monthlyAllotment)) {
    return refuse('budget-allotment', `${account.id} would spend ${fmt(monthTotal)} this month, over the allotment of ${r.monthlyAllotment} set by its parent.`);
  }
  const floor = r.floor ?? defaultFloor(account.kind);
  if (floor !== undefined) {
    const available = netPosted(account, state).minus(pendingOutflow(account, state)).minus(amount);
    const lowest = new Dec(floor).minus(r.overdraftLimit ?? 0);
    if (available.lt(lowest)) {
      return r.overdraftLimit
        ? refuse('overdraft-limit', `${account.id} would fall to ${fmt(available)}, beyond its intraday overdraft limit of ${r.overdraftLimit} below ${floor}.`)
        : refuse('balance-floor', `${account.id} would fall to ${fmt(available)}, below its floor of ${floor}.`);
    }
  }
  return undefined;
}
