/**
 * The notifications a case event causes, written in the change's own
 * transaction: a mailbox message per template recipient, and a webhook
 * delivery per subscription that asked for the event (none at all when the
 * tenant has no subscription).
 */
import { DateTime } from 'luxon';
import { enqueue } from '../capabilities/outbox/outbox.ts';
import { matchesEvent, type Webhook } from '../capabilities/outbox/webhooks.ts';
import { newId } from '../kernel/ids.ts';
import type { WriteAction } from '../store/store.ts';
import type { CaseType, CaseView, MessageFormat, Recipient } from './contract.ts';
import { messageOf, type TemplateText } from './templates.ts';

/** Mailbox address of a recipient (a person's sub, a team, or a role). */
export function recipientAddress(to: Recipient, c: CaseView): string | undefined {
  if (to === 'requester') return c.requester;
  if (to === 'assignee') return c.assignee;
  if (to === 'team') return c.team ? `team:${c.team}` : undefined;
  return `role:${to.role}`;
}

/** The writes an event causes: one message per template recipient, and one webhook delivery per matching subscription. */
export function notificationsFor(
  ct: CaseType,
  event: string,
  c: CaseView,
  now: Date,
  timeZone: string,
  own?: Readonly<Record<string, TemplateText>>,
  hooks: readonly Webhook[] = [],
): WriteAction[] {
  const actions: WriteAction[] = [];
  const format: MessageFormat = { time: (iso) => DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm') };
  for (const [index, template] of (ct.notify[event] ?? []).entries()) {
    const { subject, body } = messageOf(ct, event, index, c, format, own);
    // Who follows a case (their duplicate was merged into it) hears what its requester hears.
    const recipients = template.to === 'requester' ? [c.requester, ...(c.followers ?? [])] : [recipientAddress(template.to, c)];
    for (const recipient of recipients) {
      if (!recipient) continue;
      actions.push(enqueue(c.tenantId, { kind: 'message', channel: 'mailbox', recipient, subject, body, caseId: c.id, event }, now));
    }
  }
  const eventType = `${ct.type}.${event}`;
  const subscribed = hooks.filter((h) => h.active && matchesEvent(h.events, eventType));
  if (subscribed.length) {
    // One event id for all its deliveries: the receiver's webhook-id is `<event>-<subscription>`, as when fanned out.
    const eventId = newId(now.getTime());
    const data = { case: publicCase(c) };
    const occurredAt = now.toISOString();
    for (const h of subscribed) {
      actions.push(enqueue(c.tenantId, { kind: 'webhook', webhookId: h.id, eventId, eventType, data, occurredAt }, now, `${eventId}-${h.id}`));
    }
  }
  return actions;
}

/** What leaves the platform about a case: no personal data beyond what the masked view shows. */
function publicCase(c: CaseView) {
  return {
    id: c.id,
    type: c.type,
    state: c.state,
    version: c.version,
    queue: c.queue,
    team: c.team,
    priority: c.priority,
    slaDueAt: c.slaDueAt,
    updatedAt: c.updatedAt,
  };
}
