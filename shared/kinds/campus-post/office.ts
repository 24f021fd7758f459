/** The campus post office of one tenant, bound once per request (`forTenant`): what every use case of this kind works with. */
import { type TenantOffice, tenantOffice } from '../../kit/office.ts';
import type { PluginParts } from '../../kit/plugin.ts';
import type { Tenant } from '../../pipeline/contract.ts';

/** Six-digit pickup codes. */
const CODE_SPACE = 1_000_000;

export interface Office extends TenantOffice {
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
    forTenant: (tenant) => ({ ...tenantOffice(parts, tenant), codeSpace: CODE_SPACE }),
  };
}
