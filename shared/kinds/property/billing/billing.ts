/**
 * Property fees (物业费): a price list (management fee per m² per month by
 * property type, other monthly fees), a bill per household each month
 * issued by the nightly run on the billing day — idempotently, a rerun
 * issues no second bill — payments at the counter or through the API
 * (oldest bill first, partial payments, never more than is due), arrears
 * with reminders at configured ages, a late fee if configured, receipts and
 * a household statement. Every amount is a ledger posting: a bill debits the
 * household's receivable and credits income per fee; a payment debits the
 * payment method's clearing account and credits the receivable.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { enqueue } from '../../../capabilities/outbox/index.ts';
import { amountSchema, Dec, formatAmount, roundAmount } from '../../../kernel/money.ts';
import { Problem, problems } from '../../../kernel/problems.ts';
import type { LedgerRequest } from '../../../ledger/index.ts';
import { ConditionFailed, TransactionConflict, type WriteOp } from '../../../store/namespace.ts';
import { type Household, PersonRecord, PROPERTY_TYPES } from '../estate/estate.entity.ts';
import { allHouseholds, householdWithPeople } from '../estate/estate.ts';
import type { Office } from '../office.ts';
import { propertyProblem } from '../problems.ts';
import { requesterOf } from '../requests/intake.ts';
import { type Bill, BillRecord, type Fee, openBills, PAYMENT_METHODS, type Payment, PaymentRecord, type PriceList, PriceListRecord } from './billing.entity.ts';

const rates = z.partialRecord(z.enum(PROPERTY_TYPES), amountSchema());

export const priceListInput = z.strictObject({
  fees: z
    .array(
      z
        .strictObject({
          code: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes'),
          name: z.string().trim().min(1).max(50),
          perSquareMetre: rates.optional(),
          fixed: rates.optional(),
        })
        .refine((f) => f.perSquareMetre || f.fixed, 'a fee is per m² or fixed'),
    )
    .min(1)
    .max(20),
  billingDay: z.number().int().min(1).max(28),
  dueDays: z.number().int().min(1).max(90),
  reminders: z.array(z.number().int().min(1).max(365)).max(5).default([]),
  lateFeeRate: z
    .string()
    .regex(/^0(\.\d{1,4})?$/, 'a monthly fraction such as 0.005')
    .refine((r) => new Dec(r).lte('0.1'), 'at most 0.1 a month')
    .optional(),
});
export type PriceListInput = z.input<typeof priceListInput>;

/** What a household owes: bills are in the household's partition, with its payments. */
export async function accountOf(o: Office, household: string) {
  const { household: h, people } = await householdWithPeople(o, household);
  const partition = await o.records.partition(['HOUSEHOLD', h.id]);
  // Oldest first — a month's bill before that month's charges — which is the order payments settle them in.
  const order = (b: Bill) => `${b.month}#${b.source ?? ''}`;
  const bills = partition.of(BillRecord).sort((a, b) => (order(a) < order(b) ? -1 : 1));
  const payments = partition.of(PaymentRecord).sort((a, b) => (a.at < b.at ? -1 : 1));
  const due = bills.reduce((s, b) => s.plus(b.total).minus(b.paid), new Dec(0));
  return { household: h, people, bills, payments, due };
}

export const receivableOf = (household: string) => `receivable:household:${household}`;
const incomeOf = (fee: string) => `income:fees:${fee}`;
const clearingOf = (method: string) => `clearing:payments:${method}`;

export async function setPriceList(o: Office, input: PriceListInput): Promise<PriceList> {
  const p = priceListInput.parse(input);
  const prices: PriceList = { ...p, fees: p.fees as Fee[], updatedAt: o.now().toISOString() };
  await o.records.put(PriceListRecord, prices);
  return prices;
}

export function priceList(o: Office): Promise<PriceList | undefined> {
  return o.records.get(PriceListRecord, undefined);
}

