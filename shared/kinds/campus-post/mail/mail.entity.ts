/**
 * Mailbox delivery (插箱投递): one record per sorted batch (no codes, no
 * custody), listed by when it was sorted; and periodical subscriptions, one
 * per person in the partition of the periodical and term.
 */
import { z } from 'zod';
import { entity, pattern } from '../../../store/namespace.ts';

export const MAIL_KINDS = ['letter', 'periodical', 'printed'] as const;

export const mailItem = z.object({ kind: z.enum(MAIL_KINDS), mailbox: z.string(), title: z.string().optional() });
export type MailItem = z.infer<typeof mailItem>;

export const mailBatchRecord = z.object({
  id: z.string(),
  sortedAt: z.string(),
  by: z.string(),
  items: z.array(mailItem),
  /** How many distinct mailboxes the batch went into. */
  mailboxes: z.number().int(),
});
export type MailBatch = z.infer<typeof mailBatchRecord>;

/** Every batch, by when it was sorted. */
export const sortedBatches = pattern<void>('gsi1', () => ['MAILBATCHES']);

export const MailBatchRecord = entity({
  name: 'campus-mail-batch',
  attribute: 'batch',
  schema: mailBatchRecord,
  key: (id: string) => ({ pk: ['MAILBATCH', id], sk: 'B' }),
  keyOf: (b) => b.id,
  indexes: (b) => [sortedBatches.at(undefined, `${b.sortedAt}#${b.id}`)],
});

export const subscriptionRecord = z.object({ personId: z.string(), itemId: z.string(), term: z.string(), mailbox: z.string(), orderId: z.string() });
export type Subscription = z.infer<typeof subscriptionRecord>;

export const SubscriptionRecord = entity({
  name: 'campus-subscription',
  attribute: 'subscription',
  schema: subscriptionRecord,
  key: (k: { itemId: string; term: string; personId: string }) => ({ pk: ['SUBS', k.itemId, k.term], sk: k.personId }),
  keyOf: (s) => ({ itemId: s.itemId, term: s.term, personId: s.personId }),
});
export const subscribersOf = (itemId: string, term: string) => ['SUBS', itemId, term] as const;
