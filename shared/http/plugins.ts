/**
 * The app's view of the registry: every kind and capability as one mounted
 * plugin, and the route kit each one builds its routes with — whose guard
 * keeps other kinds' tenants (or tenants that did not enable the
 * capability) out with the same 404 as a missing route.
 */
import type { MiddlewareHandler } from 'hono';
import { problems } from '../kernel/problems.ts';
import { TENANT_ID_PATTERN } from '../kernel/tenancy.ts';
import type { AppEnv } from '../kit/env.ts';
import type { Extension, RouteKit } from '../kit/plugin.ts';
import { guard } from '../kit/schemas.ts';
import type { Tenant } from '../pipeline/contract.ts';
import type { Platform } from '../platform/services.ts';

export interface MountedPlugin {
  /** The kind's name or the capability's id: its tag in the API, its services' key. */
  id: string;
  // biome-ignore lint/suspicious/noExplicitAny: plugins of any services and parts type
  extension: Extension<any, any>;
  /** Whether the plugin serves this tenant: it is of this kind, or enabled this capability. */
  serves(tenant: Pick<Tenant, 'kind' | 'capabilities'>): boolean;
}

export function plugins(platform: Platform): MountedPlugin[] {
  return [
    ...[...platform.kinds.values()].map((k) => ({ id: k.kind, extension: k, serves: (t: Pick<Tenant, 'kind'>) => t.kind === k.kind })),
    ...[...platform.capabilities.values()].map((c) => ({
      id: c.id,
      extension: c,
      serves: (t: Pick<Tenant, 'capabilities'>) => (t.capabilities ?? []).includes(c.id),
    })),
  ];
}

export function routeKit(platform: Platform, plugin: MountedPlugin): RouteKit {
  const gate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const tenant = c.get('tenant');
    if (tenant && !plugin.serves(tenant)) throw problems.notFound(`Route ${c.req.method} ${c.req.path}`);
    await next();
  };
  return {
    tag: plugin.id,
    guard: (permission) => guard(plugin.id, permission, gate),
    async publicTenant(tenantId) {
      const tenant = TENANT_ID_PATTERN.test(tenantId) ? await platform.tenants.get(tenantId) : undefined;
      if (tenant?.status !== 'active' || !plugin.serves(tenant)) throw problems.notFound(`Tenant ${tenantId}`);
      platform.enterTenant(tenant.id);
      return tenant;
    },
  };
}