/** A household's bill lines for a month: each fee on its area or fixed, and the late fee on what is overdue. */
export function billLines(h: Household, prices: PriceList, overdue: Dec) {
  const lines: Bill['lines'] = [];
  for (const fee of prices.fees) {
    const perM2 = fee.perSquareMetre?.[h.propertyType];
    const fixed = fee.fixed?.[h.propertyType];
    if (perM2) lines.push({ fee: fee.code, name: fee.name, basis: `${h.area} m² × ${perM2}`, amount: formatAmount(roundAmount(new Dec(h.area).times(perM2))) });
    if (fixed) lines.push({ fee: fee.code, name: fee.name, basis: 'fixed', amount: formatAmount(new Dec(fixed)) });
  }
  if (prices.lateFeeRate && overdue.gt(0)) {
    lines.push({
      fee: 'late',
      name: '滞纳金 late fee',
      basis: `${formatAmount(overdue)} × ${prices.lateFeeRate}`,
      amount: formatAmount(roundAmount(overdue.times(prices.lateFeeRate))),
    });
  }
  return lines.filter((l) => !new Dec(l.amount).isZero());
}

/** Households billed together in one transaction (entries, postings, bills and new receivables stay under 100 writes). */
const BATCH = 15;

/**
 * The month's bills, on the billing day. A household with nobody on record
 * is not billed; one already billed this month is left alone, so a rerun —
 * or a run resumed after a crash — issues no second bill.
 */
export async function runBilling(
  o: Office,
  businessDate: string,
  checkpoint: () => void = () => {},
): Promise<{ issued: number; existing: number; notBilled: number }> {
  const prices = await priceList(o);
  const out = { issued: 0, existing: 0, notBilled: 0 };
  if (!prices || DateTime.fromISO(businessDate).day !== prices.billingDay) return out;
  const month = businessDate.slice(0, 7);
  const dueOn = DateTime.fromISO(businessDate).plus({ days: prices.dueDays }).toISODate()!;
  const todo: Array<{ household: Household; bill: Bill }> = [];
  for (const h of await allHouseholds(o)) {
    if (h.people === 0) {
      out.notBilled++;
      continue;
    }
    const partition = await o.records.partition(['HOUSEHOLD', h.id], { prefix: 'BILL#' });
    const bills = partition.of(BillRecord);
    if (bills.some((b) => b.month === month && !b.source)) {
      out.existing++;
      continue;
    }
    const overdue = bills.filter((b) => b.status === 'open' && b.dueOn < businessDate).reduce((s, b) => s.plus(b.total).minus(b.paid), new Dec(0));
    const lines = billLines(h, prices, overdue);
    if (lines.length === 0) {
      out.notBilled++;
      continue;
    }
    const total = formatAmount(lines.reduce((s, l) => s.plus(l.amount), new Dec(0)));
    const transferId = `bill:${h.id}:${month}`;
    todo.push({
      household: h,
      bill: { household: h.id, month, lines, total, paid: '0.00', status: 'open', issuedOn: businessDate, dueOn, reminded: [], transferId, version: 1 },
    });
  }
  for (let i = 0; i < todo.length; i += BATCH) {
    const batch = todo.slice(i, i + BATCH);
    checkpoint();
    out.issued += await issue(
      o,
      batch.map((b) => b.bill),
    );
  }
  return out;
}

/** Books bills: one ledger entry each (receivable against income per fee) and the bill, all in one transaction. */
async function issue(o: Office, bills: Bill[]): Promise<number> {
  const requests: LedgerRequest[] = bills.map((b) => {
    const byFee = new Map<string, Dec>();
    for (const l of b.lines) byFee.set(l.fee, (byFee.get(l.fee) ?? new Dec(0)).plus(l.amount));
    return {
      kind: 'entry',
      entry: {
        id: b.transferId,
        code: 'property-bill',
        memo: `物业费 ${b.month} ${b.household}`,
        ref: { household: b.household, month: b.month },
        legs: [
          { account: receivableOf(b.household), side: 'debit', amount: b.total },
          ...[...byFee].map(([fee, amount]) => ({ account: incomeOf(fee), side: 'credit' as const, amount: formatAmount(amount) })),
        ],
      },
    };
  });
  // New households' receivables open in the same transaction: when that makes it too big, halve the batch.
  const halves = async () => {
    const half = Math.ceil(bills.length / 2);
    return (await issue(o, bills.slice(0, half))) + (await issue(o, bills.slice(half)));
  };
  let plan: Awaited<ReturnType<typeof o.parts.ledger.plan>>;
  try {
    plan = await o.parts.ledger.plan(o.tenant.id, requests, { timeZone: o.tenant.calendar.timeZone, now: o.now(), origin: 'system' });
  } catch (err) {
    if (err instanceof Problem && err.slug === 'too-many-items' && bills.length > 1) return halves();
    throw err;
  }
  if (plan.actions.length + bills.length > 100 && bills.length > 1) return halves();
  try {
    await o.records.transact([...bills.map((b) => o.records.putOp(BillRecord, b, 'absent')), ...plan.actions]);
    return bills.length;
  } catch (err) {
    // Someone billed one of them meanwhile (a concurrent rerun): bill the rest one by one.
    if (!(err instanceof TransactionConflict) || bills.length === 1) {
      if (err instanceof TransactionConflict) return 0;
      throw err;
    }
    let issued = 0;
    for (const b of bills) issued += await issue(o, [b]);
    return issued;
  }
}

