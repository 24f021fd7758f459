/** The transactional outbox and its delivery: mailbox, webhooks, and the AWS email and SMS channels. */
export { enqueue } from './outbox.ts';
export type { OutboxItem, OutboxPayload } from './outbox.ts';
export { addressesOf, readMailbox } from './mailbox.ts';
export type { MailboxMessage } from './mailbox.ts';
export { Dispatcher } from './dispatcher.ts';
export type { DispatcherOptions } from './dispatcher.ts';
export { WebhookRegistry } from './webhooks.ts';
export type { Webhook } from './webhooks.ts';
