/**
 * The NCMS office of one tenant: what every use case of this kind works
 * with — its tenant, its records, the platform's parts, and today's date in
 * the tenant's own zone. Bound once per request (`forTenant`).
 */
import { dateIn } from '../../kernel/clock.ts';
import type { PluginParts } from '../../kit/plugin.ts';
import type { Tenant } from '../../pipeline/contract.ts';
import type { Records } from '../../store/namespace.ts';

export interface Office {
  tenant: Tenant;
  records: Records;
  parts: PluginParts;
  now(): Date;
  /** Today in the tenant's time zone. */
  today(): string;
}

export interface NcmsServices {
  parts: PluginParts;
  forTenant(tenant: Tenant): Office;
}

export function ncmsServices(parts: PluginParts): NcmsServices {
  return {
    parts,
    forTenant: (tenant) => ({
      tenant,
      records: parts.records.forTenant(tenant.id),
      parts,
      now: () => parts.clock(),
      today: () => dateIn(tenant.calendar.timeZone, parts.clock()),
    }),
  };
}