export const paymentInput = z.strictObject({
  /** Your id for this payment: a retry with the same id pays nothing twice. */
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (up to 64)'),
  amount: amountSchema(),
  method: z.enum(PAYMENT_METHODS),
});
export type PaymentInput = z.infer<typeof paymentInput>;

/**
 * A payment settles the oldest open bills first, in part if it must; more
 * than is due is refused (the estate keeps no credit balance: a household
 * pays what it owes, and the desk refunds nothing).
 */
export async function pay(o: Office, by: string, household: string, input: PaymentInput): Promise<Payment> {
  const account = await accountOf(o, household);
  const existing = account.payments.find((p) => p.id === input.id);
  if (existing) {
    if (existing.amount === formatAmount(new Dec(input.amount)) && existing.method === input.method) return existing;
    throw problems.validation([{ field: 'id', message: 'this payment id was used for a different payment' }]);
  }
  const amount = new Dec(input.amount);
  if (amount.isZero()) throw problems.validation([{ field: 'amount', message: 'must be more than 0.00' }]);
  if (amount.gt(account.due)) {
    throw propertyProblem('overpayment', `The household owes ${formatAmount(account.due)}; a payment of ${formatAmount(amount)} is more than is due.`, {
      errors: [{ field: 'amount', message: `at most ${formatAmount(account.due)}` }],
    });
  }
  let left = amount;
  const applied: Payment['applied'] = [];
  const writes: WriteOp[] = [];
  for (const bill of account.bills.filter((b) => b.status === 'open')) {
    if (left.isZero()) break;
    const owing = new Dec(bill.total).minus(bill.paid);
    const part = Dec.min(owing, left);
    left = left.minus(part);
    const paid = new Dec(bill.paid).plus(part);
    applied.push({ month: bill.month, ...(bill.source ? { source: bill.source } : {}), amount: formatAmount(part) });
    writes.push(
      o.records.putOp(
        BillRecord,
        { ...bill, paid: formatAmount(paid), status: paid.gte(bill.total) ? 'paid' : 'open', version: bill.version + 1 },
        { version: bill.version },
      ),
    );
  }
  const transferId = `payment:${account.household.id}:${input.id}`;
  const payment: Payment = {
    id: input.id,
    household: account.household.id,
    amount: formatAmount(amount),
    method: input.method,
    applied,
    at: o.now().toISOString(),
    by,
    transferId,
  };
  const plan = await o.parts.ledger.plan(
    o.tenant.id,
    [
      {
        kind: 'entry',
        entry: {
          id: transferId,
          code: 'property-payment',
          memo: `物业费缴费 ${account.household.id} ${input.method}`,
          ref: { household: account.household.id, payment: input.id },
          legs: [
            { account: clearingOf(input.method), side: 'debit', amount: payment.amount },
            { account: receivableOf(account.household.id), side: 'credit', amount: payment.amount },
          ],
        },
      },
    ],
    { timeZone: o.tenant.calendar.timeZone, now: o.now(), origin: 'system' },
  );
  try {
    await o.records.transact([o.records.putOp(PaymentRecord, payment, 'absent'), ...writes, ...plan.actions]);
  } catch (err) {
    if (err instanceof TransactionConflict || err instanceof ConditionFailed) {
      throw propertyProblem('bills-changed', 'The household’s bills changed meanwhile (another payment?); look again and retry.');
    }
    throw err;
  }
  return payment;
}

