/** The transactional outbox and its delivery: mailbox, webhooks, and the AWS email and SMS channels. */
export { enqueue } from './outbox.ts';
export type { OutboxItem, OutboxPayload } from './outbox.ts';
