/**
 * A plugin's own part of the table. Every key it builds lies inside one
 * tenant's prefix and the plugin's namespace (`T#<tenant>#MOD#<ns>#…`), and
 * it reaches its records only through entities (entity.ts): typed keys,
 * named access patterns on the generic indexes, and a schema check on every
 * read. No raw expressions leave this file: conditions are declared
 * (`'absent'`, `{ version }`, `{ field, equals }`).
 */

import type { AnyEntity, Entity, KeyParts, Pattern, RecordDraft } from './entity.ts';
import { type IndexName, TABLE, tenantKey } from './schema.ts';
import { type Condition, ConditionFailed, type Item, type Store, TransactionConflict, type WriteAction } from './store.ts';

export { entity, pattern } from './entity.ts';
export type { Entity, Pattern, RecordDraft };
export { ConditionFailed, TransactionConflict };

/** A write inside a transaction: built here, or handed over by another part (ledger postings, outbox items). */
export type WriteOp = WriteAction;

/** What must hold for a write to happen. */
export type RecordCondition =
  | 'absent'
  | 'present'
  | { version: number }
  /** A field of the record (dotted inside it) equals a value — optionally, or the record does not exist yet. */
  | { field: string; equals: string | number | boolean; orAbsent?: boolean };

export interface ListOptions {
  /** Sort-key prefix. */
  prefix?: string;
  /** Inclusive sort-key range. */
  between?: [string, string];
  descending?: boolean;
  limit?: number;
  /** Strongly consistent (main table only). */
  consistent?: boolean;
}

export class Namespace {
  constructor(
    private readonly store: Store,
    readonly name: string,
  ) {}

  /** The namespace bound to one tenant: every read and write stays under that tenant's prefix. */
  forTenant(tenantId: string): Records {
    return new Records(this.store, (parts) => tenantKey(tenantId, 'MOD', this.name, ...parts));
  }
}

export class Records {
  constructor(
    private readonly store: Store,
    private readonly pk: (parts: readonly string[]) => string,
  ) {}

  async get<T, K>(entity: Entity<T, K>, key: K): Promise<T | undefined> {
    const item = await this.store.get(this.keyOf(entity.key(key)));
    return item ? entity.read(item) : undefined;
  }

  /** Every record of one entity in a partition (all pages). */
  async list<T, K>(entity: Entity<T, K>, partition: readonly string[], opts: ListOptions = {}): Promise<T[]> {
    const items = await this.all({ pk: this.pk(partition), ...opts });
    return items.filter((i) => i.entity === entity.name).map((i) => entity.read(i));
  }

  /**
   * One page of an entity's records behind a named access pattern, from
   * where the previous page stopped (`startKey`, from a cursor the caller
   * decoded); `lastKey` is where the next one starts.
   */
  async page<T, K, P>(
    entity: Entity<T, K>,
    pattern: Pattern<P>,
    params: P,
    opts: { limit: number; startKey?: Record<string, unknown>; prefix?: string; between?: [string, string]; descending?: boolean },
  ): Promise<{ items: T[]; lastKey?: Record<string, unknown> }> {
    const page = await this.store.query({ index: pattern.index, pk: this.pk(pattern.partition(params)), ...opts });
    return { items: page.items.filter((i) => i.entity === entity.name).map((i) => entity.read(i)), lastKey: page.lastKey };
  }

  /** One partition holding several entities (a stay and its bill lines), read once. */
  async partition(partition: readonly string[], opts: ListOptions = {}): Promise<Partition> {
    const items = await this.all({ pk: this.pk(partition), ...opts });
    return { of: <T, K>(entity: Entity<T, K>) => items.filter((i) => i.entity === entity.name).map((i) => entity.read(i)) };
  }

  /** Every record behind one of an entity's named access patterns. */
  async find<T, K, P>(entity: Entity<T, K>, pattern: Pattern<P>, params: P, opts: Omit<ListOptions, 'consistent'> = {}): Promise<T[]> {
    const items = await this.all({ index: pattern.index, pk: this.pk(pattern.partition(params)), ...opts });
    return items.filter((i) => i.entity === entity.name).map((i) => entity.read(i));
  }

