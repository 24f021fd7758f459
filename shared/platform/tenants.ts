/**
 * The tenant registry. Tenant records live under their own key prefix and are
 * listed through a platform partition of GSI1. Reads are cached briefly in
 * memory: every request needs its tenant, and tenants change rarely.
 */
import { calendarSchema } from '../capabilities/calendar/calendar.ts';
import { problem } from '../kernel/problems.ts';
import type { Tenant } from '../pipeline/contract.ts';
import { PLATFORM, tenantKey } from '../store/schema.ts';
import { ConditionFailed, conditions, type Store } from '../store/store.ts';

export type { Tenant };

const CACHE_MS = 30_000;

export const tenantRecordKey = (id: string) => ({ pk: tenantKey(id), sk: 'TENANT' });

export class TenantDirectory {
  private readonly cache = new Map<string, { at: number; tenant: Tenant | undefined }>();

  constructor(private readonly store: Store) {}

  async get(id: string): Promise<Tenant | undefined> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.tenant;
    const item = await this.store.get(tenantRecordKey(id));
    const tenant = item ? toTenant(item) : undefined;
    this.cache.set(id, { at: Date.now(), tenant });
    return tenant;
  }

  async create(tenant: Tenant): Promise<Tenant> {
    const calendar = calendarSchema.parse(tenant.calendar);
    try {
      await this.store.put(
        { ...tenantRecordKey(tenant.id), entity: 'tenant', ...tenant, calendar, gsi1pk: tenantKey(PLATFORM, 'TENANTS'), gsi1sk: tenant.id },
        conditions.absent(),
      );
    } catch (err) {
      if (err instanceof ConditionFailed) throw problem('tenant-exists', `Tenant ${tenant.id} already exists.`);
      throw err;
    }
    this.cache.delete(tenant.id);
    return { ...tenant, calendar };
  }

  async list(): Promise<Tenant[]> {
    const tenants: Tenant[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ index: 'gsi1', pk: tenantKey(PLATFORM, 'TENANTS'), startKey });
      tenants.push(...page.items.map(toTenant));
      startKey = page.lastKey;
    } while (startKey);
    return tenants;
  }
}

function toTenant(item: Record<string, unknown>): Tenant {
  const { id, kind, name, calendar, status, createdAt, capabilities, quota } = item as unknown as Tenant;
  return { id, kind, name, calendar, status, createdAt, ...(capabilities?.length ? { capabilities } : {}), ...(quota ? { quota } : {}) };
}
