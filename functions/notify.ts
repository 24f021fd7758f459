/**
 * Lambda entry point for delivery. Invoked by the table's stream (filtered to
 * outbox inserts, and mailbox inserts where email or SMS is configured), it
 * delivers each outbox item or sends each new message externally, and
 * reports only the records that failed, so the rest are not redelivered.
 * Invoked by a schedule with `{ "sweep": true }`, it drains every tenant's
 * due retries.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { awsChannelsFromEnv } from '../shared/capabilities/outbox/aws-channels.ts';
import type { MailRow } from '../shared/capabilities/outbox/dispatcher.ts';
import type { OutboxItem } from '../shared/capabilities/outbox/outbox.ts';
import { log } from '../shared/kernel/log.ts';
import { loadConfig } from '../shared/platform/config.ts';
import { createDelivery } from '../shared/platform/delivery.ts';

const platform = createDelivery(await loadConfig(), { dispatcher: awsChannelsFromEnv(process.env) });

interface StreamRecord {
  eventID?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; SequenceNumber?: string };
}

export async function handler(event: { Records?: StreamRecord[]; sweep?: boolean }) {
  if (event.sweep) {
    for (const tenant of await platform.tenants.list()) {
      const counts = await platform.dispatcher.drain(tenant.id);
      log('info', 'outbox sweep', { tenantId: tenant.id, ...counts });
    }
    return { batchItemFailures: [] };
  }
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records ?? []) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    const item = unmarshall(image) as unknown as (OutboxItem & { entity?: string }) | MailRow;
    try {
      if (item.entity === 'mail') await platform.dispatcher.sendFresh(item as MailRow);
      // A retry (attempts above zero) waits for its time; the sweep delivers it.
      else if (item.entity === 'outbox' && item.status === 'pending' && item.attempts === 0) await platform.dispatcher.process(item);
    } catch (err) {
      log('error', 'outbox record failed', { record: record.eventID, error: (err as Error).message });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' });
    }
  }
  return { batchItemFailures };
}
