/**
 * The work queue in AWS: SQS. Ten jobs a call (SendMessageBatch's limit),
 * and what SQS refuses of a batch is sent again, so a fan-out of thousands
 * of tenants is a few hundred calls that either all land or fail loudly.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { jobLabel, type TenantWork, type WorkQueue } from './work-queue.ts';

export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly client = new SQSClient({}),
  ) {}

  async send(jobs: readonly TenantWork[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 10) {
      let batch = jobs.slice(i, i + 10).map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) }));
      for (let attempt = 1; batch.length; attempt++) {
        const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        batch = batch.filter((e) => failed.has(e.Id));
        if (batch.length && attempt >= 5) throw new Error(`SQS refused ${batch.map((e) => jobLabel(JSON.parse(e.MessageBody))).join(', ')}`);
        if (batch.length) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
