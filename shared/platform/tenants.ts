/**
 * The tenant registry. Tenant records live under their own key prefix and are
 * listed through a platform partition of GSI1. Reads are cached briefly in
 * memory: every request needs its tenant, and tenants change rarely.
 */

import { type Calendar, calendarSchema } from '../capabilities/calendar/calendar.ts';
import type { KeyWrapper } from '../capabilities/sealing/envelope.ts';
import { problem } from '../kernel/problems.ts';
import type { Tenant } from '../pipeline/contract.ts';
import { type TemplateText, templateText } from '../pipeline/templates.ts';
import { PLATFORM, tenantKey } from '../store/schema.ts';
import { ConditionFailed, conditions, type Store, TransactionConflict } from '../store/store.ts';

export type { Tenant };

const CACHE_MS = 30_000;

export const tenantRecordKey = (id: string) => ({ pk: tenantKey(id), sk: 'TENANT' });

/**
 * What a tenant's admin changes of its own settings lives in the tenant's
 * own partition, the only one its requests may write (in AWS their
 * credentials are confined to it); the platform's record of the tenant is
 * the operator's. Loading a tenant lays the settings over its record.
 */
const settingsPk = (id: string) => tenantKey(id, 'SETTINGS');
const calendarKey = (id: string) => ({ pk: settingsPk(id), sk: 'CALENDAR' });
const templatesKey = (id: string) => ({ pk: settingsPk(id), sk: 'TEMPLATES' });

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
    const [item, calendar, templates] = await Promise.all([
      this.store.get(tenantRecordKey(id)),
      this.store.get(calendarKey(id)),
      this.store.get(templatesKey(id)),
    ]);
    if (item) await this.admitKey(id, item);
    const tenant = item ? withSettings(toTenant(item), calendar, templates) : undefined;
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

  /**
   * Changes a tenant's business calendar (hours, holidays, make-up days):
   * the record and a numbered copy of the new version, in one transaction,
   * only if the caller saw the current version. Every earlier version stays
   * readable. Due times already set keep the calendar they were set by;
   * other processes see the change when their 30-second cache ends.
   */
  async setCalendar(id: string, input: unknown, seen: number, by: string, at: Date): Promise<{ calendar: Calendar; version: number }> {
    const calendar = calendarSchema.parse(input);
    const version = seen + 1;
    await this.writeVersion(id, 'CALENDAR', 'calendar', seen, { version, calendar, by, at: at.toISOString() });
    this.cache.delete(id);
    return { calendar, version };
  }

  /**
   * Sets (or, with `null`, gives back to the case type) the wording of one
   * notification template: the whole set and a numbered copy of it, in one
   * transaction, only if the caller saw the current version.
   */
  async setTemplate(
    id: string,
    key: string,
    text: TemplateText | null,
    seen: number,
    by: string,
    at: Date,
  ): Promise<{ templates: Record<string, TemplateText>; version: number }> {
    const current = await this.store.get(templatesKey(id), { consistent: true });
    if ((current?.version ?? 0) !== seen) throw problem('version-conflict', `The templates were changed since version ${seen}; reload and retry.`);
    const templates: Record<string, TemplateText> = { ...((current?.templates as Record<string, TemplateText>) ?? {}) };
    if (text) templates[key] = templateText.parse(text);
    else delete templates[key];
    const version = seen + 1;
    await this.writeVersion(id, 'TEMPLATES', 'templates', seen, { version, templates, by, at: at.toISOString(), changed: key });
    this.cache.delete(id);
    return { templates, version };
  }

  /**
   * One of a tenant's settings (`CALENDAR`, `TEMPLATES`) as it now stands and
   * a numbered copy of it, in one transaction, only if the caller saw the
   * version before: every version stays readable, and two admins saving at
   * once cannot both win.
   */
  private async writeVersion(id: string, sk: 'CALENDAR' | 'TEMPLATES', what: string, seen: number, change: { version: number } & Record<string, unknown>) {
    const entity = `tenant-${what}`;
    try {
      await this.store.transact([
        {
          kind: 'put',
          item: { pk: settingsPk(id), sk, entity, ...change },
          condition: seen === 0 ? conditions.absent() : { expression: '#version = :seen', names: { '#version': 'version' }, values: { ':seen': seen } },
        },
        {
          kind: 'put',
          item: { pk: settingsPk(id), sk: `${sk}#${String(change.version).padStart(6, '0')}`, entity: `${entity}-version`, ...change },
          condition: conditions.absent(),
        },
      ]);
    } catch (err) {
      if (err instanceof TransactionConflict) throw problem('version-conflict', `Someone changed the ${what} since version ${seen}; reload and retry.`);
      throw err;
    }
  }

  /** Every version of a tenant's notification wording, newest first: which template changed, by whom, when. */
  async templateVersions(id: string): Promise<Array<{ version: number; changed: string; templates: Record<string, TemplateText>; by: string; at: string }>> {
    const page = await this.store.query({ pk: settingsPk(id), prefix: 'TEMPLATES#', descending: true, limit: 100 });
    return page.items.map((i) => ({
      version: i.version as number,
      changed: i.changed as string,
      templates: i.templates as Record<string, TemplateText>,
      by: i.by as string,
      at: i.at as string,
    }));
  }

  /** Every version of a tenant's calendar, newest first (version 0, the one it was made with, is not kept). */
  async calendarVersions(id: string): Promise<Array<{ version: number; calendar: Calendar; by: string; at: string }>> {
    const page = await this.store.query({ pk: settingsPk(id), prefix: 'CALENDAR#', descending: true, limit: 100 });
    return page.items.map((i) => ({ version: i.version as number, calendar: i.calendar as Calendar, by: i.by as string, at: i.at as string }));
  }

  async list(): Promise<Tenant[]> {
    const tenants: Tenant[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ index: 'gsi1', pk: tenantKey(PLATFORM, 'TENANTS'), startKey });
      for (const item of page.items) await this.admitKey(item.id as string, item);
      const settings = await Promise.all(
        page.items.map((item) => Promise.all([this.store.get(calendarKey(item.id as string)), this.store.get(templatesKey(item.id as string))])),
      );
      tenants.push(...page.items.map((item, i) => withSettings(toTenant(item), ...settings[i]!)));
      startKey = page.lastKey;
    } while (startKey);
    return tenants;
  }
}

function toTenant(item: Record<string, unknown>): Tenant {
  const { id, kind, name, calendar, status, createdAt, capabilities, quota } = item as unknown as Tenant;
  return { id, kind, name, calendar, status, createdAt, ...(capabilities?.length ? { capabilities } : {}), ...(quota ? { quota } : {}) };
}

/** The tenant as its admin last set it: the calendar and the notification wording they changed, each with its version. */
function withSettings(tenant: Tenant, calendar: Record<string, unknown> | undefined, templates?: Record<string, unknown>): Tenant {
  return {
    ...tenant,
    ...(calendar && { calendar: calendar.calendar as Calendar, calendarVersion: calendar.version as number }),
    ...(templates && { templates: templates.templates as Tenant['templates'], templatesVersion: templates.version as number }),
  };
}
