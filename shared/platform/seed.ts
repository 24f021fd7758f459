/** Demo tenants for the local platform: one of each kind, with fixed ids. */
import { DEMO_TENANTS } from '../modules/index.ts';
import type { Platform } from './services.ts';

export async function seedDemoTenants(platform: Platform, now = new Date()): Promise<string[]> {
  const created: string[] = [];
  for (const demo of DEMO_TENANTS) {
    if (await platform.tenants.get(demo.id)) continue;
    const kind = platform.kinds.get(demo.kind)!;
    await platform.tenants.create({ id: demo.id, kind: demo.kind, name: kind.demo.name, calendar: kind.defaultCalendar, status: 'active', createdAt: now.toISOString() });
    created.push(demo.id);
  }
  return created;
}
