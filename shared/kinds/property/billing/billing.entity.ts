/**
 * Fee billing's records: the tenant's price list, a household's monthly
 * bills and its payments (in the household's partition, so its statement
 * is one read), and the open bills past their due date (a sparse index:
 * the arrears list).
 */
import { z } from 'zod';
import { entity, pattern } from '../../../store/namespace.ts';
import { PROPERTY_TYPES } from '../estate/estate.entity.ts';

export const PAYMENT_METHODS = ['cash', 'card', 'wechat', 'alipay', 'transfer'] as const;

export const feeSchema = z.object({
  /** A code: `management`, `parking`, `waste`… — the income account is `income:fees:<code>`. */
  code: z.string(),
  name: z.string(),
  /** Per m² of floor area per month, by property type; or a fixed amount per household per month. */
  perSquareMetre: z.partialRecord(z.enum(PROPERTY_TYPES), z.string()).optional(),
  fixed: z.partialRecord(z.enum(PROPERTY_TYPES), z.string()).optional(),
});
export type Fee = z.infer<typeof feeSchema>;

export const priceListRecord = z.object({
  fees: z.array(feeSchema),
  /** The day of the month bills are issued (1–28). */
  billingDay: z.number().int(),
  /** Days after issue a bill is due. */
  dueDays: z.number().int(),
  /** Ages in days past due at which the household is reminded, once each. */
  reminders: z.array(z.number().int()),
  /** Added to the next bill for each month a bill stays unpaid past due: a fraction of what is overdue. */
  lateFeeRate: z.string().optional(),
  updatedAt: z.string(),
});
export type PriceList = z.infer<typeof priceListRecord>;

export const PriceListRecord = entity({
  name: 'property-price-list',
  attribute: 'prices',
  schema: priceListRecord,
  key: () => ({ pk: ['PRICES'], sk: 'CURRENT' }),
  keyOf: () => undefined,
});

export const billLine = z.object({ fee: z.string(), name: z.string(), basis: z.string(), amount: z.string() });

export const billRecord = z.object({
  household: z.string(),
  month: z.string(),
  /** A charge raised by a request (`repair:<case>`), billed outside the monthly run; absent on monthly bills. */
  source: z.string().optional(),
  lines: z.array(billLine),
  total: z.string(),
  paid: z.string(),
  status: z.enum(['open', 'paid']),
  issuedOn: z.string(),
  dueOn: z.string(),
  /** Reminder ages already sent. */
  reminded: z.array(z.number().int()),
  /** The ledger entry that booked it. */
  transferId: z.string(),
  version: z.number().int(),
});
export type Bill = z.infer<typeof billRecord>;

/** A month's bills, by household. */
export const billsOfMonth = pattern('gsi1', (p: { month: string }) => ['BILLS', p.month]);
/** Open bills, by due date (sparse: a paid bill leaves it). */
export const openBills = pattern('gsi2', () => ['OPEN-BILLS']);

export const BillRecord = entity({
  name: 'property-bill',
  attribute: 'bill',
  schema: billRecord,
  key: (k: { household: string; month: string; source?: string }) => ({
    pk: ['HOUSEHOLD', k.household],
    sk: k.source ? `BILL#${k.month}#${k.source}` : `BILL#${k.month}`,
  }),
  keyOf: (b) => ({ household: b.household, month: b.month, ...(b.source ? { source: b.source } : {}) }),
  indexes: (b) => [
    // The monthly run's own bills: a charge does not make a household billed for the month.
    b.source ? undefined : billsOfMonth.at({ month: b.month }, b.household),
    b.status === 'open' ? openBills.at(undefined, `${b.dueOn}#${b.household}#${b.month}`) : undefined,
  ],
  version: (b) => b.version,
});

export const paymentRecord = z.object({
  id: z.string(),
  household: z.string(),
  amount: z.string(),
  method: z.enum(PAYMENT_METHODS),
  /** What it settled, oldest bill first. */
  applied: z.array(z.object({ month: z.string(), source: z.string().optional(), amount: z.string() })),
  at: z.string(),
  by: z.string(),
  transferId: z.string(),
});
export type Payment = z.infer<typeof paymentRecord>;

export const PaymentRecord = entity({
  name: 'property-payment',
  attribute: 'payment',
  schema: paymentRecord,
  key: (k: { household: string; id: string }) => ({ pk: ['HOUSEHOLD', k.household], sk: `PAY#${k.id}` }),
  keyOf: (p) => ({ household: p.household, id: p.id }),
});
