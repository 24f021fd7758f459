/**
 * The campus post office of one tenant: what every use case of this kind
 * works with — its tenant, its records, the platform's parts, and today's
 * date in the tenant's own zone. Bound once per request (`forTenant`).
 */
import { dateIn } from '../../kernel/clock.ts';
import type { PluginParts } from '../../kit/plugin.ts';
import type { Tenant } from '../../pipeline/contract.ts';
import type { Records } from '../../store/namespace.ts';

/** Six-digit pickup codes. */
const CODE_SPACE = 1_000_000;

export interface Office {
  tenant: Tenant;
  records: Records;
  parts: PluginParts;
  now(): Date;
  /** Today in the tenant's time zone. */
  today(): string;
  /** How many pickup codes exist; a test shrinks it to force collisions. */
  codeSpace: number;
}

export interface CampusServices {
  parts: PluginParts;
  forTenant(tenant: Tenant): Office;
}

export function campusServices(parts: PluginParts): CampusServices {
  return {
    parts,
    forTenant: (tenant) => ({
      tenant,
      records: parts.records.forTenant(tenant.id),
      parts,
      now: () => parts.clock(),
      today: () => dateIn(tenant.calendar.timeZone, parts.clock()),
      codeSpace: CODE_SPACE,
    }),
  };
}
