/**
 * The nightly settlement: for each tenant whose kind produces money per day,
 * post that business date's transfers. Transfer ids are derived from the
 * date by the module, and each run is recorded per tenant and date, so a
 * rerun of the same date posts nothing twice.
 */
import { DateTime } from 'luxon';
import type { TenantKind } from './contract.ts';
import { transferEntry, type Ledger } from '../ledger/ledger.ts';
import type { Tenant } from '../platform/tenants.ts';
import { tenantKey } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

export interface SettlementRun {
  tenantId: string;
  businessDate: string;
  posted: number;
  alreadyPosted: number;
  finishedAt: string;
}

export async function settleTenantDay(store: Store, ledger: Ledger, kind: TenantKind, tenant: Tenant, businessDate: string, now = new Date()): Promise<SettlementRun> {
  const transfers = kind.dailySettlement ? await kind.dailySettlement({ tenantId: tenant.id, businessDate, settings: {} }) : [];
  let posted = 0;
  let alreadyPosted = 0;
  for (const transfer of transfers) {
    const result = await ledger.execute(tenant.id, [transferEntry(transfer)], { timeZone: tenant.calendar.timeZone });
    posted += result.entries.length;
    alreadyPosted += result.replayed.length;
  }
  const run: SettlementRun = { tenantId: tenant.id, businessDate, posted, alreadyPosted, finishedAt: now.toISOString() };
  await store.put({ pk: tenantKey(tenant.id, 'SETTLE', businessDate), sk: `RUN#${now.toISOString()}`, entity: 'settlement-run', run });
  return run;
}

/** What the nightly schedule sends: its scheduled time and zone, or a business date for a manual rerun. */
export interface SettleEvent {
  businessDate?: string;
  scheduledTime?: string;
  timeZone?: string;
  tenantId?: string;
}

export function businessDateOf(event: SettleEvent, timeZone: string, now = new Date()): string {
  if (event.businessDate !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(event.businessDate) || !DateTime.fromISO(event.businessDate).isValid) throw new Error(`invalid businessDate ${event.businessDate}`);
    return event.businessDate;
  }
  const at = event.scheduledTime ? DateTime.fromISO(event.scheduledTime, { zone: 'utc' }) : DateTime.fromJSDate(now);
  if (!at.isValid) throw new Error(`invalid scheduledTime ${event.scheduledTime}`);
  return at.setZone(timeZone).minus({ days: 1 }).toISODate()!;
}

