/**
 * What every use case of a kind works with for one tenant: the tenant, its
 * records in the kind's namespace, the platform's parts, and the time in the
 * tenant's own zone — bound once per request instead of threading the
 * tenant id through every call.
 */
import { dateIn } from '../kernel/clock.ts';
import type { Tenant } from '../pipeline/contract.ts';
import type { Records } from '../store/namespace.ts';
import type { PluginParts } from './plugin.ts';

export interface TenantOffice {
  tenant: Tenant;
  records: Records;
  parts: PluginParts;
  now(): Date;
  /** Today in the tenant's time zone. */
  today(): string;
}

export function tenantOffice(parts: PluginParts, tenant: Tenant): TenantOffice {
  return {
    tenant,
    records: parts.records.forTenant(tenant.id),
    parts,
    now: () => parts.clock(),
    today: () => dateIn(tenant.calendar.timeZone, parts.clock()),
  };
}
