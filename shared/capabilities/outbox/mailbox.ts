/**
 * The local dev mailbox channel: messages land in the table, readable through
 * the API. Delivery is keyed by the outbox id, so it happens at most once
 * even if the dispatcher retries after a crash.
 */

import { decodeCursor, encodeCursor } from '../../kernel/cursor.ts';
import type { Actor } from '../../kernel/tenancy.ts';
import type { Access } from '../../kit/access.ts';
import { ConditionFailed, type Store } from '../../store/store.ts';
import { mailboxKeys } from './keys.ts';
import { type MailboxMessage, type MessagePayload, mailRow } from './mail-row.ts';
import type { OutboxItem } from './outbox.ts';

export type { MailboxMessage };

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
