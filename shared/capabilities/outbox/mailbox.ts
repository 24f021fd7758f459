/**
 * The local dev mailbox channel: messages land in the table, readable through
 * the API. Delivery is keyed by the outbox id, so it happens at most once
 * even if the dispatcher retries after a crash.
 */

import { decodeCursor, encodeCursor } from '../../kernel/cursor.ts';
import type { Actor } from '../../kernel/tenancy.ts';
import type { Access } from '../../kit/access.ts';
import { ConditionFailed, conditions, type Store, type WriteAction } from '../../store/store.ts';
import { mailboxKeys } from './keys.ts';
import type { OutboxItem, OutboxPayload } from './outbox.ts';

export interface MailboxMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  caseId?: string;
  event: string;
  deliveredAt: string;
}

type MessagePayload = Extract<OutboxPayload, { kind: 'message' }>;

/**
 * A mailbox row: the message as its recipient reads it, under their
 * address, and on the tenant's whole-mailbox index for staff. Put only if
 * absent, so the same message id never lands twice.
 */
export function mailRow(tenantId: string, id: string, payload: MessagePayload, at: string, createdAt = at): Extract<WriteAction, { kind: 'put' }> {
  const message: MailboxMessage = {
    id,
    recipient: payload.recipient,
    subject: payload.subject,
    body: payload.body,
    ...(payload.caseId !== undefined && { caseId: payload.caseId }),
    event: payload.event,
    deliveredAt: at,
  };
  return {
    kind: 'put',
    item: {
      ...mailboxKeys.message(tenantId, payload.recipient, createdAt, id),
      entity: 'mail',
      tenantId,
      message,
      gsi1pk: mailboxKeys.all(tenantId),
      gsi1sk: `${createdAt}#${id}`,
    },
    condition: conditions.absent(),
  };
}

/** Delivers an outbox message (one raised under a derived id) into the mailbox, at most once. */
export async function deliverToMailbox(store: Store, item: OutboxItem, payload: MessagePayload, now: Date): Promise<void> {
  const row = mailRow(item.tenantId, item.id, payload, now.toISOString(), item.createdAt);
  try {
    await store.put(row.item, row.condition);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err; // already delivered: nothing to do
  }
}

/** The addresses a person reads: their own, their teams' and their roles'. */
export function addressesOf(actor: Actor): string[] {
  return [actor.sub, ...(actor.scopes.team ?? []).map((t) => `team:${t}`), ...actor.roles.map((r) => `role:${r}`)];
}

/** Who reads every mailbox of their tenant. */
export const OVERSEERS = ['tenant-admin', 'auditor'];

/** A mailbox is an address's (`mailbox` dimension: the addresses a caller is); the declaration says who reads which. */
export async function readMailbox(
  store: Store,
  cursorSecret: string,
  access: Access,
  q: { recipient?: string; limit: number; cursor?: string },
): Promise<{ items: MailboxMessage[]; nextCursor?: string }> {
  const { actor } = access;
  const overseer = (await access.reach('mailbox')) === 'all';
  let listing: { index?: 'gsi1'; pk: string; name: string };
  if (q.recipient !== undefined) {
    await access.require({ mailbox: q.recipient }, `Mailbox ${q.recipient}`);
    listing = { pk: mailboxKeys.recipient(actor.tenantId, q.recipient), name: `mailbox:${q.recipient}` };
  } else if (overseer) {
    listing = { index: 'gsi1', pk: mailboxKeys.all(actor.tenantId), name: 'mailbox:*' };
  } else {
    listing = { pk: mailboxKeys.recipient(actor.tenantId, actor.sub), name: `mailbox:${actor.sub}` };
  }
  const startKey = decodeCursor(cursorSecret, actor.tenantId, listing.name, q.cursor);
  const page = await store.query({ index: listing.index, pk: listing.pk, limit: q.limit, startKey, descending: true });
  return { items: page.items.map((i) => i.message as MailboxMessage), nextCursor: encodeCursor(cursorSecret, actor.tenantId, listing.name, page.lastKey) };
}
