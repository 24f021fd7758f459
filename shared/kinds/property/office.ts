/** The property office of one tenant, bound once per request (`forTenant`): what every use case of this kind works with. */
import { type TenantOffice, tenantOffice } from '../../kit/office.ts';
import type { PluginParts } from '../../kit/plugin.ts';
import type { Tenant } from '../../pipeline/contract.ts';

export type Office = TenantOffice;

export interface PropertyServices {
  parts: PluginParts;
  forTenant(tenant: Tenant): Office;
}

export function propertyServices(parts: PluginParts): PropertyServices {
  return { parts, forTenant: (tenant) => tenantOffice(parts, tenant) };
}
