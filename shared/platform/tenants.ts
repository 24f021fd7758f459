/**
 * The tenant registry. Tenant records live under their own key prefix and are
 * listed through a platform partition of GSI1. Reads are cached briefly in
 * memory: every request needs its tenant, and tenants change rarely.
 */
import { calendarSchema } from '../capabilities/calendar/calendar.ts';
import type { KeyWrapper } from '../capabilities/sealing/envelope.ts';
import { problem } from '../kernel/problems.ts';
import type { Tenant } from '../pipeline/contract.ts';
import { PLATFORM, tenantKey } from '../store/schema.ts';
import { ConditionFailed, conditions, type Store } from '../store/store.ts';

export type { Tenant };

const CACHE_MS = 30_000;

export const tenantRecordKey = (id: string) => ({ pk: tenantKey(id), sk: 'TENANT' });

/** Each tenant's own data key: made with the tenant, kept wrapped in its record, unwrapped into `keys` when the tenant is loaded. */
export interface TenantKeyEnvelope {
  wrapper: KeyWrapper;
  keys: Map<string, Buffer>;
}

export class TenantDirectory {
  private readonly cache = new Map<string, { at: number; tenant: Tenant | undefined }>();

  constructor(
    private readonly store: Store,
    private readonly envelope?: TenantKeyEnvelope,
  ) {}

  async get(id: string): Promise<Tenant | undefined> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.tenant;
    const item = await this.store.get(tenantRecordKey(id));
    if (item) await this.admitKey(id, item);
    const tenant = item ? toTenant(item) : undefined;
    this.cache.set(id, { at: Date.now(), tenant });
    return tenant;
  }

  /** Unwraps a tenant's data key once per process (a KMS Decrypt in AWS); a tenant made before keys of their own has none. */
  private async admitKey(id: string, item: Record<string, unknown>) {
    if (!this.envelope || typeof item.dataKey !== 'string' || this.envelope.keys.has(id)) return;
    this.envelope.keys.set(id, await this.envelope.wrapper.unwrap(id, item.dataKey));
  }

  async create(tenant: Tenant): Promise<Tenant> {
    const calendar = calendarSchema.parse(tenant.calendar);
    const made = await this.envelope?.wrapper.generate(tenant.id);
    try {
      await this.store.put(
        {
          ...tenantRecordKey(tenant.id),
          entity: 'tenant',
          ...tenant,
          calendar,
          ...(made && { dataKey: made.wrapped }),
          gsi1pk: tenantKey(PLATFORM, 'TENANTS'),
          gsi1sk: tenant.id,
        },
        conditions.absent(),
      );
      if (made) this.envelope!.keys.set(tenant.id, made.key);
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
      for (const item of page.items) await this.admitKey(item.id as string, item);
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
