/**
 * Lambda entry point for the nightly settlement (EventBridge Scheduler).
 * The schedule's payload names the business date, so a rerun of the same
 * date is idempotent; without one, the date is yesterday in each tenant's
 * time zone.
 */
import { DateTime } from 'luxon';
import { configFromEnv } from '../shared/config.ts';
import { log } from '../shared/log.ts';
import { settleTenantDay } from '../shared/pipeline/settlement.ts';
import { createPlatform } from '../shared/platform/services.ts';

const platform = createPlatform(configFromEnv());

export async function handler(event: { businessDate?: string; tenantId?: string }) {
  if (event.businessDate !== undefined && !DateTime.fromISO(event.businessDate).isValid) throw new Error(`invalid businessDate ${event.businessDate}`);
  const tenants = (await platform.tenants.list()).filter((t) => t.status === 'active' && (!event.tenantId || t.id === event.tenantId));
  const runs = [];
  for (const tenant of tenants) {
    const kind = platform.kinds.get(tenant.kind);
    if (!kind) continue;
    const date = event.businessDate ?? DateTime.now().setZone(tenant.calendar.timeZone).minus({ days: 1 }).toISODate()!;
    const run = await settleTenantDay(platform.store, kind, tenant, date);
    log('info', 'settlement run', { ...run });
    runs.push(run);
  }
  return { runs };
}
