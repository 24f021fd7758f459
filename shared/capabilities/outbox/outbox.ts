/**
 * The transactional outbox: notifications are written in the same
 * transaction as the change that causes them. A message a change raises is
 * written straight into the recipient's mailbox, which is its in-app
 * delivery: nothing is left to claim, deliver or mark, and the table's
 * stream hands the new mailbox row to the external channels (email, SMS)
 * once. What must leave the table and be retried until it does (a webhook
 * delivery, a message that must be written once under an id derived from
 * its cause) is an outbox row the dispatcher (dispatcher.ts) delivers.
 */
import { newId } from '../../kernel/ids.ts';
import { conditions, type WriteAction } from '../../store/store.ts';
import { outboxKeys } from './keys.ts';
import { type MessagePayload, mailRow } from './mail-row.ts';

export type OutboxPayload =
  | MessagePayload
  | { kind: 'event'; eventType: string; caseId?: string; data: Record<string, unknown> }
  | { kind: 'webhook'; webhookId: string; eventId: string; eventType: string; data: Record<string, unknown>; occurredAt: string }
  /** A mailbox message's external send that failed from the stream, retried by the sweep. */
  | { kind: 'external'; mailId: string; recipient: string; subject: string; body: string };

export interface OutboxItem {
  id: string;
  tenantId: string;
  payload: OutboxPayload;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError?: string;
  /** When the message went out through an external channel (so a retry does not send it again). */
  sent_email?: string;
  sent_sms?: string;
}

/** How long a delivered or failed outbox row is kept before its TTL removes it. */
export const KEEP_DELIVERED_SECONDS = 30 * 24 * 3600;

/**
 * The put that notifies: a message with a fresh id lands in the mailbox
 * directly; anything else, or a message whose `id` is derived from its
 * cause so that raising it twice writes it once, is an outbox row.
 */
export function enqueue(tenantId: string, payload: OutboxPayload, now: Date, id?: string): WriteAction {
  if (payload.kind === 'message' && id === undefined) return mailRow(tenantId, newId(now.getTime()), payload, now.toISOString());
  return outboxRow(tenantId, payload, now, id ?? newId(now.getTime()));
}

/** An outbox row, due now; `attempts` above zero marks a retry the stream must leave to the sweep. */
export function outboxRow(tenantId: string, payload: OutboxPayload, now: Date, id: string, attempts = 0, dueAt = now): Extract<WriteAction, { kind: 'put' }> {
  const at = now.toISOString();
  const due = dueAt.toISOString();
  return {
    kind: 'put',
    item: {
      ...outboxKeys.item(tenantId, id),
      entity: 'outbox',
      id,
      tenantId,
      payload,
      status: 'pending',
      attempts,
      nextAttemptAt: due,
      createdAt: at,
      gsi2pk: outboxKeys.pending(tenantId),
      gsi2sk: `${due}#${id}`,
    },
    condition: conditions.absent(),
  };
}
