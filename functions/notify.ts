/**
 * Lambda entry point for delivery. Invoked by the table's stream (filtered to
 * outbox inserts, and mailbox inserts where email or SMS is configured), it
 * delivers each outbox item or sends each new message externally, and
 * reports only the records that failed, so the rest are not redelivered.
 * Invoked by a schedule with `{ "sweep": true }`, it hands one retry-sweep
 * job per tenant to the notify queue; invoked by that queue, it drains the
 * tenant of each job, and a job that fails is retried (then parked) alone.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { awsChannelsFromEnv } from '../shared/capabilities/outbox/aws-channels.ts';
import type { MailRow } from '../shared/capabilities/outbox/dispatcher.ts';
import type { OutboxItem } from '../shared/capabilities/outbox/outbox.ts';
import { log } from '../shared/kernel/log.ts';
import { loadConfig } from '../shared/platform/config.ts';
import { createDelivery } from '../shared/platform/delivery.ts';
import { SqsWorkQueue } from '../shared/platform/sqs-queue.ts';
import { consume, drainOutbox, fanOutSweep, type QueueRecord } from '../shared/platform/tenant-work.ts';

const platform = createDelivery(await loadConfig(), { dispatcher: awsChannelsFromEnv(process.env) });
const queue = new SqsWorkQueue(process.env.WORK_QUEUE_URL ?? '');
const MAX_ATTEMPTS = Number(process.env.WORK_MAX_ATTEMPTS ?? 3);

interface StreamRecord {
  eventID?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; SequenceNumber?: string };
}

export async function handler(event: { Records?: Array<StreamRecord | (QueueRecord & { eventSource: 'aws:sqs' })>; sweep?: boolean }) {
  if (event.sweep) return fanOutSweep(platform, queue, 'outbox');
  if (event.Records?.[0] && 'eventSource' in event.Records[0] && event.Records[0].eventSource === 'aws:sqs') {
    return consume(event.Records as QueueRecord[], MAX_ATTEMPTS, async (job) => {
      if (job.kind === 'outbox' && (await platform.tenants.get(job.tenantId))?.status === 'active')
        log('info', 'outbox sweep', { tenantId: job.tenantId, ...(await drainOutbox(platform.dispatcher, job.tenantId)) });
    });
  }
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  for (const record of (event.Records ?? []) as StreamRecord[]) {
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
