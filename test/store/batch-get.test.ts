/**
 * Batched reads by key: callers such as the end-of-day sweep read hundreds
 * of accounts at once and rely on the answer being whole and in order —
 * 100 keys a call, duplicates sent once, expired rows hidden, and the keys
 * DynamoDB leaves unprocessed (it does under throttling) asked again until
 * answered or the retries run out.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BatchGetCommandInput, BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../shared/store/client.ts';
import { withinTenant } from '../../shared/store/scope.ts';
import { KeysUnprocessed, Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

const NOW = Date.parse('2026-11-27T00:00:00Z');
const key = (i: number) => ({ pk: `T#acme#ITEM#${i}`, sk: 'ITEM' });
let tableName: string;
let endpoint: string;

const freshStore = () => new Store(tableName, createDynamoClient({ tableName, endpoint }), () => NOW);

/** Makes the client answer only `answered(n)` of each call's n keys and hand the rest back unprocessed, as DynamoDB does when it throttles. */
function withholdKeys(client: DynamoDBClient, answered: (asked: number) => number) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchGetItemCommand') return next(args);
      const input = args.input as BatchGetCommandInput;
      const [table, request] = Object.entries(input.RequestItems ?? {})[0]!;
      const keys = request.Keys ?? [];
      const n = Math.max(1, answered(keys.length));
      const result = await next({ ...args, input: { ...input, RequestItems: { [table]: { ...request, Keys: keys.slice(0, n) } } } });
      if (n < keys.length) (result.output as BatchGetCommandOutput).UnprocessedKeys = { [table]: { ...request, Keys: keys.slice(n) } };
      return result;
    },
    { step: 'initialize', name: 'withholdKeys' },
  );
}

beforeAll(async () => {
  ({ tableName, endpoint } = await createTestTable('batch-get'));
  const store = freshStore();
  const items = Array.from({ length: 230 }, (_, i) => ({ ...key(i), n: i, ...(i === 7 ? { expiresAt: Math.floor(NOW / 1000) - 60 } : {}) }));
  for (let i = 0; i < items.length; i += 25) await store.transact(items.slice(i, i + 25).map((item) => ({ kind: 'put' as const, item })));
});

describe('batched reads by key', () => {
  it('read 100 keys a call and answer in the order asked, undefined where there is no live item', async () => {
    const store = freshStore();
    // 250 keys: 230 stored (one of them expired), 20 never written, and one asked twice.
    const keys = [...Array.from({ length: 250 }, (_, i) => key(249 - i)), key(3)];
    const got = await store.batchGet(keys);
    expect(got.map((item) => item?.n)).toEqual(keys.map((k) => Number(k.pk.split('#').at(-1))).map((n) => (n < 230 && n !== 7 ? n : undefined)));
    expect(store.metrics.calls).toEqual({ BatchGetItem: 3 });
    expect(await store.batchGet([])).toEqual([]);
  });

  it('ask again, with backoff, for the keys DynamoDB left unprocessed', async () => {
    const store = freshStore();
    withholdKeys(store.client, (n) => Math.ceil(n / 2));
    const got = await store.batchGet(Array.from({ length: 150 }, (_, i) => key(i + 10)));
    expect(got.map((item) => item?.n)).toEqual(Array.from({ length: 150 }, (_, i) => i + 10));
    // Half answered each time: 100 keys take 50, 25, 13, 6, 3, 2 and 1 (7 calls), the other 50 keys 6 calls.
    expect(store.metrics.calls).toEqual({ BatchGetItem: 13 });
  });

  it('give up with KeysUnprocessed when keys stay unanswered', async () => {
    const store = freshStore();
    withholdKeys(store.client, () => 1);
    await expect(store.batchGet(Array.from({ length: 20 }, (_, i) => key(i)))).rejects.toBeInstanceOf(KeysUnprocessed);
    expect(store.metrics.calls.BatchGetItem).toBe(8);
  });

  it('stay within the tenant the work is confined to', async () => {
    const store = freshStore();
    await expect(withinTenant('other', () => store.batchGet([key(1)]))).rejects.toMatchObject({ name: 'OutsideTenant' });
    expect(store.metrics.calls).toEqual({});
  });
});