  async put<T, K>(entity: Entity<T, K>, record: T, condition?: RecordCondition): Promise<void> {
    const write = this.putOp(entity, record, condition);
    if (write.kind !== 'put') throw new Error('unreachable');
    await this.store.put(write.item, write.condition);
  }

  /** True when written; false when the condition did not hold (nothing was written). */
  async putIf<T, K>(entity: Entity<T, K>, record: T, condition: RecordCondition): Promise<boolean> {
    try {
      await this.put(entity, record, condition);
      return true;
    } catch (err) {
      if (err instanceof ConditionFailed) return false;
      throw err;
    }
  }

  /** Adds to counters of one row of the namespace's figures (a kind's statistics), in a transaction with other writes. */
  tallyOp(row: string, add: Readonly<Record<string, number>>): WriteOp {
    const entries = Object.entries(add);
    return {
      kind: 'update',
      key: this.keyOf({ pk: ['TALLY'], sk: row }),
      update: `SET entity = :entity ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      names: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, `c:${name}`])),
      values: { ':entity': 'tally', ...Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, n])) },
    };
  }

  /** Every row of the namespace's figures with its counters. */
  async tallies(): Promise<Array<{ row: string; counts: Record<string, number> }>> {
    const items = await this.all({ pk: this.pk(['TALLY']) });
    return items.map((i) => ({
      row: i.sk,
      counts: Object.fromEntries(Object.entries(i).flatMap(([k, v]) => (k.startsWith('c:') && typeof v === 'number' ? [[k.slice(2), v]] : []))),
    }));
  }

  transact(ops: readonly WriteOp[]): Promise<void> {
    return this.store.transact([...ops]);
  }

  /** A single write handed over by another part (an outbox item), ignored if it was already made. */
  async writeOnce(op: WriteOp): Promise<void> {
    if (op.kind !== 'put') return this.store.transact([op]);
    try {
      await this.store.put(op.item, op.condition);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }

  putOp<T, K>(entity: Entity<T, K>, record: T, condition?: RecordCondition): WriteOp {
    return this.draftOp(entity.draft(record), condition);
  }

  /** A write drafted elsewhere (a case transition's effects), placed under this tenant's namespace. */
  draftOp(draft: RecordDraft, condition?: RecordCondition): WriteOp {
    const item: Item = { ...this.keyOf(draft.key), entity: draft.entity, ...draft.attributes };
    for (const [index, at] of Object.entries(draft.indexes) as Array<[IndexName, KeyParts]>) {
      const names = TABLE.indexes[index];
      item[names.partitionKey] = this.pk(at.pk);
      item[names.sortKey] = at.sk;
    }
    return { kind: 'put', item, ...(condition ? { condition: this.condition(condition, draft.attribute) } : {}) };
  }

  deleteOp<T, K>(entity: Entity<T, K>, key: K, condition?: RecordCondition): WriteOp {
    return { kind: 'delete', key: this.keyOf(entity.key(key)), ...(condition ? { condition: this.condition(condition, entity.attribute) } : {}) };
  }

  private keyOf(parts: KeyParts) {
    return { pk: this.pk(parts.pk), sk: parts.sk };
  }

  private condition(c: RecordCondition, attribute: string | undefined): Condition {
    if (c === 'absent') return { expression: 'attribute_not_exists(pk)' };
    if (c === 'present') return { expression: 'attribute_exists(pk)' };
    if ('version' in c) return { expression: '#version = :expectedVersion', names: { '#version': 'version' }, values: { ':expectedVersion': c.version } };
    const path = [...(attribute ? [attribute] : []), ...c.field.split('.')];
    const names = Object.fromEntries(path.map((p, i) => [`#f${i}`, p]));
    const ref = path.map((_, i) => `#f${i}`).join('.');
    const equals = `${ref} = :equals`;
    return { expression: c.orAbsent ? `attribute_not_exists(pk) OR ${equals}` : equals, names, values: { ':equals': c.equals } };
  }

  private async all(opts: { index?: IndexName; pk: string } & ListOptions): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ ...opts, startKey, limit: opts.limit });
      items.push(...page.items);
      startKey = opts.limit !== undefined && items.length >= opts.limit ? undefined : page.lastKey;
    } while (startKey);
    return items;
  }
}

export interface Partition {
  of<T, K>(entity: Entity<T, K>): T[];
}

export type { AnyEntity };
