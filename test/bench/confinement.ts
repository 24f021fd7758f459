/**
 * What confining a request to its tenant costs (shared/store/scope.ts): the
 * key check and client lookup on every call (a hit), and a tenant's first
 * call in a container (a miss: its client is made). Against plain GetItem
 * calls on the same table in the same process. In AWS a miss also assumes
 * the tenant data role — one STS call per tenant per container every 15
 * minutes — which cannot be measured offline.
 */
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { withinTenant } from '../../shared/store/scope.ts';
import { Store } from '../../shared/store/store.ts';

const N = Number(process.env.BENCH_N ?? 400);

async function timed(n: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) await call(i);
  return (performance.now() - started) / n;
}

export async function confinementBench(): Promise<void> {
  const local = await startLocalDynamo();
  try {
    const tableName = 'confinement-bench';
    const client = createDynamoClient({ tableName, endpoint: local.endpoint });
    await ensureTable(client, tableName);
    const plain = new Store(tableName, client);
    const confined = new Store(tableName, createDynamoClient({ tableName, endpoint: local.endpoint })).confineWith(() =>
      createDynamoClient({ tableName, endpoint: local.endpoint }),
    );
    const tenants = Array.from({ length: 50 }, (_, i) => `bench-${i}`);
    for (const t of tenants) await plain.put({ pk: `T#${t}#X`, sk: 'X', v: 1 });
    const key = (i: number) => ({ pk: `T#${tenants[i % tenants.length]}#X`, sk: 'X' });
    // Warm both paths, then measure alternately so drift hits both alike.
    await timed(50, (i) => plain.get(key(i)));
    const base: number[] = [];
    const hit: number[] = [];
    for (let round = 0; round < 3; round++) {
      base.push(await timed(N, (i) => plain.get(key(i))));
      hit.push(await timed(N, (i) => withinTenant(tenants[i % tenants.length]!, () => confined.get(key(i)))));
    }
    // A miss: a tenant this container has not served yet.
    const fresh = new Store(tableName, createDynamoClient({ tableName, endpoint: local.endpoint })).confineWith(() =>
      createDynamoClient({ tableName, endpoint: local.endpoint }),
    );
    const miss = await timed(tenants.length, (i) => withinTenant(tenants[i]!, () => fresh.get(key(i))));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const b = median(base);
    console.log('\nTenant confinement: ms per GetItem on the local store (median of 3 rounds)');
    console.table([
      { path: 'unconfined (baseline)', ms: b.toFixed(3), ratio: '1.00' },
      { path: 'confined, client cached (hit)', ms: median(hit).toFixed(3), ratio: (median(hit) / b).toFixed(2) },
      { path: 'confined, first call of a tenant (miss, no STS offline)', ms: miss.toFixed(3), ratio: (miss / b).toFixed(2) },
    ]);
  } finally {
    await local.close();
  }
}
