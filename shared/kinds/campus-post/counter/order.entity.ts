/**
 * Orders taken at the counter (and the fees and subscriptions charged like
 * them): one record each, indexed by business day so the nightly takings
 * read one partition per day.
 */
import { z } from 'zod';
import { entity, pattern } from '../../../store/namespace.ts';
import { SERVICE_LINES } from '../board/board.entity.ts';

export const PAYMENTS = ['cash', 'wechat', 'alipay', 'card'] as const;
export type Payment = (typeof PAYMENTS)[number];

export const orderLineRecord = z.object({
  itemId: z.string(),
  name: z.string(),
  line: z.enum(SERVICE_LINES),
  quantity: z.number().int(),
  unitPrice: z.string(),
  amount: z.string(),
  /** Rentals: the return date and the fee per late day. */
  dueOn: z.string().optional(),
  lateFeePerDay: z.string().optional(),
});
export type OrderLine = z.infer<typeof orderLineRecord>;

export const orderRecord = z.object({
  id: z.string(),
  kind: z.enum(['counter', 'subscription', 'storage-fee', 'late-fee']),
  customer: z.string().optional(),
  lines: z.array(orderLineRecord),
  total: z.string(),
  payment: z.enum(PAYMENTS),
  paidAt: z.string(),
  /** The business day (tenant's zone) whose takings it counts in. */
  date: z.string(),
  servedBy: z.string(),
  returnedAt: z.string().optional(),
});
export type Order = z.infer<typeof orderRecord>;

/** A business day's orders, in the order they were paid. */
export const ordersOfDay = pattern('gsi1', (p: { date: string }) => ['ORDERS', p.date]);

export const OrderRecord = entity({
  name: 'campus-order',
  attribute: 'order',
  schema: orderRecord,
  key: (id: string) => ({ pk: ['ORDER', id], sk: 'O' }),
  keyOf: (o) => o.id,
  indexes: (o) => [ordersOfDay.at({ date: o.date }, `${o.paidAt}#${o.id}`)],
});
