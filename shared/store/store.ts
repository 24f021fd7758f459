/**
 * Single-table access for the platform. Callers build keys with `tenantKey`
 * and hand the store plain items; the store adds the table name, asks for
 * consumed capacity, hides expired items, and turns transaction cancellations
 * into a typed error that names the failed actions.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { problem } from '../kernel/problems.ts';
import { withRetries } from '../kernel/retry.ts';
import { createDocumentClient, createDynamoClient, type StoreConfig } from './client.ts';
import { type IndexName, TABLE } from './schema.ts';
import { assertWithin } from './scope.ts';

/** DynamoDB's limit on the actions of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;
/** DynamoDB's limit on the keys of one BatchGetItem. */
export const MAX_BATCH_GET_KEYS = 100;
/**
 * DynamoDB answers a BatchGetItem only in part when it throttles or the
 * answer passes 16 MB, and expects the rest asked again after a backoff:
 * this many calls per 100 keys, waits doubling from 20 ms up to 1 s.
 */
const BATCH_GET_RETRIES = { attempts: 8, minMs: 20, maxMs: 1_000 } as const;

export type Item = Record<string, unknown> & { pk: string; sk: string };
export interface Key {
  pk: string;
  sk: string;
}

type TransactAction = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One action of a transaction, without the table name (the store adds it). */
export type WriteAction =
  | { kind: 'put'; item: Item; condition?: Condition }
  | { kind: 'update'; key: Key; update: string; condition?: Condition; names?: Record<string, string>; values?: Record<string, unknown> }
  | { kind: 'delete'; key: Key; condition?: Condition }
  | { kind: 'check'; key: Key; condition: Condition };

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export const conditions = {
  absent: (): Condition => ({ expression: 'attribute_not_exists(pk)' }),
  present: (): Condition => ({ expression: 'attribute_exists(pk)' }),
  version: (expected: number): Condition => ({
    expression: '#version = :expectedVersion',
    names: { '#version': 'version' },
    values: { ':expectedVersion': expected },
  }),
};

/** A transaction was cancelled; `failed` lists the indexes of actions whose condition failed. */
export class TransactionConflict extends Error {
  constructor(
    readonly failed: number[],
    readonly codes: string[],
  ) {
    super(`transaction cancelled: ${codes.join(', ')}`);
    this.name = 'TransactionConflict';
  }
}

/** A batched read still had keys DynamoDB would not answer after every retry. */
export class KeysUnprocessed extends Error {
  constructor(readonly count: number) {
    super(`DynamoDB left ${count} keys unprocessed`);
    this.name = 'KeysUnprocessed';
  }
}

export class ConditionFailed extends Error {
  constructor() {
    super('condition failed');
    this.name = 'ConditionFailed';
  }
}

export interface QueryOptions {
  index?: IndexName;
  pk: string;
  /** Sort-key prefix. */
  prefix?: string;
  /** Inclusive sort-key range. */
  between?: [string, string];
  limit?: number;
  startKey?: Record<string, unknown>;
  descending?: boolean;
  consistent?: boolean;
}

export interface Page<T = Item> {
  items: T[];
  lastKey?: Record<string, unknown>;
}

export interface StoreMetrics {
  calls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

export class Store {
  readonly doc: DynamoDBDocumentClient;
  readonly metrics: StoreMetrics = { calls: {}, readUnits: 0, writeUnits: 0 };

  /** In AWS: a client per tenant whose credentials DynamoDB confines to the tenant's keys (see scope.ts). */
  private confinedClient?: (tenantId: string) => DynamoDBDocumentClient;

  constructor(
    readonly tableName: string,
    readonly client: DynamoDBClient,
    private readonly now: () => number = Date.now,
  ) {
    this.doc = createDocumentClient(client);
    this.instrument(client);
  }

  /** Sends confined work through clients that only reach one tenant's keys. */
  confineWith(clientFor: (tenantId: string) => DynamoDBClient): this {
    const clients = new Map<string, DynamoDBDocumentClient>();
    this.confinedClient = (tenantId) => {
      let doc = clients.get(tenantId);
      if (!doc) {
        const client = clientFor(tenantId);
        this.instrument(client);
        doc = createDocumentClient(client);
        clients.set(tenantId, doc);
      }
      return doc;
    };
    return this;
  }

