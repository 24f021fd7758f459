/**
 * Campus post office benchmarks: check-in and release through the API on
 * the local store (round trips and capacity per operation), and a start-of-
 * term peak of 2,000 parcels checked in at once (throughput, p99).
 */

import { randomBytes } from 'node:crypto';
import { createApp } from '../../shared/http/app.ts';
import type { CampusServices } from '../../shared/kinds/campus-post/office.ts';
import { uncollected } from '../../shared/kinds/campus-post/parcels/parcels.ts';
import { configFromEnv } from '../../shared/platform/config.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';
import { seedDemoTenants } from '../../shared/platform/seed.ts';
import { createPlatform } from '../../shared/platform/services.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';

const table = (title: string, rows: Array<Record<string, string | number>>) => {
  console.log(`\n${title}`);
  console.table(rows);
};

export async function campusBench() {
  const dynamo = await startLocalDynamo();
  const client = createDynamoClient({ tableName: 'campus-bench', endpoint: dynamo.endpoint });
  await ensureTable(client, 'campus-bench');
  const store = new Store('campus-bench', client);
  const jwtSecret = randomBytes(32).toString('base64url');
  const platform = createPlatform(
    configFromEnv({
      TABLE_NAME: 'campus-bench',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_HS256_SECRET: jwtSecret,
      CURSOR_SECRET: 'b',
      DATA_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    }),
    { store },
  );
  await seedDemoTenants(platform);
  const app = createApp(platform);
  const token = await signDevToken(jwtSecret, { sub: 'worker-01', tenant: 'demo-campus-post', roles: ['student-worker'] });
  let n = 0;
  const checkIn = async () => {
    const t0 = performance.now();
    const res = await app.request('/v1/campus/parcels', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        tracking: `BENCH${String(++n).padStart(12, '0')}`,
        carrier: 'SF',
        recipient: { number: '2026001' },
        shelf: 'A-01',
        size: 'small',
      }),
    });
    if (res.status !== 201) throw new Error(`check-in answered ${res.status}`);
    return { ms: performance.now() - t0, body: (await res.json()) as { code: string } };
  };

  // Cost per operation.
  const parcels = [];
  for (let i = 0; i < 20; i++) parcels.push((await checkIn()).body);
  store.resetMetrics();
  for (let i = 0; i < 50; i++) parcels.push((await checkIn()).body);
  const checkInCost = { ...store.metrics, calls: { ...store.metrics.calls } };
  store.resetMetrics();
  for (const p of parcels.slice(20)) {
    const res = await app.request('/v1/campus/parcels/release', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: p.code, last4: '1111' }),
    });
    if (res.status !== 200) throw new Error(`release answered ${res.status}`);
  }
  const releaseCost = store.metrics;
  const per = (m: typeof store.metrics, op: string) => ((m.calls[op] ?? 0) / 50).toFixed(2);
  table('Parcel check-in and release through the API (50 each)', [
    { measure: 'TransactWriteItems', 'check-in': per(checkInCost, 'TransactWriteItems'), release: per(releaseCost, 'TransactWriteItems') },
    { measure: 'GetItem', 'check-in': per(checkInCost, 'GetItem'), release: per(releaseCost, 'GetItem') },
    { measure: 'Query', 'check-in': per(checkInCost, 'Query'), release: per(releaseCost, 'Query') },
    { measure: 'write units (table, reported)', 'check-in': (checkInCost.writeUnits / 50).toFixed(2), release: (releaseCost.writeUnits / 50).toFixed(2) },
    { measure: 'read units (reported)', 'check-in': (checkInCost.readUnits / 50).toFixed(2), release: (releaseCost.readUnits / 50).toFixed(2) },
  ]);

  // Start-of-term peak: 2,000 parcels as fast as eight counters can scan them.
  const PEAK = Number(process.env.BENCH_PEAK ?? 2000);
  const latencies: number[] = [];
  const t0 = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (issued++ < PEAK) latencies.push((await checkIn()).ms);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const campus = (platform.services.get('campus-post') as CampusServices).forTenant((await platform.tenants.get('demo-campus-post'))!);
  const codes = (await uncollected(campus)).map((p) => p.code);
  if (new Set(codes).size !== codes.length) throw new Error('pickup codes collided');
  table(`Start-of-term peak: ${PEAK} check-ins at concurrency 8 (the hour's target: ${(PEAK / 3600).toFixed(2)}/s)`, [
    { measure: 'check-ins per second', value: (PEAK / seconds).toFixed(0) },
    { measure: 'p50 ms', value: latencies[Math.floor(latencies.length * 0.5)]!.toFixed(1) },
    { measure: 'p99 ms', value: latencies[Math.floor(latencies.length * 0.99)]!.toFixed(1) },
    { measure: 'wall s', value: seconds.toFixed(1) },
    { measure: 'uncollected parcels, all codes distinct', value: codes.length },
  ]);
  await dynamo.close();
}
