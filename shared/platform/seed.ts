/**
 * Demo data for the local platform: one tenant of each kind in the registry,
 * with its fixed id, the capabilities its demo enables, and the data its
 * kind and those capabilities seed (capabilities first: a kind's demo may
 * build on them, as the campus post office's takings flow into the postal
 * company's hierarchy).
 */
import { accessFor, grant } from '../kit/access.ts';
import type { DemoContext } from '../kit/plugin.ts';
import type { Platform } from './services.ts';

export async function seedDemoTenants(platform: Platform, now = platform.clock()): Promise<string[]> {
  const created: string[] = [];
  for (const kind of platform.kinds.values()) {
    const { demo } = kind;
    if (await platform.tenants.get(demo.tenantId)) continue;
    const tenant = await platform.tenants.create({
      id: demo.tenantId,
      kind: kind.kind,
      name: demo.name,
      calendar: kind.defaultCalendar,
      status: 'active',
      createdAt: now.toISOString(),
      ...(demo.capabilities?.length ? { capabilities: [...demo.capabilities] } : {}),
    });
    // Demo people act through the same decision as everyone else.
    const actingAs: DemoContext['actingAs'] = (sub, roles, scopes = {}) =>
      accessFor(platform.authority, { sub, tenantId: tenant.id, roles, scopes }, tenant, { action: 'demo', resource: '*', roles: grant(roles, 'tenant') });
    const ctx: DemoContext = { tenant, now, actingAs };
    for (const capability of platform.capabilitiesOf(tenant)) await capability.demo?.seed(platform.services.get(capability.id), ctx);
    await demo.seed?.(platform.services.get(kind.kind), ctx);
    created.push(tenant.id);
  }
  return created;
}
