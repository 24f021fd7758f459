/**
 * Account rules as data, checked by one pure function: given an account,
 * its state and a proposed leg, say which rule (if any) refuses it — the
 * account's own limits (floor, intraday overdraft, per payment, per day,
 * per month, allotment, payees), then any rules a policy adds (a capability
 * such as postal cash management brings its own). The ledger calls it for
 * every leg of every entry, so callers cannot bypass it.
 */
import { Dec } from '../kernel/money.ts';
import { type Account, type AccountTemplate, defaultFloor, normalSide } from './accounts.ts';
import { type AccountState, netPosted, pendingOutflow } from './postings.ts';

export type CoreRule = 'balance-floor' | 'overdraft-limit' | 'per-payment-limit' | 'daily-limit' | 'monthly-limit' | 'payee-not-allowed' | 'budget-allotment';

export interface Refusal {
  /** A core rule, or one a policy added. */
  rule: string;
  account: string;
  detail: string;
}

/** A rule a policy adds: checked on every leg after the account's own rules. */
export type LegRule = (ctx: LegContext) => Refusal | undefined;

/** What a tenant's ledger knows beyond the accounts: extra rules, the accounts flows book to by name, and the unit above an account's owner. */
export interface LedgerPolicy {
  rules?: readonly LegRule[];
  accounts?: readonly AccountTemplate[];
  parentOf?(tenantId: string, unit: string): Promise<string | undefined>;
}

export interface LegContext {
  account: Account;
  state: AccountState;
  side: 'debit' | 'credit';
  amount: Dec;
  pending: boolean;
  /** The accounts on the other side of the entry. */
  counterparts: Account[];
  /** The unit above this account's owning unit, when the policy knows one. */
  parentUnit?: string;
  date: string;
}

const fmt = (d: Dec) => d.toFixed(2);

export function isOutflow(account: Account, side: 'debit' | 'credit'): boolean {
  return normalSide(account.kind) !== side;
}

export function checkLeg(ctx: LegContext, extra: readonly LegRule[] = []): Refusal | undefined {
  const core = checkAccountRules(ctx);
  if (core) return core;
  for (const rule of extra) {
    const refusal = rule(ctx);
    if (refusal) return refusal;
  }
  return undefined;
}

function checkAccountRules(ctx: LegContext): Refusal | undefined {
  const { account, state, side, amount, counterparts } = ctx;
  const r = account.rules ?? {};
  const refuse = (rule: CoreRule, detail: string): Refusal => ({ rule, account: account.id, detail });

  if (!isOutflow(account, side)) return undefined;
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
    return refuse(
      'budget-allotment',
      `${account.id} would spend ${fmt(monthTotal)} this month, over the allotment of ${r.monthlyAllotment} set by its parent.`,
    );
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
