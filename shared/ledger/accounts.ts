/**
 * Ledger accounts: who owns them (tenant, organisational unit), what kind
 * they are, and the rules the ledger enforces on every transfer. Balances
 * are not here: they live in each account's head posting (postings.ts).
 */
import { z } from 'zod';
import { amountSchema } from '../kernel/money.ts';
import { tenantKey } from '../store/schema.ts';

/**
 * Kinds, and the side that increases each one's balance. Cash-management
 * accounts are bank accounts of a unit: money in is a debit.
 */
export const ACCOUNT_KINDS = {
  revenue: 'debit', // 收入户: collects revenue (a policy may restrict whom it pays)
  expense: 'debit', // 支出户: pays costs (a policy may restrict whom it receives from)
  fund: 'debit', // a fund held (an NCMS fund, a region's combined account)
  receivable: 'debit',
  clearing: 'debit', // cash and bank in transit; may run negative
  interest: 'debit', // internal-pricing interest clearing of a unit
  fee: 'debit', // bank fees
  payable: 'credit',
  income: 'credit',
  cost: 'debit',
} as const;
export type AccountKind = keyof typeof ACCOUNT_KINDS;

export const ACCOUNT_ID = /^[a-z0-9][a-z0-9:._-]{0,99}$/;

export const accountRulesSchema = z.strictObject({
  /** The lowest the balance may stay at end of day (default 0 for bank-like accounts). */
  floor: amountSchema({ allowNegative: true }).optional().meta({ title: '日终最低余额 End-of-day floor' }),
  /** How far below the floor it may go during the day (日间透支). */
  overdraftLimit: amountSchema().optional().meta({ title: '日间透支额度 Intraday overdraft limit' }),
  perPaymentLimit: amountSchema().optional().meta({ title: '单笔支付限额 Per-payment limit' }),
  dailyLimit: amountSchema().optional().meta({ title: '日累计支付限额 Daily limit' }),
  monthlyLimit: amountSchema().optional().meta({ title: '月累计支付限额 Monthly limit' }),
  /** If set, the only accounts this one may pay. */
  allowedPayees: z.array(z.string().regex(ACCOUNT_ID)).max(100).optional().meta({ title: '允许的收款账户（每行一个） Allowed payees (one a line)' }),
  /** Budget allotment per month (预算定支额度), set by the parent unit. */
  monthlyAllotment: amountSchema().optional().meta({ title: '每月预算定支额度 Monthly budget allotment' }),
});
export type AccountRules = z.infer<typeof accountRulesSchema>;

export const accountSchema = z.strictObject({
  id: z.string().regex(ACCOUNT_ID, 'lowercase letters, digits and : . _ - (up to 100)'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(Object.keys(ACCOUNT_KINDS) as [AccountKind, ...AccountKind[]]),
  currency: z.literal('CNY').default('CNY'),
  /** The organisational unit that owns the account, if any. */
  unit: z.string().max(64).optional(),
  rules: accountRulesSchema.default({}),
});
export type AccountInput = z.input<typeof accountSchema>;

export interface Account {
  id: string;
  tenantId: string;
  name: string;
  kind: AccountKind;
  currency: 'CNY';
  unit?: string;
  rules: AccountRules;
  createdAt: string;
}

export const accountKeys = {
  config: (t: string, id: string) => ({ pk: tenantKey(t, 'ACCT', id), sk: 'ACCT' }),
  partition: (t: string, id: string) => tenantKey(t, 'ACCT', id),
  posting: (t: string, id: string, seq: number) => ({ pk: tenantKey(t, 'ACCT', id), sk: `P#${String(seq).padStart(10, '0')}` }),
  /** GSI1: an account's postings by business date (statements). */
  byDate: (t: string, id: string) => tenantKey(t, 'ACCT', id, 'BYDATE'),
  /** GSI2: the accounts of a unit. */
  ofUnit: (t: string, unit: string) => tenantKey(t, 'UNIT', unit, 'ACCOUNTS'),
  transfer: (t: string, id: string) => ({ pk: tenantKey(t, 'XFER', id), sk: 'XFER' }),
  /** GSI1: every entry of a tenant by business date. */
  journal: (t: string) => tenantKey(t, 'JOURNAL'),
};

export const normalSide = (kind: AccountKind) => ACCOUNT_KINDS[kind];

/** Bank-like accounts may not end a day below zero unless their rules say otherwise. */
export function defaultFloor(kind: AccountKind): string | undefined {
  return ['revenue', 'expense', 'fund'].includes(kind) ? '0.00' : undefined;
}

/** Kinds only the platform's own flows move: interest, fees and funds have no owner who could be asked. */
export const SYSTEM_KINDS: readonly AccountKind[] = ['interest', 'fee', 'fund'];

/**
 * An account a kind or capability books to by name (`receivable:resident:<sub>`,
 * `fund:ncms`): declared once, opened by its own flows when first needed,
 * and moved only by them. `id` is exact, or a prefix when it ends in `*`.
 */
export interface AccountTemplate {
  id: string;
  kind: AccountKind;
  name: string;
}

export const templateMatches = (t: AccountTemplate, id: string) =>
  t.id.endsWith('*') ? id.startsWith(t.id.slice(0, -1)) && id.length > t.id.length - 1 : id === t.id;