/** Open bills past due, oldest first, a page at a time. */
export async function arrears(o: Office, q: { asOf: string; limit: number; cursor?: string }) {
  const cursors = o.cursors(`arrears:${q.asOf}`);
  const page = await o.records.page(BillRecord, openBills, undefined, { limit: q.limit, startKey: cursors.decode(q.cursor), between: ['', `${q.asOf}#`] });
  return { items: page.items.map((b) => ({ ...b, owing: formatAmount(new Dec(b.total).minus(b.paid)) })), nextCursor: cursors.encode(page.lastKey) };
}

/**
 * Reminds each household of a bill as it passes each configured age past
 * due, once per age: the message and the bill's note of it are written
 * together, so a rerun sends nothing twice.
 */
export async function remindArrears(o: Office, businessDate: string): Promise<{ reminded: number }> {
  const prices = await priceList(o);
  if (!prices?.reminders.length) return { reminded: 0 };
  let reminded = 0;
  for (const bill of await o.records.find(BillRecord, openBills, undefined, { between: ['', `${businessDate}#`] })) {
    const age = DateTime.fromISO(businessDate).diff(DateTime.fromISO(bill.dueOn), 'days').days;
    const due = prices.reminders.filter((r) => age >= r && !bill.reminded.includes(r));
    if (due.length === 0) continue;
    const people = (await o.records.list(PersonRecord, ['HOUSEHOLD', bill.household], { prefix: 'PERSON#' })).filter((p) => !p.movedOutAt);
    const owing = formatAmount(new Dec(bill.total).minus(bill.paid));
    const messages = people.map((p) =>
      enqueue(
        o.tenant.id,
        {
          kind: 'message',
          channel: 'mailbox',
          recipient: requesterOf(p),
          subject: bill.source ? `费用催缴 Charge overdue (${bill.lines[0]?.name ?? bill.source})` : `物业费催缴 Fees overdue (${bill.month})`,
          body: `您家（${bill.household}）${bill.source ? (bill.lines[0]?.name ?? bill.source) : `${bill.month} 月物业费`}尚欠 ¥${owing}，已逾期 ${Math.floor(age)} 天，请尽快缴纳。`,
          event: 'fees-overdue',
        },
        o.now(),
        `fees-overdue:${bill.household}:${bill.month}${bill.source ? `:${bill.source}` : ''}:${Math.max(...due)}:${p.id}`,
      ),
    );
    try {
      await o.records.transact([
        o.records.putOp(BillRecord, { ...bill, reminded: [...bill.reminded, ...due], version: bill.version + 1 }, { version: bill.version }),
        ...messages,
      ]);
      reminded++;
    } catch (err) {
      if (!(err instanceof TransactionConflict)) throw err; // paid or reminded meanwhile: the next run looks again
    }
  }
  return { reminded };
}

/** The household's statement: bills, payments, what is due — and what the ledger holds, which must agree. */
export async function statementOf(o: Office, household: string) {
  const account = await accountOf(o, household);
  const ledger = await o.parts.ledger.balance(o.tenant.id, receivableOf(account.household.id)).catch(() => undefined);
  return {
    household: account.household,
    bills: account.bills,
    payments: account.payments,
    due: formatAmount(account.due),
    ledgerBalance: ledger?.net ?? '0.00',
  };
}

/** Days a charge raised by a request has before it is overdue. */
export const CHARGE_DUE_DAYS = 15;

/**
 * A charge a request raises for its household (a chargeable repair, a
 * service), as a bill of its own: the statement shows it, payments settle it
 * oldest first like any bill, and it is reminded when overdue. Drafted for
 * the case's own transition, which books the same amount in the ledger.
 */
export function chargeDraft(c: { household: string; source: string; name: string; amount: string; transferId: string; on: Date; timeZone: string }) {
  const issued = DateTime.fromJSDate(c.on, { zone: c.timeZone });
  const bill: Bill = {
    household: c.household,
    month: issued.toFormat('yyyy-MM'),
    source: c.source,
    lines: [{ fee: c.source.split(':')[0]!, name: c.name, basis: c.source, amount: c.amount }],
    total: c.amount,
    paid: '0.00',
    status: 'open',
    issuedOn: issued.toISODate()!,
    dueOn: issued.plus({ days: CHARGE_DUE_DAYS }).toISODate()!,
    reminded: [],
    transferId: c.transferId,
    version: 1,
  };
  return BillRecord.draft(bill);
}
