/**
 * The table as a module sees it: every key it builds is inside its own
 * tenant's prefix and its own module's namespace (`T#<tenant>#MOD#<kind>#…`),
 * so a module keeps records the case pipeline does not model (a register,
 * a catalogue, annual caps) without reaching another tenant's or another
 * module's data. Writes go through the platform's Store and its transactions.
 */
import { tenantKey } from './schema.ts';
import type { Item, Key, Page, QueryOptions, Store, WriteAction } from './store.ts';

export class ModuleStore {
  constructor(
    readonly store: Store,
    readonly kind: string,
  ) {}

  /** A partition key in this module's namespace. */
  pk(tenantId: string, ...parts: string[]): string {
    return tenantKey(tenantId, 'MOD', this.kind, ...parts);
  }

  key(tenantId: string, parts: string[], sk: string): Key {
    return { pk: this.pk(tenantId, ...parts), sk };
  }

  get<T extends Item = Item>(key: Key): Promise<T | undefined> {
    return this.store.get<T>(key);
  }

  query<T extends Item = Item>(opts: QueryOptions): Promise<Page<T>> {
    return this.store.query<T>(opts);
  }

  async all<T extends Item = Item>(opts: QueryOptions): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query<T>({ ...opts, startKey });
      items.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return items;
  }

  transact(actions: WriteAction[]): Promise<void> {
    return this.store.transact(actions);
  }
}
