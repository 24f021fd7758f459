import { randomUUID } from 'node:crypto';
import { createDynamoClient } from '../../shared/store/client.ts';
import { type LocalDynamo, startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';

/*
 * One embedded store per test process, started on first use: test files run
 * in parallel processes, and each one's store work (dynalite is plain
 * JavaScript) runs on its own core instead of queueing in one shared store.
 */
let local: Promise<LocalDynamo> | undefined;

export async function testEndpoint(): Promise<string> {
  local ??= startLocalDynamo();
  return (await local).endpoint;
}

/** A fresh table on this process's local store, named for this test file. */
export async function createTestTable(prefix = 'test'): Promise<{ store: Store; tableName: string; endpoint: string }> {
  const endpoint = await testEndpoint();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const client = createDynamoClient({ tableName, endpoint });
  await ensureTable(client, tableName);
  return { store: new Store(tableName, client), tableName, endpoint };
}

/** Write calls a store has made so far: a refused request must leave this unchanged (every write of the API goes through its store). */
export function writeCalls(store: Store): number {
  let n = 0;
  for (const [name, count] of Object.entries(store.metrics.calls)) if (/^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name)) n += count;
  return n;
}
