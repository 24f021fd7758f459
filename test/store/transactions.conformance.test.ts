/**
 * Conformance of the local store's transactions with DynamoDB's documented
 * semantics, exercised through the unmodified AWS SDK v3.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  IdempotentParameterMismatchException,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { createTestTable } from '../support/table.ts';

let client: DynamoDBClient;
let table: string;

const key = (id: string) => ({ pk: { S: `T#acme#${id}` }, sk: { S: 'X' } });
const put = (id: string, extra: Record<string, unknown> = {}, condition?: string): TransactWriteItem => ({
  Put: { TableName: table, Item: { ...key(id), ...extra } as never, ...(condition ? { ConditionExpression: condition } : {}) },
});
const increment = (id: string, expectVersion?: number): TransactWriteItem => ({
  Update: {
    TableName: table,
    Key: key(id),
    UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one',
    ExpressionAttributeNames: { '#v': 'v' },
    ExpressionAttributeValues: {
      ':zero': { N: '0' },
      ':one': { N: '1' },
      ...(expectVersion !== undefined ? { ':expected': { N: String(expectVersion) } } : {}),
    },
    ...(expectVersion !== undefined ? { ConditionExpression: expectVersion === 0 ? 'attribute_not_exists(#v) OR #v = :expected' : '#v = :expected' } : {}),
  },
});

async function read(id: string) {
  const out = await client.send(new GetItemCommand({ TableName: table, Key: key(id), ConsistentRead: true }));
  return out.Item;
}

async function cancelled(promise: Promise<unknown>): Promise<TransactionCanceledException> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransactionCanceledException);
  return err as TransactionCanceledException;
}

beforeAll(async () => {
  const created = await createTestTable('txn');
  client = created.store.client;
  table = created.tableName;
});

describe('TransactWriteItems', () => {
  it('applies Put, Update, Delete and ConditionCheck together', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key('del'), a: { S: '1' } } }));
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key('chk'), state: { S: 'open' } } }));
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          put('new', { a: { S: 'x' } }, 'attribute_not_exists(pk)'),
          increment('ctr'),
          { Delete: { TableName: table, Key: key('del'), ConditionExpression: 'attribute_exists(pk)' } },
          {
            ConditionCheck: {
              TableName: table,
              Key: key('chk'),
              ConditionExpression: '#s = :open',
              ExpressionAttributeNames: { '#s': 'state' },
              ExpressionAttributeValues: { ':open': { S: 'open' } },
            },
          },
        ],
      }),
    );
    expect((await read('new'))?.a).toEqual({ S: 'x' });
    expect((await read('ctr'))?.v).toEqual({ N: '1' });
    expect(await read('del')).toBeUndefined();
    // A passing ConditionCheck leaves its item exactly as it was.
    expect(await read('chk')).toEqual({ ...key('chk'), state: { S: 'open' } });
  });

  it('cancels everything when one condition fails, with reasons in request order', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key('taken'), owner: { S: 'first' } } }));
    const err = await cancelled(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            put('fresh-1', { a: { S: '1' } }),
            { ...put('taken', { owner: { S: 'second' } }, 'attribute_not_exists(pk)') },
            increment('fresh-ctr'),
          ],
        }),
      ),
    );
    expect(err.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed', 'None']);
    expect(err.message).toContain('ConditionalCheckFailed');
    expect(await read('fresh-1')).toBeUndefined();
    expect(await read('fresh-ctr')).toBeUndefined();
    expect((await read('taken'))?.owner).toEqual({ S: 'first' });
  });

  it('reports every failing action, not only the first', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key('f1') } }));
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key('f2') } }));
    const err = await cancelled(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [put('f1', {}, 'attribute_not_exists(pk)'), put('ok-between'), put('f2', {}, 'attribute_not_exists(pk)')],
        }),
      ),
    );
    expect(err.CancellationReasons?.map((r) => r.Code)).toEqual(['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']);
    expect(await read('ok-between')).toBeUndefined();
  });

  it('returns the current item on a failed condition when ALL_OLD is requested', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key('old'), note: { S: 'kept' } } }));
    const err = await cancelled(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: table,
                Key: key('old'),
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      ),
    );
    expect(err.CancellationReasons?.[0]?.Item?.note).toEqual({ S: 'kept' });
    expect(await read('old')).toEqual({ ...key('old'), note: { S: 'kept' } });
  });

  it('accepts 100 actions and refuses 101 without writing', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => put(`bulk-${i}`));
    await client.send(new TransactWriteItemsCommand({ TransactItems: hundred }));
    expect(await read('bulk-99')).toBeDefined();
    const tooMany = Array.from({ length: 101 }, (_, i) => put(`over-${i}`));
    await expect(client.send(new TransactWriteItemsCommand({ TransactItems: tooMany }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await read('over-0')).toBeUndefined();
  });

  it('refuses two actions on one item', async () => {
    await expect(client.send(new TransactWriteItemsCommand({ TransactItems: [put('dup', { a: { S: '1' } }), increment('dup')] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('multiple operations on one item'),
    });
    expect(await read('dup')).toBeUndefined();
  });

  it('rolls back earlier actions when a later action is invalid', async () => {
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [put('before-invalid'), { Update: { TableName: table, Key: key('invalid'), UpdateExpression: 'SET #missing = :v' } }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await read('before-invalid')).toBeUndefined();
  });

  it('treats a repeated ClientRequestToken as the same request', async () => {
    const request = { TransactItems: [increment('token-ctr')], ClientRequestToken: 'token-1' };
    await client.send(new TransactWriteItemsCommand(request));
    await client.send(new TransactWriteItemsCommand(request));
    expect((await read('token-ctr'))?.v).toEqual({ N: '1' });
    const err = await client.send(new TransactWriteItemsCommand({ TransactItems: [increment('other')], ClientRequestToken: 'token-1' })).catch((e) => e);
    expect(err).toBeInstanceOf(IdempotentParameterMismatchException);
    expect(await read('other')).toBeUndefined();
  });

  it('reports consumed capacity as transactional writes (two units per item)', async () => {
    const out = await client.send(new TransactWriteItemsCommand({ TransactItems: [put('cap-1'), put('cap-2')], ReturnConsumedCapacity: 'TOTAL' }));
    expect(out.ConsumedCapacity?.[0]).toMatchObject({ TableName: table, CapacityUnits: 4 });
  });
});

// Each check below takes DynamoDB's API Reference as its oracle; the comment
// quotes the passage it holds the local store to.
describe('TransactWriteItems, as documented', () => {
  it('refuses a ClientRequestToken longer than 36 characters and writes nothing', async () => {
    // API_TransactWriteItems, ClientRequestToken: "Type: String.
    // Length Constraints: Minimum length of 1. Maximum length of 36."
    await client.send(new TransactWriteItemsCommand({ TransactItems: [put('token-36')], ClientRequestToken: 't'.repeat(36) }));
    expect(await read('token-36')).toBeDefined();
    await expect(client.send(new TransactWriteItemsCommand({ TransactItems: [put('token-37')], ClientRequestToken: 't'.repeat(37) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('36'),
    });
    expect(await read('token-37')).toBeUndefined();
  });

  it('answers a replay of a token with read units, not the write units of the original, and changes nothing', async () => {
    // API_TransactWriteItems, ClientRequestToken: "multiple identical calls have the
    // same effect as one single call ... If the ReturnConsumedCapacity parameter is
    // set, then the initial TransactWriteItems call returns the amount of write
    // capacity units consumed in making the changes. Subsequent TransactWriteItems
    // calls with the same client token return the number of read capacity units
    // consumed in reading the item."
    const request = { TransactItems: [increment('replay-ctr'), put('replay-log')], ClientRequestToken: 'replay-1', ReturnConsumedCapacity: 'TOTAL' as const };
    const first = await client.send(new TransactWriteItemsCommand(request));
    expect(first.ConsumedCapacity?.[0]).toMatchObject({ TableName: table, WriteCapacityUnits: 4, CapacityUnits: 4 });
    const replay = await client.send(new TransactWriteItemsCommand(request));
    const capacity = replay.ConsumedCapacity?.[0];
    expect(capacity?.TableName).toBe(table);
    expect(capacity?.WriteCapacityUnits).toBeUndefined();
    expect(capacity?.ReadCapacityUnits).toBeGreaterThan(0);
    expect(capacity?.CapacityUnits).toBe(capacity?.ReadCapacityUnits);
    expect((await read('replay-ctr'))?.v).toEqual({ N: '1' });
  });

  it('cancels a transaction holding a key of the wrong type: ValidationError for that action, None for the others', async () => {
    // TransactionCanceledException: "DynamoDB cancels a TransactWriteItems request
    // under the following circumstances: ... There is a user error, such as an
    // invalid data format." and "Transaction cancellation reasons are ordered in the
    // order of requested items, if an item has no error it will have None code",
    // with "Validation Error: Code: ValidationError" among the reason codes.
    const wrongPut = { Put: { TableName: table, Item: { pk: { N: '5' }, sk: { S: 'X' } } } };
    const err = await cancelled(client.send(new TransactWriteItemsCommand({ TransactItems: [put('typed-ok'), wrongPut] })));
    expect(err.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ValidationError']);
    expect(err.CancellationReasons?.[1]?.Message).toContain('Type mismatch for key pk');
    expect(err.message).toContain('[None, ValidationError]');
    expect(await read('typed-ok')).toBeUndefined();

    const wrongKey = {
      Update: {
        TableName: table,
        Key: { pk: { S: 'T#acme#typed' }, sk: { N: '1' } },
        UpdateExpression: 'SET a = :a',
        ExpressionAttributeValues: { ':a': { S: 'x' } },
      },
    };
    const err2 = await cancelled(client.send(new TransactWriteItemsCommand({ TransactItems: [wrongKey, increment('typed-ctr')] })));
    expect(err2.CancellationReasons?.map((r) => r.Code)).toEqual(['ValidationError', 'None']);
    expect(err2.CancellationReasons?.[0]?.Message).toBe('The provided key element does not match the schema');
    expect(await read('typed-ctr')).toBeUndefined();
  });

  it('refuses a ReturnValuesOnConditionCheckFailure other than NONE or ALL_OLD and writes nothing', async () => {
    // API_Put / API_Update / API_Delete / API_ConditionCheck: "For
    // ReturnValuesOnConditionCheckFailure, the valid values are: NONE and ALL_OLD."
    const bogus = { ...put('rv-bogus'), Put: { ...put('rv-bogus').Put!, ReturnValuesOnConditionCheckFailure: 'ALL_NEW' as never } };
    await expect(client.send(new TransactWriteItemsCommand({ TransactItems: [put('rv-ok'), bogus] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('returnValuesOnConditionCheckFailure'),
    });
    expect(await read('rv-ok')).toBeUndefined();
    expect(await read('rv-bogus')).toBeUndefined();
  });

  it('recognises 7 and 7.0 as one numeric key: two actions on one item are refused', async () => {
    // API_TransactWriteItems: "no two actions can target the same item"; and the
    // Developer Guide on the Number type: "Leading and trailing zeroes are trimmed",
    // so 7 and 7.0 name the same key.
    const numeric = `${table}-n`;
    await client.send(
      new CreateTableCommand({
        TableName: numeric,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const actions: TransactWriteItem[] = [
      { Put: { TableName: numeric, Item: { id: { N: '7' }, a: { S: 'put' } } } },
      { Update: { TableName: numeric, Key: { id: { N: '7.0' } }, UpdateExpression: 'SET b = :b', ExpressionAttributeValues: { ':b': { S: 'update' } } } },
    ];
    await expect(client.send(new TransactWriteItemsCommand({ TransactItems: actions }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('multiple operations on one item'),
    });
    const got = await client.send(new GetItemCommand({ TableName: numeric, Key: { id: { N: '7' } }, ConsistentRead: true }));
    expect(got.Item).toBeUndefined();
  });
});

describe('concurrency', () => {
  it('loses no update under concurrent optimistic increments', async () => {
    const workers = 12;
    const perWorker = 5;
    let conflicts = 0;
    const worker = async () => {
      for (let done = 0; done < perWorker; ) {
        const current = Number((await read('hot'))?.v?.N ?? 0);
        try {
          await client.send(
            new TransactWriteItemsCommand({ TransactItems: [increment('hot', current), put(`hot-log-${current}`, {}, 'attribute_not_exists(pk)')] }),
          );
          done++;
        } catch (err) {
          if (!(err instanceof TransactionCanceledException)) throw err;
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    expect((await read('hot'))?.v).toEqual({ N: String(workers * perWorker) });
    expect(conflicts).toBeGreaterThan(0);
  });

  it('never shows a torn transfer to a concurrent transactional reader', async () => {
    const accounts = ['acc-a', 'acc-b', 'acc-c'];
    for (const id of accounts) await client.send(new PutItemCommand({ TableName: table, Item: { ...key(id), bal: { N: '100' } } }));
    const move = (from: string, to: string): TransactWriteItem[] => [
      { Update: { TableName: table, Key: key(from), UpdateExpression: 'SET bal = bal - :n', ExpressionAttributeValues: { ':n': { N: '7' } } } },
      { Update: { TableName: table, Key: key(to), UpdateExpression: 'SET bal = bal + :n', ExpressionAttributeValues: { ':n': { N: '7' } } } },
    ];
    const writers = Array.from({ length: 30 }, (_, i) =>
      client.send(new TransactWriteItemsCommand({ TransactItems: move(accounts[i % 3]!, accounts[(i + 1) % 3]!) })),
    );
    const sums: number[] = [];
    const readers = Array.from({ length: 30 }, async () => {
      const out = await client.send(new TransactGetItemsCommand({ TransactItems: accounts.map((id) => ({ Get: { TableName: table, Key: key(id) } })) }));
      sums.push(out.Responses!.reduce((n, r) => n + Number(r.Item!.bal!.N), 0));
    });
    await Promise.all([...writers, ...readers]);
    expect(new Set(sums)).toEqual(new Set([300]));
  });
});

describe('TransactGetItems', () => {
  it('returns items in request order and an empty entry for a missing item', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key('g1'), n: { S: 'one' } } }));
    const out = await client.send(
      new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: key('missing') } }, { Get: { TableName: table, Key: key('g1') } }] }),
    );
    expect(out.Responses?.[0]?.Item).toBeUndefined();
    expect(out.Responses?.[1]?.Item?.n).toEqual({ S: 'one' });
  });
});

describe('durability', () => {
  it('keeps data across a restart and restores a transaction interrupted mid-apply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onestop-store-'));
    const name = 'durable';
    const first = await startLocalDynamo({ path: dir });
    const c1 = createDynamoClient({ tableName: name, endpoint: first.endpoint });
    await ensureTable(c1, name);
    const k = { pk: { S: 'T#acme#j' }, sk: { S: 'X' } };
    await c1.send(new PutItemCommand({ TableName: name, Item: { ...k, state: { S: 'half-applied' } } }));
    await first.close();
    // What a crash between two actions leaves behind: the journal of before-images.
    writeFileSync(join(dir, 'txn-journal.json'), JSON.stringify([{ table: name, key: k, item: { ...k, state: { S: 'before' } } }]));

    const second = await startLocalDynamo({ path: dir });
    const c2 = createDynamoClient({ tableName: name, endpoint: second.endpoint });
    const out = await c2.send(new GetItemCommand({ TableName: name, Key: k }));
    await second.close();
    expect(out.Item?.state).toEqual({ S: 'before' });
  });
});
