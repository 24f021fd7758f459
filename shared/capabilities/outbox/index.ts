/** The transactional outbox and its delivery: mailbox, webhooks, and the AWS email and SMS channels. */

export type { DispatcherOptions } from './dispatcher.ts';
export { Dispatcher } from './dispatcher.ts';
export type { MailboxMessage } from './mailbox.ts';
export { addressesOf, OVERSEERS, readMailbox } from './mailbox.ts';
export type { OutboxItem, OutboxPayload } from './outbox.ts';
export { enqueue } from './outbox.ts';
export type { Webhook } from './webhooks.ts';
export { WebhookRegistry } from './webhooks.ts';
