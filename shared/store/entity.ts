/**
 * Entities, after ElectroDB: a record type declares its key, the access
 * patterns it takes part in (mapped onto the generic gsi1/gsi2) and its
 * schema, which every read is parsed against — a record that does not match
 * its schema is a fault, never a silently wrong value.
 */
import type { z } from 'zod';
import type { IndexName } from './schema.ts';

export interface KeyParts {
  /** Partition key parts under the namespace: `T#<tenant>#MOD#<ns>#<parts…>`. */
  pk: readonly string[];
  sk: string;
}

/** A record ready to be written, not yet bound to a tenant. */
export interface RecordDraft {
  entity: string;
  attribute?: string;
  key: KeyParts;
  attributes: Record<string, unknown>;
  indexes: Partial<Record<IndexName, KeyParts>>;
}

/** A named access pattern on a generic index: the partition it reads for some parameters. */
export interface Pattern<P> {
  index: IndexName;
  partition: (params: P) => readonly string[];
  /** Where a record sits in this pattern. */
  at(params: P, sk: string): { index: IndexName; key: KeyParts };
}

export function pattern<P>(index: IndexName, partition: (params: P) => readonly string[]): Pattern<P> {
  return { index, partition, at: (params, sk) => ({ index, key: { pk: partition(params), sk } }) };
}

export interface EntitySpec<T, K> {
  /** Stored as the item's `entity` attribute. */
  name: string;
  /** Parsed on every read; use z.object (not strict) so attributes added later do not break old readers. */
  schema: z.ZodType<T>;
  /** The attribute holding the record; without one, its fields are the item's own attributes. */
  attribute?: string;
  key: (k: K) => KeyParts;
  keyOf: (record: T) => K;
  /** The access patterns a record takes part in now (undefined: not in that index, a sparse index). */
  indexes?: (record: T) => ReadonlyArray<{ index: IndexName; key: KeyParts } | undefined>;
  /** Mirrored at the top level for optimistic-concurrency conditions. */
  version?: (record: T) => number;
}

export interface Entity<T, K> {
  readonly name: string;
  readonly attribute: string | undefined;
  key(k: K): KeyParts;
  read(item: Record<string, unknown>): T;
  draft(record: T): RecordDraft;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of entities of any record type
export type AnyEntity = Entity<any, any>;

const STORAGE = new Set(['pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'expiresAt', 'version']);

export class CorruptRecord extends Error {}

export function entity<T, K>(spec: EntitySpec<T, K>): Entity<T, K> {
  return {
    name: spec.name,
    attribute: spec.attribute,
    key: spec.key,
    read(item) {
      const raw = spec.attribute ? item[spec.attribute] : Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE.has(k)));
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success)
        throw new CorruptRecord(
          `${spec.name} at ${String(item.pk)}/${String(item.sk)} does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      return parsed.data;
    },
    draft(record) {
      const indexes: RecordDraft['indexes'] = {};
      for (const at of spec.indexes?.(record) ?? []) if (at) indexes[at.index] = at.key;
      const fields = spec.attribute ? { [spec.attribute]: record } : (record as Record<string, unknown>);
      return {
        entity: spec.name,
        attribute: spec.attribute,
        key: spec.key(spec.keyOf(record)),
        attributes: { ...fields, ...(spec.version ? { version: spec.version(record) } : {}) },
        indexes,
      };
    },
  };
}
