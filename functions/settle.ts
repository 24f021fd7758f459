/**
 * Lambda entry point for the nightly settlement (EventBridge Scheduler).
 * The schedule's payload carries its scheduled time and time zone; the
 * business date is the day before the scheduled time in that zone, so a
 * retried or rerun invocation settles the same date, and settling a date is
 * idempotent. `businessDate` may also be given outright (manual reruns).
 * Only tenants whose calendar is in the payload's time zone are settled.
 */
import { loadConfig } from '../shared/config.ts';
import { log } from '../shared/log.ts';
import { businessDateOf, settleTenantDay, type SettleEvent } from '../shared/pipeline/settlement.ts';
import { createPlatform } from '../shared/platform/services.ts';

const platform = createPlatform(await loadConfig());

export async function handler(event: SettleEvent) {
  if (event.businessDate !== undefined) businessDateOf(event, 'UTC');
  const tenants = (await platform.tenants.list()).filter(
    (t) => t.status === 'active' && (!event.tenantId || t.id === event.tenantId) && (!event.timeZone || t.calendar.timeZone === event.timeZone),
  );
  const runs = [];
  for (const tenant of tenants) {
    const kind = platform.kinds.get(tenant.kind);
    if (!kind) continue;
    const date = businessDateOf(event, tenant.calendar.timeZone);
    const run = await settleTenantDay(platform.store, platform.ledger, kind, tenant, date);
    log('info', 'settlement run', { ...run });
    runs.push(run);
  }
  return { runs };
}
