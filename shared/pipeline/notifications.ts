/** The outbox writes a case event causes: a message per template recipient, and one event for webhooks. */
import { DateTime } from 'luxon';
import { enqueue } from '../capabilities/outbox/outbox.ts';
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

/** The outbox writes an event causes: one message per template recipient, and one event for webhooks. */
export function notificationsFor(
  ct: CaseType,
  event: string,
  c: CaseView,
  now: Date,
  timeZone: string,
  own?: Readonly<Record<string, TemplateText>>,
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
  const eventType = event === 'created' ? `${ct.type}.created` : `${ct.type}.${event}`;
  actions.push(enqueue(c.tenantId, { kind: 'event', eventType, caseId: c.id, data: { case: publicCase(c) } }, now));
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
