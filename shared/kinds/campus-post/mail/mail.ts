/**
 * Ordinary mail, periodicals and printed matter go into mailboxes: a worker
 * records each sorted batch (a piece of work). Periodical subscriptions are
 * paid at the counter for a term; each issue that arrives becomes one batch
 * with a copy for every subscriber.
 */
import { createHash } from 'node:crypto';
import type { WriteOutcome } from '../../../capabilities/idempotency/index.ts';
import { newId } from '../../../kernel/ids.ts';
import { label } from '../../../kernel/labels.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Actor } from '../../../kernel/tenancy.ts';
import { TransactionConflict, type WriteOp } from '../../../store/namespace.ts';
import type { Order, Payment } from '../counter/order.entity.ts';
import { orderOp, priceOrder } from '../counter/orders.ts';
import { person } from '../directory/directory.ts';
import type { Office } from '../office.ts';
import { campusProblem } from '../problems.ts';
import { pieceOp } from '../roster/roster.ts';
import { type MailBatch, MailBatchRecord, type MailItem, type Subscription, SubscriptionRecord, subscribersOf } from './mail.entity.ts';

/** A sorted batch of ordinary mail into mailboxes: no codes, one record per batch. */
export async function sortMail(o: Office, actor: Actor, items: MailItem[], idempotencyKey?: string): Promise<WriteOutcome<MailBatch>> {
  // With a key, the same batch sent twice (a double click, a retry) is recorded — and counted as a piece of work — once.
  return o.parts.idempotent({ tenantId: o.tenant.id, principal: actor.sub, key: idempotencyKey, fingerprint: ['mail-batch', items] }, async () => {
    const batch = batchOf(o, actor, items, newId(o.now().getTime()));
    return { actions: [o.records.putOp(MailBatchRecord, batch), pieceOp(o, actor.sub, 'mail-batch', batch.id)], status: 201, body: batch };
  });
}

const batchOf = (o: Office, actor: Actor, items: MailItem[], id: string): MailBatch => ({
  id,
  sortedAt: o.now().toISOString(),
  by: actor.sub,
  items,
  mailboxes: new Set(items.map((i) => i.mailbox)).size,
});

export async function subscribe(
  o: Office,
  actor: Actor,
  input: { personId: string; itemId: string; term: string; payment: Payment },
): Promise<{ subscription: Subscription; order: Order }> {
  const subscriber = await person(o, input.personId);
  if (!subscriber) throw problems.notFound(`Person ${input.personId}`);
  const order = await priceOrder(o, actor, { customer: subscriber.id, lines: [{ itemId: input.itemId, quantity: 1 }], payment: input.payment }, 'subscription');
  const subscription: Subscription = { personId: subscriber.id, itemId: input.itemId, term: input.term, mailbox: subscriber.mailbox, orderId: order.id };
  // One subscription per person, periodical and term: the payment and the subscription commit together, so a retry cannot charge twice.
  const writes: WriteOp[] = [orderOp(o, order), pieceOp(o, actor.sub, 'counter-order', order.id), o.records.putOp(SubscriptionRecord, subscription, 'absent')];
  try {
    await o.records.transact(writes);
  } catch (err) {
    if (err instanceof TransactionConflict && err.failed.includes(writes.length - 1))
      throw campusProblem('already-subscribed', `${subscriber.id} already subscribes to ${input.itemId} for ${input.term}.`);
    throw err;
  }
  return { subscription, order };
}

/** An issue arrives: one mailbox batch with a copy for every subscriber of the term. */
export async function issueArrived(o: Office, actor: Actor, itemId: string, term: string, issue: string): Promise<MailBatch> {
  const subs = await o.records.list(SubscriptionRecord, subscribersOf(itemId, term));
  if (subs.length === 0) throw problems.notFound(`Subscribers of ${itemId} for ${term}`);
  // An issue is sorted once: its batch is named by the issue, so the same issue sent again is refused, not delivered twice.
  const id = `issue-${createHash('sha256')
    .update(JSON.stringify([itemId, term, issue]))
    .digest('hex')
    .slice(0, 24)}`;
  const batch = batchOf(
    o,
    actor,
    subs.map((s) => ({ kind: 'periodical', mailbox: s.mailbox, title: `${itemId} ${issue}` })),
    id,
  );
  try {
    await o.records.transact([o.records.putOp(MailBatchRecord, batch, 'absent'), pieceOp(o, actor.sub, 'mail-batch', batch.id)]);
  } catch (err) {
    if (err instanceof TransactionConflict)
      throw campusProblem('issue-sorted', label(`${itemId} ${term} ${issue} 已投递过`, `Issue ${issue} of ${itemId} for ${term} was already sorted.`));
    throw err;
  }
  return batch;
}
