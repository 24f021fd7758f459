/**
 * DynamoDB item size, by the documented rules: attribute names and values in
 * UTF-8 bytes; numbers about one byte per two significant digits plus one;
 * maps and lists three bytes of overhead plus one per element. Used to cost
 * writes where the local store does not report what DynamoDB would charge.
 */
type AttributeValue = {
  S?: string;
  N?: string;
  B?: unknown;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  SS?: string[];
  NS?: string[];
};

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|^0+|e.*$/gi, '').length / 2) + 1;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.B !== undefined) return (v.B as Uint8Array).length ?? 0;
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, x]) => n + utf8(k) + valueSize(x) + 1, 0);
  if (v.L) return 3 + v.L.reduce((n, x) => n + valueSize(x) + 1, 0);
  if (v.SS) return v.SS.reduce((n, s) => n + utf8(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + valueSize({ N: s }), 0);
  return 0;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((n, [k, v]) => n + utf8(k) + valueSize(v), 0);
}

const kb = (item: Record<string, AttributeValue> | undefined) => (item ? Math.max(1, Math.ceil(itemSize(item) / 1024)) : 0);
const INDEXES = [
  ['gsi1pk', 'gsi1sk'],
  ['gsi2pk', 'gsi2sk'],
] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Write units DynamoDB charges for one item written, by its documented rules,
 * from the item as it was before and after: the table pays for the larger of
 * the two (twice inside a transaction); each index (projecting ALL) pays one
 * per KB for an entry put or changed, and a delete plus a put when the
 * entry's key changed.
 */
export function writeUnits(before: Record<string, AttributeValue> | undefined, after: Record<string, AttributeValue> | undefined, transactional: boolean) {
  const table = (transactional ? 2 : 1) * Math.max(1, kb(before), kb(after));
  let indexes = 0;
  for (const [pk, sk] of INDEXES) {
    const had = before?.[pk] !== undefined && before?.[sk] !== undefined;
    const has = after?.[pk] !== undefined && after?.[sk] !== undefined;
    if (had && has) {
      if (!same(before![pk], after![pk]) || !same(before![sk], after![sk])) indexes += kb(before) + kb(after);
      else if (!same(before, after)) indexes += kb(after);
    } else if (has) indexes += kb(after);
    else if (had) indexes += kb(before);
  }
  return { table, indexes };
}

type Plain = Record<string, unknown>;
type Marshalled = Record<string, AttributeValue>;

/**
 * Costs every write a client sends the way DynamoDB would bill it (the local
 * store reports table units only, and not by these rules): each written
 * item is read before and after through a separate client, so the
 * measurement is not itself measured.
 */
export class CapacityMeter {
  table = 0;
  indexes = 0;
  writes = 0;
  /** Off while throughput is timed: the reads it makes would slow what is measured. */
  enabled = false;

  constructor(private readonly read: (key: Plain) => Promise<Marshalled | undefined>) {}

  reset(): void {
    this.table = 0;
    this.indexes = 0;
    this.writes = 0;
  }

  install(client: { middlewareStack: { add: (mw: never, opts: never) => void } }): void {
    const mw = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Plain }) => {
      const name = String(context.commandName ?? '').replace(/Command$/, '');
      const keys = this.enabled ? this.keysOf(name, args.input) : [];
      if (!keys.length) return next(args);
      const before = await Promise.all(keys.map((k) => this.read(k)));
      const result = await next(args);
      const after = await Promise.all(keys.map((k) => this.read(k)));
      keys.forEach((_, i) => {
        const u = writeUnits(before[i], after[i], name === 'TransactWriteItems');

        this.table += u.table;
        this.indexes += u.indexes;
        this.writes++;
      });
      return result;
    };
    client.middlewareStack.add(mw as never, { step: 'initialize', priority: 'low', name: 'capacityMeter' } as never);
  }

  private keysOf(name: string, input: Plain): Plain[] {
    const keyOf = (o: { Item?: Plain; Key?: Plain }) => {
      const k = (o.Item ?? o.Key)!;
      const plain = typeof k.pk === 'string' ? k : (Object.fromEntries(Object.entries(k).map(([n, v]) => [n, (v as { S: string }).S])) as Plain);
      return { pk: plain.pk, sk: plain.sk };
    };
    if (name === 'TransactWriteItems') {
      return (input.TransactItems as Array<Record<string, { Item?: Plain; Key?: Plain }>>).map((a) => keyOf(Object.values(a)[0]!));
    }
    if (name === 'PutItem' || name === 'UpdateItem' || name === 'DeleteItem') return [keyOf(input as { Item?: Plain; Key?: Plain })];
    return [];
  }
}
