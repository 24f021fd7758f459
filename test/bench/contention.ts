/**
 * Whether reads still get through the local store while transactions pour
 * in: eight writers send TransactWriteItems back to back while one reader
 * times GetItem and another times DescribeTable (the probe a health check
 * makes of the store). The baseline is the same reads on the idle store, in
 * the same process; the figure that matters is loaded p99 over idle p99.
 */
import { DescribeTableCommand, type DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';

const WRITERS = 8;
const IDLE_MS = 2000;
const WRITERS_ALONE_MS = 2000;
const LOADED_MS = 5000;
const TARGET_RATIO = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Calls `call` back to back until the deadline; each call's latency in ms. */
async function loop(until: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; performance.now() < until; i++) {
    const t0 = performance.now();
    await call(i);
    latencies.push(performance.now() - t0);
  }
  return latencies.sort((a, b) => a - b);
}

export async function contentionBench(): Promise<void> {
  const local = await startLocalDynamo();
  try {
    const tableName = 'contention-bench';
    // One client per role, so a reader never waits for a writer's socket in the SDK.
    const client = () => createDynamoClient({ tableName, endpoint: local.endpoint });
    const admin = client();
    await ensureTable(admin, tableName);
    const readKey = { pk: { S: 'T#bench#READ' }, sk: { S: 'X' } };
    await admin.send(new PutItemCommand({ TableName: tableName, Item: { ...readKey, note: { S: 'read me' } } }));

    const reads = (until: number) => {
      const getter = client();
      const prober = client();
      return Promise.all([
        loop(until, () => getter.send(new GetItemCommand({ TableName: tableName, Key: readKey, ConsistentRead: true }))),
        loop(until, () => prober.send(new DescribeTableCommand({ TableName: tableName }))),
      ]);
    };
    // What one intake writes: a few records and a counter, all or nothing.
    const writers = (until: number) =>
      Promise.all(
        Array.from({ length: WRITERS }, (_, w) => {
          const writer: DynamoDBClient = client();
          const counter = { pk: { S: `T#bench#W${w}` }, sk: { S: 'COUNTER' } };
          return loop(until, (i) =>
            writer.send(
              new TransactWriteItemsCommand({
                TransactItems: [
                  ...[0, 1, 2].map((j) => ({
                    Put: { TableName: tableName, Item: { pk: { S: `T#bench#W${w}` }, sk: { S: `LOG#${i}#${j}` }, body: { S: 'x'.repeat(200) } } },
                  })),
                  {
                    Update: {
                      TableName: tableName,
                      Key: counter,
                      UpdateExpression: 'ADD n :one',
                      ExpressionAttributeValues: { ':one': { N: '1' } },
                    },
                  },
                ],
              }),
            ),
          );
        }),
      ).then((runs) => runs.reduce((n, r) => n + r.length, 0));

    await reads(performance.now() + 300);
    const [idleGet, idleProbe] = await reads(performance.now() + IDLE_MS);
    const aloneCount = await writers(performance.now() + WRITERS_ALONE_MS);
    const loadedUntil = performance.now() + LOADED_MS;
    const started = performance.now();
    const [loadedCount, [loadedGet, loadedProbe]] = await Promise.all([writers(loadedUntil), reads(loadedUntil)]);
    // A starved reader finishes only once the writers stop, so time the writers on the wall clock.
    const loadedSeconds = (performance.now() - started) / 1000;

    const row = (name: string, idle: number[], loaded: number[]) => {
      const ratio = percentile(loaded, 99) / percentile(idle, 99);
      return {
        reads: name,
        'idle n': idle.length,
        'idle p50 ms': percentile(idle, 50).toFixed(2),
        'idle p99 ms': percentile(idle, 99).toFixed(2),
        'loaded n': loaded.length,
        'loaded p50 ms': percentile(loaded, 50).toFixed(2),
        'loaded p99 ms': percentile(loaded, 99).toFixed(2),
        'p99 loaded / idle': `${ratio.toFixed(1)}x${ratio <= TARGET_RATIO ? '' : ` (over ${TARGET_RATIO}x)`}`,
      };
    };
    console.log(`\nReads while ${WRITERS} writers send 4-action TransactWriteItems back to back (baseline: the same reads on the idle store)`);
    console.table([row('GetItem (consistent)', idleGet, loadedGet), row('DescribeTable (health probe)', idleProbe, loadedProbe)]);
    console.table([
      { writers: `${WRITERS} alone`, 'transactions/s': (aloneCount / (WRITERS_ALONE_MS / 1000)).toFixed(0) },
      { writers: `${WRITERS} beside the readers`, 'transactions/s': (loadedCount / loadedSeconds).toFixed(0) },
    ]);
  } finally {
    await local.close();
  }
}
