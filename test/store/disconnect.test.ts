/**
 * A client that hangs up while its request is queued on the local store's
 * lock, through real HTTP: the request leaves the queue without taking the
 * lock, and the writes after it go through. Before, the pass-through listened
 * for the response's 'close' only once it held the lock — after the event had
 * fired — so it kept the lock for good and every later write hung.
 */
import { request } from 'node:http';
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../shared/store/client.ts';
import { RwLock } from '../../shared/store/local/rw-lock.ts';
import { type LocalDynamo, startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';

const TABLE = 'disconnect';
const lock = new RwLock();
let local: LocalDynamo;
let client: DynamoDBClient;

const key = (id: string) => ({ pk: { S: `T#acme#${id}` }, sk: { S: 'X' } });

beforeAll(async () => {
  local = await startLocalDynamo({ lock });
  client = createDynamoClient({ tableName: TABLE, endpoint: local.endpoint });
  await ensureTable(client, TABLE);
});

afterAll(async () => {
  await local?.close();
});

/** Polls what the lock reports until it holds; the HTTP request arrives in its own time. */
async function until(what: string, holds: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; lock ${JSON.stringify(lock.state)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Fails fast with a message rather than at the test timeout when a call hangs. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not complete within ${ms} ms; lock ${JSON.stringify(lock.state)}`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A raw DynamoDB call over HTTP, so the test can cut its socket. */
function rawCall(operation: string, body: unknown) {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const text = JSON.stringify(body);
  const req = request(`${local.endpoint}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'Content-Length': Buffer.byteLength(text),
      'X-Amz-Target': `DynamoDB_20120810.${operation}`,
      'X-Amz-Date': amzDate,
      Authorization: `AWS4-HMAC-SHA256 Credential=local/${amzDate.slice(0, 8)}/local/dynamodb/aws4_request, SignedHeaders=host, Signature=00`,
    },
  });
  // The socket is cut on purpose; the error that follows is expected.
  req.on('error', () => {});
  req.end(text);
  return req;
}

describe('a client that hangs up while queued on the store lock', () => {
  it.each([
    ['PutItem', 'writers', { TableName: TABLE, Item: { ...key('left-put'), v: { S: 'never' } } }],
    ['GetItem', 'readers', { TableName: TABLE, Key: key('left-get'), ConsistentRead: true }],
    [
      'TransactWriteItems',
      'writers',
      { TransactItems: [{ Put: { TableName: TABLE, Item: { ...key('left-txn'), v: { S: 'never' } } } }], ClientRequestToken: 'left-txn' },
    ],
  ] as const)('%s: leaves the queue holding nothing, and later writes go through', async (operation, side, body) => {
    const release = await lock.acquireWrite();
    const waiting = side === 'writers' ? () => lock.state.waitingWriters : () => lock.state.waitingReaders;
    try {
      const req = rawCall(operation, body);
      await until(`the ${operation} is queued`, () => waiting() === 1);
      req.destroy();
      await until(`the ${operation} has left the queue`, () => waiting() === 0);
    } finally {
      release();
    }
    expect(lock.state).toEqual({ readers: 0, writing: false, waitingReaders: 0, waitingWriters: 0 });

    await within(5000, 'a later PutItem', client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key(`after-${operation}`), v: { S: 'ok' } } })));
    const got = await within(
      5000,
      'a later GetItem',
      client.send(new GetItemCommand({ TableName: TABLE, Key: key(`after-${operation}`), ConsistentRead: true })),
    );
    expect(got.Item?.v).toEqual({ S: 'ok' });
    // A write whose client left before it ran never ran.
    if (operation !== 'GetItem') {
      const left = await client.send(
        new GetItemCommand({ TableName: TABLE, Key: key(operation === 'PutItem' ? 'left-put' : 'left-txn'), ConsistentRead: true }),
      );
      expect(left.Item).toBeUndefined();
    }
    expect(lock.state).toEqual({ readers: 0, writing: false, waitingReaders: 0, waitingWriters: 0 });
  });
});