  /** The client for a call touching these partition keys: checked against the current confinement first. */
  private docFor(keys: ReadonlyArray<unknown>): DynamoDBDocumentClient {
    const tenantId = assertWithin(keys);
    return tenantId !== undefined && this.confinedClient ? this.confinedClient(tenantId) : this.doc;
  }

  static fromConfig(config: StoreConfig): Store {
    return new Store(config.tableName, createDynamoClient(config));
  }

  resetMetrics(): void {
    this.metrics.calls = {};
    this.metrics.readUnits = 0;
    this.metrics.writeUnits = 0;
  }

  async get<T extends Item = Item>(key: Key, opts: { consistent?: boolean } = {}): Promise<T | undefined> {
    const out = await this.docFor([key.pk]).send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: opts.consistent ?? true, ReturnConsumedCapacity: 'TOTAL' }),
    );
    return this.live(out.Item as T | undefined);
  }

  /**
   * Many items by key, 100 keys a call (the calls run side by side),
   * consistent unless asked otherwise: the answer lines up with `keys`,
   * undefined where there is no item. A key asked twice is sent once, as
   * DynamoDB refuses duplicates in one call.
   */
  async batchGet<T extends Item = Item>(keys: readonly Key[], opts: { consistent?: boolean } = {}): Promise<Array<T | undefined>> {
    const unique = [...new Map(keys.map((k) => [keyId(k), { pk: k.pk, sk: k.sk }])).values()];
    const found = new Map<string, T>();
    const calls: Array<Promise<void>> = [];
    for (let i = 0; i < unique.length; i += MAX_BATCH_GET_KEYS)
      calls.push(this.batchGetUpTo100(unique.slice(i, i + MAX_BATCH_GET_KEYS), opts.consistent ?? true, found));
    await Promise.all(calls);
    return keys.map((k) => this.live(found.get(keyId(k))));
  }

  private async batchGetUpTo100<T extends Item>(keys: Key[], consistent: boolean, found: Map<string, T>): Promise<void> {
    const doc = this.docFor(keys.map((k) => k.pk));
    let asked = keys;
    await withRetries(
      async () => {
        const out = await doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: asked, ConsistentRead: consistent } }, ReturnConsumedCapacity: 'TOTAL' }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) found.set(keyId(item as Key), item as T);
        asked = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
        if (asked.length) throw new KeysUnprocessed(asked.length);
      },
      { ...BATCH_GET_RETRIES, retryOn: (err) => err instanceof KeysUnprocessed },
    );
  }

  async query<T extends Item = Item>(opts: QueryOptions): Promise<Page<T>> {
    const index = opts.index ? TABLE.indexes[opts.index] : undefined;
    const pkName = index?.partitionKey ?? TABLE.partitionKey;
    const skName = index?.sortKey ?? TABLE.sortKey;
    let condition = '#pk = :pk';
    const values: Record<string, unknown> = { ':pk': opts.pk };
    if (opts.prefix !== undefined) {
      condition += ' AND begins_with(#sk, :prefix)';
      values[':prefix'] = opts.prefix;
    } else if (opts.between) {
      condition += ' AND #sk BETWEEN :from AND :to';
      values[':from'] = opts.between[0];
      values[':to'] = opts.between[1];
    }
    // Expired rows are dropped after DynamoDB applied the limit (its TTL deletes them lazily, days late):
    // a page they thinned is read on, so a page of expired rows never hides the live ones after it.
    const items: T[] = [];
    let startKey = opts.startKey;
    do {
      const out = await this.docFor([opts.pk]).send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index?.name,
          KeyConditionExpression: condition,
          ExpressionAttributeNames: { '#pk': pkName, ...(condition.includes('#sk') ? { '#sk': skName } : {}) },
          ExpressionAttributeValues: values,
          Limit: opts.limit === undefined ? undefined : opts.limit - items.length,
          ExclusiveStartKey: startKey,
          ScanIndexForward: !opts.descending,
          ConsistentRead: index ? undefined : opts.consistent,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      for (const i of out.Items ?? []) {
        const kept = this.live(i as T);
        if (kept) items.push(kept);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey && opts.limit !== undefined && items.length < opts.limit);
    return { items, lastKey: startKey };
  }

  /** A single conditional put; throws ConditionFailed when the condition does not hold. */
  async put(item: Item, condition?: Condition): Promise<void> {
    try {
      await this.docFor([item.pk]).send(
        new PutCommand({ TableName: this.tableName, Item: item, ...conditionParams(condition), ReturnConsumedCapacity: 'TOTAL' }),
      );
    } catch (err) {
      throw translateConditionError(err);
    }
  }

  async update(action: Extract<WriteAction, { kind: 'update' }>): Promise<Record<string, unknown>> {
    try {
      const out = await this.docFor([action.key.pk]).send(
        new UpdateCommand({ TableName: this.tableName, ...updateParams(action), ReturnValues: 'ALL_NEW', ReturnConsumedCapacity: 'TOTAL' }),
      );
      return out.Attributes ?? {};
    } catch (err) {
      throw translateConditionError(err);
    }
  }

  async delete(key: Key, condition?: Condition): Promise<void> {
    try {
      await this.docFor([key.pk]).send(
        new DeleteCommand({ TableName: this.tableName, Key: key, ...conditionParams(condition), ReturnConsumedCapacity: 'TOTAL' }),
      );
    } catch (err) {
      throw translateConditionError(err);
    }
  }

  /** All-or-nothing write of up to 100 actions; more is refused before anything is sent. */
  async transact(actions: WriteAction[], opts: { token?: string } = {}): Promise<void> {
    if (actions.length === 0) return;
    if (actions.length > MAX_TRANSACTION_ITEMS) {
      throw problem('too-many-writes', `This would change ${actions.length} records at once; one transaction holds ${MAX_TRANSACTION_ITEMS}.`);
    }
    try {
      await this.docFor(actions.map((a) => (a.kind === 'put' ? a.item.pk : a.key.pk))).send(
        new TransactWriteCommand({
          TransactItems: actions.map((a) => this.toTransactAction(a)),
          ClientRequestToken: opts.token,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
    } catch (err) {
      const e = err as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
      if (e?.name === 'TransactionCanceledException' && Array.isArray(e.CancellationReasons)) {
        const codes = e.CancellationReasons.map((r) => r.Code ?? 'None');
        throw new TransactionConflict(
          codes.flatMap((c, i) => (c === 'None' ? [] : [i])),
          codes,
        );
      }
      throw err;
    }
  }

  private toTransactAction(a: WriteAction): TransactAction {
    const TableName = this.tableName;
    switch (a.kind) {
      case 'put':
        return { Put: { TableName, Item: a.item, ...conditionParams(a.condition) } };
      case 'update':
        return { Update: { TableName, ...updateParams(a) } };
      case 'delete':
        return { Delete: { TableName, Key: a.key, ...conditionParams(a.condition) } };
      case 'check':
        return { ConditionCheck: { TableName, Key: a.key, ConditionExpression: a.condition.expression, ...conditionParams(a.condition) } };
    }
  }

  /** DynamoDB deletes expired items lazily (and the local store never), so reads ignore them. */
  private live<T extends Item>(item: T | undefined): T | undefined {
    if (!item) return undefined;
    const expires = item[TABLE.ttlAttribute];
    if (typeof expires === 'number' && expires * 1000 <= this.now()) return undefined;
    return item;
  }

  private instrument(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        this.metrics.calls[name] = (this.metrics.calls[name] ?? 0) + 1;
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: unknown };
        const capacity = ([] as Array<{ CapacityUnits?: number }>).concat((output.ConsumedCapacity as never) ?? []);
        const units = capacity.reduce((n, c) => n + (c?.CapacityUnits ?? 0), 0);
        if (/^(Get|Query|Scan|BatchGet|TransactGet)/.test(name)) this.metrics.readUnits += units;
        else this.metrics.writeUnits += units;
        return result;
      },
      { step: 'initialize', name: 'storeMetrics' },
    );
  }
}

const keyId = (k: Key) => JSON.stringify([k.pk, k.sk]);

function conditionParams(c?: Condition) {
  if (!c) return {};
  return {
    ConditionExpression: c.expression,
    ...(c.names && Object.keys(c.names).length ? { ExpressionAttributeNames: c.names } : {}),
    ...(c.values && Object.keys(c.values).length ? { ExpressionAttributeValues: c.values } : {}),
  };
}

function updateParams(a: Extract<WriteAction, { kind: 'update' }>) {
  const names = { ...a.names, ...a.condition?.names };
  const values = { ...a.values, ...a.condition?.values };
  return {
    Key: a.key,
    UpdateExpression: a.update,
    ...(a.condition ? { ConditionExpression: a.condition.expression } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

function translateConditionError(err: unknown): unknown {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException' ? new ConditionFailed() : err;
}
