/**
 * Lambda entry point for the nightly settlement (EventBridge Scheduler).
 * The schedule's payload carries its scheduled time and time zone; the
 * business date is the day before the scheduled time in that zone, so a
 * retried or rerun invocation settles the same date, and settling a date is
 * idempotent. `businessDate` may also be given outright (manual reruns).
 * Only tenants whose calendar is in the payload's time zone are settled.
 * With `{ "sla": true }` (every five minutes) it sweeps service levels instead:
 * each tenant's open cases get the warnings and escalations they are owed.
 */

import { log } from '../shared/kernel/log.ts';
import { businessDateOf, type SettleEvent } from '../shared/pipeline/settlement.ts';
import { loadConfig } from '../shared/platform/config.ts';
import { createPlatform } from '../shared/platform/services.ts';

const platform = createPlatform(await loadConfig());

export async function handler(event: SettleEvent & { sla?: boolean }) {
  if (event.sla) {
    let notices = 0;
    for (const tenant of (await platform.tenants.list()).filter((t) => t.status === 'active')) notices += (await platform.cases.sweepSla(tenant)).notices;
    return { notices };
  }
  if (event.businessDate !== undefined) businessDateOf(event, 'UTC');
  const tenants = (await platform.tenants.list()).filter(
    (t) => t.status === 'active' && (!event.tenantId || t.id === event.tenantId) && (!event.timeZone || t.calendar.timeZone === event.timeZone),
  );
  const runs = [];
  for (const tenant of tenants) {
    const date = businessDateOf(event, tenant.calendar.timeZone);
    try {
      const run = await platform.settlement.run(tenant, date, 'schedule');
      log(run.status === 'succeeded' ? 'info' : 'error', 'settlement run', { tenantId: tenant.id, businessDate: date, status: run.status, steps: run.steps });
      runs.push({ tenantId: tenant.id, businessDate: date, status: run.status });
    } catch (err) {
      // One tenant's failure does not stop the others'; the error is raised below so the run alarms and retries.
      log('error', 'settlement run failed', { tenantId: tenant.id, businessDate: date, error: (err as Error).message });
      runs.push({ tenantId: tenant.id, businessDate: date, status: 'failed' });
    }
  }
  const failed = runs.filter((r) => r.status !== 'succeeded');
  if (failed.length) throw new Error(`settlement failed for ${failed.map((r) => r.tenantId).join(', ')}`);
  return { runs };
}
