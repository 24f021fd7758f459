/**
 * The organisational hierarchy accounts hang from: region → city → county
 * → branch (区公司 → 盟市 → 旗县 → 支局). Visibility follows it: a unit sees
 * itself and the units directly below, not further down.
 */
import { z } from 'zod';
import { problems } from '../../kernel/problems.ts';
import { tenantKey } from '../../store/schema.ts';
import { ConditionFailed, conditions, type Store } from '../../store/store.ts';

export const LEVELS = ['region', 'city', 'county', 'branch'] as const;
export type Level = (typeof LEVELS)[number];

export const unitSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes (up to 40)'),
  name: z.string().trim().min(1).max(200),
  level: z.enum(LEVELS),
  parent: z.string().max(40).optional(),
});
export type Unit = z.infer<typeof unitSchema>;

const unitKey = (t: string, id: string) => ({ pk: tenantKey(t, 'UNIT', id), sk: 'UNIT' });
const childrenKey = (t: string, parent: string) => tenantKey(t, 'UNIT', parent, 'CHILDREN');
const levelKey = (t: string, level: Level) => tenantKey(t, 'UNITS', level);

export class UnitDirectory {
  private readonly cache = new Map<string, Unit | undefined>();

  constructor(private readonly store: Store) {}

  async create(tenantId: string, input: Unit): Promise<Unit> {
    const unit = unitSchema.parse(input);
    if (unit.level === 'region' && unit.parent) throw problems.validation([{ field: 'parent', message: 'a region has no parent' }]);
    if (unit.level !== 'region') {
      const parent = unit.parent ? await this.get(tenantId, unit.parent) : undefined;
      const expected = LEVELS[LEVELS.indexOf(unit.level) - 1];
      if (!parent || parent.level !== expected) throw problems.validation([{ field: 'parent', message: `a ${unit.level} hangs from a ${expected}` }]);
    }
    try {
      await this.store.put(
        {
          ...unitKey(tenantId, unit.id),
          entity: 'unit',
          unit,
          gsi1pk: unit.parent ? childrenKey(tenantId, unit.parent) : levelKey(tenantId, 'region'),
          gsi1sk: unit.id,
          gsi2pk: levelKey(tenantId, unit.level),
          gsi2sk: unit.id,
        },
        conditions.absent(),
      );
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
    this.cache.delete(`${tenantId}/${unit.id}`);
    return unit;
  }

  async get(tenantId: string, id: string): Promise<Unit | undefined> {
    const key = `${tenantId}/${id}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const item = await this.store.get(unitKey(tenantId, id));
    const unit = item ? (item.unit as Unit) : undefined;
    if (unit) this.cache.set(key, unit);
    return unit;
  }

  async parentOf(tenantId: string, id: string): Promise<string | undefined> {
    return (await this.get(tenantId, id))?.parent;
  }

  async children(tenantId: string, id: string): Promise<Unit[]> {
    return this.all(tenantId, (startKey) => this.store.query({ index: 'gsi1', pk: childrenKey(tenantId, id), startKey }));
  }

  async atLevel(tenantId: string, level: Level): Promise<Unit[]> {
    return this.all(tenantId, (startKey) => this.store.query({ index: 'gsi2', pk: levelKey(tenantId, level), startKey }));
  }

  /** True when `viewer` may see `unit`: itself or a unit directly below it. */
  async canView(tenantId: string, viewer: string, unit: string): Promise<boolean> {
    return viewer === unit || (await this.parentOf(tenantId, unit)) === viewer;
  }

  private async all(
    tenantId: string,
    page: (startKey?: Record<string, unknown>) => Promise<{ items: Array<Record<string, unknown>>; lastKey?: Record<string, unknown> }>,
  ): Promise<Unit[]> {
    const units: Unit[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const p = await page(startKey);
      units.push(...p.items.map((i) => i.unit as Unit));
      startKey = p.lastKey;
    } while (startKey);
    // A unit listed is a unit known: asking for its parent next (every ledger leg does) costs no read.
    for (const u of units) this.cache.set(`${tenantId}/${u.id}`, u);
    return units;
  }
}
