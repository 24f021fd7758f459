/**
 * What every use case of a kind works with for one tenant: the tenant, its
 * records in the kind's namespace, the platform's parts, and the time in the
 * tenant's own zone — bound once per request instead of threading the
 * tenant id through every call.
 */
import { dateIn, outsideWindow } from '../kernel/clock.ts';
import { decodeCursor, encodeCursor } from '../kernel/cursor.ts';
import { problems } from '../kernel/problems.ts';
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
  /** Opaque cursors for one listing of this tenant's: signed, so they cannot be edited or replayed elsewhere. */
  cursors(listing: string): {
    decode(cursor: string | undefined): Record<string, unknown> | undefined;
    encode(lastKey: Record<string, unknown> | undefined): string | undefined;
  };
  /** Raises a 400 naming the field unless the business date lies in the platform's window around today. */
  businessDate(field: string, date: string): string;
}

export function tenantOffice(parts: PluginParts, tenant: Tenant): TenantOffice {
  return {
    tenant,
    records: parts.records.forTenant(tenant.id),
    parts,
    now: () => parts.clock(),
    today: () => dateIn(tenant.calendar.timeZone, parts.clock()),
    cursors(listing) {
      const secret = parts.secret('cursor');
      return {
        decode: (cursor) => decodeCursor(secret, tenant.id, listing, cursor),
        encode: (lastKey) => encodeCursor(secret, tenant.id, listing, lastKey),
      };
    },
    businessDate(field, date) {
      const why = outsideWindow(date, dateIn(tenant.calendar.timeZone, parts.clock()), parts.dateWindow);
      if (why) throw problems.validation([{ field, message: why }]);
      return date;
    },
  };
}
