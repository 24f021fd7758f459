/**
 * Mailbox delivery (插箱投递): one record per sorted batch (no codes, no
 * custody), listed by when it was sorted; and periodical subscriptions, one
 * per person in the partition of the periodical and term.
 */
import { z } from 'zod';
import { entity, pattern } from '../../../store/namespace.ts';
import { PAYMENTS } from '../counter/order.entity.ts';

export const MAIL_KINDS = ['letter', 'periodical', 'printed'] as const;

export const mailItem = z.object({ kind: z.enum(MAIL_KINDS), mailbox: z.string(), title: z.string().optional() });

const mailbox = z.string().trim().min(1).max(40).meta({ title: '信箱 Mailbox' });
const term = z
  .string()
  .regex(/^\d{4}-(spring|autumn)$/, '应为学期，如 2026-autumn a term such as 2026-autumn')
  .meta({ title: '学期 Term' });
const periodical = z.string().max(40).meta({ title: '报刊 Periodical' });

/** A sorted batch as the counter records it: one row per piece (or per bundle for one mailbox). */
export const mailBatchInput = z.strictObject({
  items: z
    .array(
      z.strictObject({
        kind: z.enum(MAIL_KINDS).meta({ title: '类别 Kind' }),
        mailbox,
        title: z.string().max(100).optional().meta({ title: '题名 Title' }),
      }),
    )
    .min(1)
    .max(2000)
    .meta({ title: '投递件 Pieces' }),
});

export const subscriptionInput = z.strictObject({
  personId: z.string().max(40).meta({ title: '订阅人编号 Subscriber id' }),
  itemId: periodical,
  term,
  payment: z.enum(PAYMENTS).meta({ title: '支付方式 Payment' }),
});

export const issueParams = z.object({ itemId: periodical, term });
export const issueInput = z.strictObject({ issue: z.string().trim().min(1).max(40).meta({ title: '期号 Issue' }) });
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
