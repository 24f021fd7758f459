/**
 * Counter orders at the board's prices in force (stamps, albums, postcards,
 * books and discs for sale or rent, top-ups, tickets); rentals get a due
 * date and are charged a late fee when they come back late. Revenue reaches
 * the ledger with the day's takings (takings.ts).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { WriteOutcome } from '../../../capabilities/idempotency/index.ts';
import { dateIn } from '../../../kernel/clock.ts';
import { newId } from '../../../kernel/ids.ts';
import { Dec, formatAmount, roundAmount } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Actor } from '../../../kernel/tenancy.ts';
import type { WriteOp } from '../../../store/namespace.ts';
import { board, findItem, priceAt } from '../board/board.ts';
import type { Office } from '../office.ts';
import { campusProblem } from '../problems.ts';
import { pieceOp } from '../roster/roster.ts';
import { type Order, type OrderLine, OrderRecord, PAYMENTS } from './order.entity.ts';

export const payment = z.enum(PAYMENTS);

export const orderInput = z.strictObject({
  customer: z.string().max(40).optional(),
  lines: z
    .array(z.strictObject({ itemId: z.string().max(40), quantity: z.number().int().min(1).max(999) }))
    .min(1)
    .max(50),
  payment,
});
export type OrderInput = z.infer<typeof orderInput>;

/**
 * A counter order at today's board prices. With an idempotency key, the
 * same order sent again is recorded (and paid) once.
 */
export async function order(o: Office, actor: Actor, input: OrderInput, idempotencyKey?: string): Promise<WriteOutcome<Order>> {
  return o.parts.idempotent({ tenantId: o.tenant.id, principal: actor.sub, key: idempotencyKey, fingerprint: ['campus-order', input] }, async () => {
    const placed = await priceOrder(o, actor, input, 'counter');
    return { actions: [orderOp(o, placed), pieceOp(o, actor.sub, 'counter-order', placed.id)], status: 201, body: placed };
  });
}

/** Prices an order at the board's prices in force now; an unknown, withdrawn or unpriced item refuses the whole order. */
export async function priceOrder(o: Office, actor: Actor, input: OrderInput, kind: Order['kind']): Promise<Order> {
  const b = await board(o);
  const at = o.now();
  const now = at.toISOString();
  const today = dateIn(o.tenant.calendar.timeZone, at);
  const lines: OrderLine[] = input.lines.map((l, i) => {
    const found = findItem(b, l.itemId);
    const price = found && !found.item.withdrawn ? priceAt(found.item, now) : undefined;
    if (!found || price === undefined)
      throw campusProblem('item-unavailable', `Item ${l.itemId} is not on offer.`, {
        errors: [{ field: `lines.${i}.itemId`, message: 'withdrawn or unknown' }],
      });
    const rental = found.item.rental;
    return {
      itemId: l.itemId,
      name: found.item.name.zh,
      line: found.line,
      quantity: l.quantity,
      unitPrice: price,
      amount: formatAmount(roundAmount(new Dec(price).times(l.quantity))),
      ...(rental ? { dueOn: DateTime.fromISO(today).plus({ days: rental.days }).toFormat('yyyy-MM-dd'), lateFeePerDay: rental.lateFeePerDay } : {}),
    };
  });
  return {
    id: newId(at.getTime()),
    kind,
    ...(input.customer ? { customer: input.customer } : {}),
    lines,
    total: formatAmount(lines.reduce((s, l) => s.plus(l.amount), new Dec(0))),
    payment: input.payment,
    paidAt: now,
    date: today,
    servedBy: actor.sub,
  };
}

/** A fee charged at the counter as an order of its own (storage, late return), paid in cash. */
export function feeOrder(
  o: Office,
  actor: Actor,
  at: Date,
  fee: { id: string; kind: 'storage-fee' | 'late-fee'; customer?: string; name: string; line: OrderLine['line']; amount: string },
): Order {
  return {
    id: fee.id,
    kind: fee.kind,
    ...(fee.customer ? { customer: fee.customer } : {}),
    lines: [{ itemId: fee.kind, name: fee.name, line: fee.line, quantity: 1, unitPrice: fee.amount, amount: fee.amount }],
    total: fee.amount,
    payment: 'cash',
    paidAt: at.toISOString(),
    date: dateIn(o.tenant.calendar.timeZone, at),
    servedBy: actor.sub,
  };
}

/** The write that records an order (once: its id is its key). */
export function orderOp(o: Office, placed: Order): WriteOp {
  return o.records.putOp(OrderRecord, placed, 'absent');
}

export async function getOrder(o: Office, id: string): Promise<Order> {
  const found = await o.records.get(OrderRecord, id);
  if (!found) throw problems.notFound(`Order ${id}`);
  return found;
}

/** A rental comes back: late days cost the item's late fee, charged as its own order. */
export async function returnRental(o: Office, actor: Actor, orderId: string): Promise<{ order: Order; lateFee?: Order }> {
  const rented = await getOrder(o, orderId);
  const rentals = rented.lines.filter((l) => l.dueOn !== undefined);
  if (rentals.length === 0) throw campusProblem('not-a-rental', 'This order has nothing to return.');
  if (rented.returnedAt) throw campusProblem('already-returned', 'Already returned.');
  const now = o.now();
  const today = DateTime.fromISO(dateIn(o.tenant.calendar.timeZone, now));
  const fee = rentals.reduce((s, l) => {
    const late = Math.max(0, Math.floor(today.diff(DateTime.fromISO(l.dueOn ?? ''), 'days').days));
    return s.plus(new Dec(l.lateFeePerDay ?? 0).times(late).times(l.quantity));
  }, new Dec(0));
  const returned: Order = { ...rented, returnedAt: now.toISOString() };
  const writes: WriteOp[] = [o.records.putOp(OrderRecord, returned)];
  const lateFee = fee.gt(0)
    ? feeOrder(o, actor, now, {
        id: `late-${rented.id}`,
        kind: 'late-fee',
        customer: rented.customer,
        name: '逾期费 late fee',
        line: 'periodicals',
        amount: formatAmount(fee),
      })
    : undefined;
  if (lateFee) writes.push(orderOp(o, lateFee));
  await o.records.transact(writes);
  return { order: returned, ...(lateFee ? { lateFee } : {}) };
}
