/**
 * A mailbox message as stored: the in-app copy of a notification, which is
 * its delivery. Apart from the outbox so both the outbox (which writes it
 * in a change's transaction) and the mailbox reader can use it.
 */
import { conditions, type WriteAction } from '../../store/store.ts';
import { mailboxKeys } from './keys.ts';

/** A message to one address (a person's sub, `team:…` or `role:…`). */
export interface MessagePayload {
  kind: 'message';
  channel: 'mailbox';
  recipient: string;
  subject: string;
  body: string;
  caseId?: string;
  event: string;
}

export interface MailboxMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  caseId?: string;
  event: string;
  deliveredAt: string;
}

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
