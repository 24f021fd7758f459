/**
 * What the schedules hand out and what a worker does with one unit: the
 * schedule lists the tenants and sends one job each (`fanOut*`); a worker
 * settles, sweeps or drains exactly one tenant (`doTenantWork`). A job that
 * fails throws, so the queue tries it again and, after its last attempt,
 * parks it on the dead-letter queue, where an alarm waits.
 */
import { log } from '../kernel/log.ts';
import { Problem } from '../kernel/problems.ts';
import { businessDateOf, type SettleEvent } from '../pipeline/settlement.ts';
import type { Platform } from './services.ts';
import type { TenantWork, WorkQueue } from './work-queue.ts';

/** Which attempt this is, as the queue counts them (SQS: the receive count). */
export interface Attempt {
  n: number;
  last: boolean;
}

/** One zone's night: a settle job per active tenant of the zone, and the night's summary. */
export async function fanOutNight(platform: Pick<Platform, 'tenants' | 'settlement'>, queue: WorkQueue, event: SettleEvent) {
  if (event.businessDate !== undefined) businessDateOf(event, 'UTC'); // a malformed date fails here, before anything is sent
  const tenants = (await platform.tenants.list()).filter(
    (t) => t.status === 'active' && (!event.tenantId || t.id === event.tenantId) && (!event.timeZone || t.calendar.timeZone === event.timeZone),
  );
  const zone = event.timeZone ?? 'all';
  const jobs: TenantWork[] = tenants.map((t) => ({
    kind: 'settle',
    tenantId: t.id,
    businessDate: businessDateOf(event, t.calendar.timeZone),
    trigger: 'schedule',
    zone,
  }));
  const date = jobs[0]?.kind === 'settle' ? jobs[0].businessDate : businessDateOf(event, event.timeZone ?? 'UTC');
  await platform.settlement.planned(zone, date, jobs.length);
  await queue.send(jobs);
  return { zone, businessDate: date, tenants: jobs.length };
}

/** A sweep (service levels, or outbox retries) as one job per active tenant. */
export async function fanOutSweep(platform: Pick<Platform, 'tenants'>, queue: WorkQueue, kind: 'sla' | 'outbox') {
  const tenants = (await platform.tenants.list()).filter((t) => t.status === 'active');
  await queue.send(tenants.map((t) => ({ kind, tenantId: t.id })));
  return { kind, tenants: tenants.length };
}

/** Does one tenant's job; throws when it should be tried again. */
export async function doTenantWork(platform: Pick<Platform, 'tenants' | 'settlement' | 'cases' | 'dispatcher'>, job: TenantWork, attempt: Attempt) {
  const tenant = await platform.tenants.get(job.tenantId);
  if (tenant?.status !== 'active') return { skipped: true };
  if (job.kind === 'sla') return platform.cases.sweepSla(tenant);
  if (job.kind === 'outbox') return drainOutbox(platform.dispatcher, tenant.id);
  let run: Awaited<ReturnType<typeof platform.settlement.run>>;
  try {
    run = await platform.settlement.run(tenant, job.businessDate, job.trigger);
  } catch (err) {
    // Another worker holds the date (a job delivered twice): it finishes it, or its own retry does.
    if (err instanceof Problem && err.slug === 'settlement-running') return { status: 'running elsewhere' };
    throw err;
  }
  if (run.status === 'succeeded') {
    if (job.zone) await platform.settlement.counted(job.zone, job.businessDate, 'succeeded', tenant.id);
    return { status: run.status };
  }
  if (job.zone && attempt.last) await platform.settlement.counted(job.zone, job.businessDate, 'failed', tenant.id);
  const failed = run.order.filter((s) => run.steps[s]?.status === 'failed');
  throw new Error(`settlement of ${tenant.id} for ${job.businessDate} failed at ${failed.join(', ') || 'an unknown step'}`);
}

/** One tenant's due outbox rows, page after page, until a page brings nothing (at most 20 pages a job). */
export async function drainOutbox(dispatcher: Pick<Platform['dispatcher'], 'drain'>, tenantId: string) {
  const total = { delivered: 0, retry: 0, failed: 0, skipped: 0 };
  for (let round = 0; round < 20; round++) {
    const n = await dispatcher.drain(tenantId);
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += n[k];
    if (n.delivered + n.retry + n.failed + n.skipped === 0) break;
  }
  return total;
}

/** An SQS record as Lambda hands it over. */
export interface QueueRecord {
  messageId: string;
  body: string;
  attributes?: { ApproximateReceiveCount?: string };
}

/** Does each queued job; the failures are reported one by one, so SQS retries (and in the end parks) only those. */
export async function consume(records: readonly QueueRecord[], maxAttempts: number, work: (job: TenantWork, attempt: Attempt) => Promise<unknown>) {
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  for (const r of records) {
    const n = Number(r.attributes?.ApproximateReceiveCount ?? 1);
    try {
      await work(JSON.parse(r.body) as TenantWork, { n, last: n >= maxAttempts });
    } catch (err) {
      log('error', 'tenant work failed', { messageId: r.messageId, attempt: n, error: (err as Error).message });
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
}
