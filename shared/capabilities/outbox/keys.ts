/** Key layout of outbox, mailbox and webhook records (see the key-design table in the README). */
import { tenantKey } from '../../store/schema.ts';

export const outboxKeys = {
  item: (t: string, id: string) => ({ pk: tenantKey(t, 'OUTBOX', id), sk: 'OUTBOX' }),
  /** GSI2: sparse index of messages still to deliver, by next attempt time. */
  pending: (t: string) => tenantKey(t, 'OUTBOX', 'PENDING'),
};

export const mailboxKeys = {
  message: (t: string, recipient: string, at: string, id: string) => ({ pk: tenantKey(t, 'MAILBOX', recipient), sk: `${at}#${id}` }),
  recipient: (t: string, recipient: string) => tenantKey(t, 'MAILBOX', recipient),
  /** GSI1: the whole tenant's dev mailbox, for staff. */
  all: (t: string) => tenantKey(t, 'MAILBOX'),
};

export const webhookKeys = {
  partition: (t: string) => tenantKey(t, 'WEBHOOKS'),
  item: (t: string, id: string) => ({ pk: tenantKey(t, 'WEBHOOKS'), sk: id }),
};
