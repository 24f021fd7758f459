/**
 * The transactional outbox: notifications are written as items in the same
 * transaction as the change that causes them. Delivery happens afterwards
 * (dispatcher.ts), from the table stream in AWS or a poller locally.
 */
import { DateTime } from 'luxon';
import { newId } from '../ids.ts';
import { TABLE } from '../store/schema.ts';
import { conditions, type WriteAction } from '../store/store.ts';
import type { CaseType, CaseView, MessageFormat, Recipient } from './contract.ts';
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

const KEEP_DELIVERED_SECONDS = 30 * 24 * 3600;

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
      // Delivered or not, outbox rows are history, not state: they expire after a month.
      [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + KEEP_DELIVERED_SECONDS,
    },
    condition: conditions.absent(),
  };
}

/** Mailbox address of a recipient (a person's sub, a team, or a role). */
export function recipientAddress(to: Recipient, c: CaseView): string | undefined {
  if (to === 'requester') return c.requester;
  if (to === 'assignee') return c.assignee;
  if (to === 'team') return c.team ? `team:${c.team}` : undefined;
  return `role:${to.role}`;
}

/** The outbox writes an event causes: one message per template recipient, and one event for webhooks. */
export function notificationsFor(ct: CaseType, event: string, c: CaseView, now: Date, timeZone: string): WriteAction[] {
  const actions: WriteAction[] = [];
  const format: MessageFormat = { time: (iso) => DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm') };
  for (const template of ct.notify[event] ?? []) {
    const recipient = recipientAddress(template.to, c);
    if (!recipient) continue;
    actions.push(
      enqueue(c.tenantId, { kind: 'message', channel: 'mailbox', recipient, subject: template.subject(c, format), body: template.body(c, format), caseId: c.id, event }, now),
    );
  }
  const eventType = event === 'created' ? `${ct.type}.created` : `${ct.type}.${event}`;
  actions.push(enqueue(c.tenantId, { kind: 'event', eventType, caseId: c.id, data: { case: publicCase(c) } }, now));
  return actions;
}

/** What leaves the platform about a case: no personal data beyond what the masked view shows. */
function publicCase(c: CaseView) {
  return { id: c.id, type: c.type, state: c.state, version: c.version, queue: c.queue, team: c.team, priority: c.priority, slaDueAt: c.slaDueAt, updatedAt: c.updatedAt };
}
