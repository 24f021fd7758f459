/**
 * The local DynamoDB endpoint: dynalite on loopback, fronted by a small HTTP
 * server that adds TransactWriteItems/TransactGetItems and serialises writes.
 * The AWS SDK talks to the front exactly as it talks to DynamoDB.
 *
 * Every request that touches items queues on the store's readers–writer lock
 * (rw-lock.ts). A client can hang up while its request is still queued; it then
 * leaves the queue without ever holding the lock, so it releases nothing and
 * holds no one up. Table metadata is read without the lock: no transaction
 * changes it, and a health probe should not wait behind writers.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { LockAbandoned, type Release, RwLock } from './rw-lock.ts';
import { type InnerCall, LocalTransactions, WireError } from './transactions.ts';

export interface LocalDynamoOptions {
  /** Directory for the LevelDB files; in memory when absent. */
  path?: string;
  port?: number;
  host?: string;
  /** The lock to serialise on; tests pass their own to hold it from outside. */
  lock?: RwLock;
}

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const METADATA = new Set(['DescribeTable', 'ListTables', 'DescribeTimeToLive', 'ListTagsOfResource']);
const CONTENT_TYPE = 'application/x-amz-json-1.0';

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const host = options.host ?? '127.0.0.1';
  if (options.path) mkdirSync(options.path, { recursive: true });
  const inner: Server = dynalite({
    ...(options.path ? { path: join(options.path, 'dynalite') } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await listen(inner, 0, host);

  const lock = options.lock ?? new RwLock();
  const transactions = new LocalTransactions(callInner(inner), lock, options.path ? join(options.path, 'txn-journal.json') : undefined);
  await transactions.recover();

  const front = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    // Listen before queueing: a client that hangs up while queued fires 'close'
    // then, and a listener added only once the lock is granted would never hear it.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
      const run = operation === 'TransactWriteItems' ? transactions.transactWrite : transactions.transactGet;
      void handleTransaction(req, res, (body) => run.call(transactions, body, gone.signal), gone.signal);
      return;
    }
    if (METADATA.has(operation)) {
      inner.emit('request', req, res);
      return;
    }
    void passThrough(READS.has(operation) ? lock.acquireRead(gone.signal) : lock.acquireWrite(gone.signal), gone.signal, () => inner.emit('request', req, res));
  });
  front.keepAliveTimeout = 30_000;
  await listen(front, options.port ?? 0, host);
  const endpoint = `http://${host}:${(front.address() as AddressInfo).port}`;

  return {
    endpoint,
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await new Promise<void>((resolve, reject) => inner.close((err?: Error) => (err ? reject(err) : resolve())));
    },
  };
}

/**
 * Hands the request to dynalite once the lock is granted, and gives the lock
 * back when the response closes (sent, or the client gone). A request whose
 * client left while it was queued was refused the lock and has nothing to give back.
 */
async function passThrough(granted: Promise<Release>, gone: AbortSignal, forward: () => void): Promise<void> {
  let release: Release;
  try {
    release = await granted;
  } catch (err) {
    if (err instanceof LockAbandoned) return;
    throw err;
  }
  // Granted in the same turn the client left: nothing to answer, give it straight back.
  if (gone.aborted) return release();
  gone.addEventListener('abort', release, { once: true });
  try {
    forward();
  } catch {
    release();
  }
}

async function handleTransaction(req: IncomingMessage, res: ServerResponse, run: (body: string) => Promise<unknown>, gone: AbortSignal) {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    // The client hung up mid-request: nothing was queued, nothing to answer.
    return;
  }
  let status = 200;
  let body: unknown;
  try {
    body = await run(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    // The client has gone: still queued, the transaction never ran; either way there is no one to tell.
    if (err instanceof LockAbandoned || gone.aborted) return;
    if (err instanceof WireError) {
      status = err.status;
      body = err.body;
    } else if (err instanceof SyntaxError) {
      status = 400;
      body = { __type: 'com.amazon.coral.service#SerializationException', message: err.message };
    } else {
      status = 500;
      body = { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String((err as Error)?.message ?? err) };
    }
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': 'local' });
  res.end(text);
}

/**
 * The transactions' own reads and writes, handed to dynalite's request
 * handler in this process rather than over a loopback socket: dynalite
 * validates and answers them exactly as it answers a client, and each
 * transaction makes two such calls per action, so a socket each (a fetch,
 * HTTP parsing on both sides) was much of a transaction's cost.
 * dynalite checks that a signature is present and well formed, not that it is valid.
 */
function callInner(inner: Server): InnerCall {
  return (operation, body) =>
    new Promise((resolve, reject) => {
      const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      const req = Object.assign(new EventEmitter(), {
        method: 'POST',
        url: '/',
        headers: {
          'content-type': CONTENT_TYPE,
          'x-amz-target': `DynamoDB_20120810.${operation}`,
          'x-amz-date': amzDate,
          authorization: `AWS4-HMAC-SHA256 Credential=local/${amzDate.slice(0, 8)}/local/dynamodb/aws4_request, SignedHeaders=host, Signature=00`,
        },
      });
      // The part of a ServerResponse dynalite's handler uses.
      const res = {
        statusCode: 200,
        contentType: CONTENT_TYPE,
        setHeader() {},
        end(text?: string) {
          try {
            // biome-ignore lint/suspicious/noExplicitAny: DynamoDB's wire JSON, passed through
            const json = (text ? JSON.parse(text) : {}) as Record<string, any>;
            if (res.statusCode >= 400) reject(new WireError(res.statusCode, json));
            else resolve(json);
          } catch (err) {
            reject(err);
          }
        },
      };
      inner.emit('request', req, res);
      req.emit('data', Buffer.from(JSON.stringify(body)));
      req.emit('end');
    });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
