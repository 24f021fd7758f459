/**
 * The transactional outbox: notifications are written as items in the same
 * transaction as the change that causes them. Delivery happens afterwards
 * (dispatcher.ts), from the table stream in AWS or a poller locally.
 */
import { newId } from '../../kernel/ids.ts';
import { conditions, type WriteAction } from '../../store/store.ts';
import { outboxKeys } from './keys.ts';

export type OutboxPayload =
  | { kind: 'message'; channel: 'mailbox'; recipient: string; subject: string; body: string; caseId?: string; event: string }
  | { kind: 'event'; eventType: string; caseId?: string; data: Record<string, unknown> }
  | { kind: 'webhook'; webhookId: string; eventId: string; eventType: string; data: Record<string, unknown>; occurredAt: string };

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

/** The put that enqueues one outbox item; `id` may be derived to make enqueueing idempotent. */
export function enqueue(tenantId: string, payload: OutboxPayload, now: Date, id = newId(now.getTime())): WriteAction {
  const at = now.toISOString();
  return {
    kind: 'put',
    item: {
      ...outboxKeys.item(tenantId, id),
      entity: 'outbox',
      id,
      tenantId,
      payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
      gsi2pk: outboxKeys.pending(tenantId),
      gsi2sk: `${at}#${id}`,
    },
    condition: conditions.absent(),
  };
}
