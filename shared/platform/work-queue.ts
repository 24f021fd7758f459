/**
 * Per-tenant work handed to a queue instead of done in a loop: the nightly
 * settlement of each tenant of a time zone, the service-level sweep of each
 * tenant, the outbox retry sweep of each tenant, and a settlement an
 * operator asked for. Each unit is settled by its own invocation, retried on
 * its own and parked on its own, so one tenant's failure or slowness holds
 * no other up, and a retry never starts again from the first tenant.
 *
 * In AWS the queue is SQS (sqs-queue.ts) with a consumer function; locally
 * it is `LocalWorkQueue`: the same contract — at-least-once delivery, a
 * bounded number of attempts with backoff, a dead-letter list — with a
 * fixed number of consumers in this process.
 */

export type TenantWork =
  | { kind: 'settle'; tenantId: string; businessDate: string; trigger: 'schedule' | 'operator' | 'cli'; zone?: string }
  | { kind: 'sla'; tenantId: string }
  | { kind: 'outbox'; tenantId: string };

export interface WorkQueue {
  send(jobs: readonly TenantWork[]): Promise<void>;
}

/** How a job's id reads in logs and dead letters. */
export const jobLabel = (job: TenantWork) => `${job.kind}:${job.tenantId}${job.kind === 'settle' ? `:${job.businessDate}` : ''}`;

export interface LocalQueueOptions {
  /** Jobs handled at once (SQS: the event source's maximum concurrency). */
  consumers?: number;
  /** Attempts before a job is parked (SQS: the redrive policy's maxReceiveCount). */
  maxAttempts?: number;
  /** Delay before attempt n+1, in ms (SQS: the visibility timeout). */
  backoff?: (attempts: number) => number;
  onDeadLetter?: (job: TenantWork, error: string) => void;
}

interface Pending {
  job: TenantWork;
  attempts: number;
  notBefore: number;
}

export class LocalWorkQueue implements WorkQueue {
  readonly deadLetters: Array<{ job: TenantWork; error: string; attempts: number }> = [];
  private readonly waiting: Pending[] = [];
  private busy = 0;
  private idle: Array<() => void> = [];
  private timer?: NodeJS.Timeout;
  private readonly consumers: number;
  private readonly maxAttempts: number;
  private readonly backoff: (attempts: number) => number;

  constructor(
    private readonly handle: (job: TenantWork, attempt: { n: number; last: boolean }) => Promise<unknown>,
    private readonly options: LocalQueueOptions = {},
  ) {
    this.consumers = options.consumers ?? 4;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.backoff = options.backoff ?? ((n) => Math.min(1000 * 2 ** (n - 1), 30_000));
  }

  async send(jobs: readonly TenantWork[]): Promise<void> {
    for (const job of jobs) this.waiting.push({ job, attempts: 0, notBefore: 0 });
    this.pump();
  }

  /** Jobs not yet finished or parked. */
  get depth(): number {
    return this.waiting.length + this.busy;
  }

  /** Resolves when every job sent so far has succeeded or been parked. */
  drained(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops waking up for delayed retries (a stopping process). */
  close(): void {
    clearTimeout(this.timer);
  }

  private pump(): void {
    const now = Date.now();
    while (this.busy < this.consumers) {
      const i = this.waiting.findIndex((p) => p.notBefore <= now);
      if (i < 0) break;
      const [next] = this.waiting.splice(i, 1);
      this.busy++;
      void this.run(next!);
    }
    if (this.waiting.length && this.busy < this.consumers) {
      const soonest = Math.min(...this.waiting.map((p) => p.notBefore));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.pump(), Math.max(0, soonest - now));
      this.timer.unref();
    }
    if (this.depth === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async run(p: Pending): Promise<void> {
    const attempts = p.attempts + 1;
    try {
      await this.handle(p.job, { n: attempts, last: attempts >= this.maxAttempts });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (attempts >= this.maxAttempts) {
        this.deadLetters.push({ job: p.job, error, attempts });
        this.options.onDeadLetter?.(p.job, error);
      } else {
        this.waiting.push({ job: p.job, attempts, notBefore: Date.now() + this.backoff(attempts) });
      }
    } finally {
      this.busy--;
      this.pump();
    }
  }
}
