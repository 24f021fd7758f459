/** The community station of one tenant, bound once per request (`forTenant`): what every use case of this kind works with. */
import { type TenantOffice, tenantOffice } from '../../kit/office.ts';
import type { PluginParts } from '../../kit/plugin.ts';
import type { Tenant } from '../../pipeline/contract.ts';

export interface CommunityServices {
  parts: PluginParts;
  forTenant(tenant: Tenant): TenantOffice;
}

export function communityServices(parts: PluginParts): CommunityServices {
  return { parts, forTenant: (tenant) => tenantOffice(parts, tenant) };
}
