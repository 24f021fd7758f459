/**
 * Lambda entry point for settlement and the service-level sweep. It is
 * invoked four ways:
 *
 * - by EventBridge Scheduler at 01:00 in a time zone, with the scheduled
 *   time: the business date is the day before in that zone (so a retried
 *   invocation settles the same date), and one settle job per active tenant
 *   of the zone goes to the settlement queue, with the night's summary;
 *   `businessDate` (and `tenantId`) may be given outright for a manual rerun;
 * - by the five-minute schedule with `{ "sla": true }`: one service-level
 *   sweep job per active tenant;
 * - by the settlement queue (SQS): each record is one tenant's job, done by
 *   this invocation; a failure is reported for that record alone, so SQS
 *   retries it and, after its last attempt, parks it on the dead-letter queue;
 * - by the table stream, with the settlement runs an operator queued through
 *   the API: each is handed to the settlement queue.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { log } from '../shared/kernel/log.ts';
import type { RunRecord, SettleEvent } from '../shared/pipeline/settlement.ts';
import { loadConfig } from '../shared/platform/config.ts';
import { createPlatform } from '../shared/platform/services.ts';
import { SqsWorkQueue } from '../shared/platform/sqs-queue.ts';
import { consume, doTenantWork, fanOutNight, fanOutSweep, type QueueRecord } from '../shared/platform/tenant-work.ts';

const platform = createPlatform(await loadConfig());
const queue = new SqsWorkQueue(process.env.WORK_QUEUE_URL ?? '');
const MAX_ATTEMPTS = Number(process.env.WORK_MAX_ATTEMPTS ?? 3);

interface StreamRecord {
  eventSource: 'aws:dynamodb';
  dynamodb?: { NewImage?: Record<string, AttributeValue> };
}
type Event = SettleEvent & { sla?: boolean; Records?: Array<(QueueRecord & { eventSource: 'aws:sqs' }) | StreamRecord> };

export async function handler(event: Event) {
  const records = event.Records ?? [];
  if (records[0]?.eventSource === 'aws:sqs') {
    return consume(records as QueueRecord[], MAX_ATTEMPTS, (job, attempt) => doTenantWork(platform, job, attempt));
  }
  if (records[0]?.eventSource === 'aws:dynamodb') {
    const jobs = (records as StreamRecord[]).flatMap((r) => {
      const image = r.dynamodb?.NewImage && (unmarshall(r.dynamodb.NewImage) as { status?: string; run?: RunRecord });
      if (image?.status !== 'queued' || !image.run) return [];
      const { tenantId, businessDate, trigger } = image.run;
      return [{ kind: 'settle' as const, tenantId, businessDate, trigger }];
    });
    await queue.send(jobs);
    return { queued: jobs.length };
  }
  if (event.sla) return fanOutSweep(platform, queue, 'sla');
  const night = await fanOutNight(platform, queue, event);
  log('info', 'nightly settlement handed out', night);
  return night;
}
