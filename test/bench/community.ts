/**
 * Community station benchmarks on the local store, each against a baseline
 * measured in the same process:
 *
 * 1. Registration of a floating resident (`POST /v1/cases`, the collector
 *    in the field): calls and write units per registration, and time —
 *    against bare Hono writing the very items one registration writes in
 *    one TransactWriteItems.
 * 2. Look-up by identity number (`POST /v1/community/persons/lookup`,
 *    through the blind index) — against a bare GetItem.
 * 3. The figures over BENCH_RESIDENTS (5,000) registered residents
 *    (`GET /v1/community/statistics`) — against the least a count from the
 *    records themselves must read: a bare paged Query over every living
 *    registration.
 */
import { randomBytes } from 'node:crypto';
import { GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { createApp } from '../../shared/http/app.ts';
import { checkCharacter } from '../../shared/kinds/community/identity/identity-number.ts';
import { caseKeys } from '../../shared/pipeline/keys.ts';
import { configFromEnv } from '../../shared/platform/config.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';
import { seedDemoTenants } from '../../shared/platform/seed.ts';
import { createPlatform } from '../../shared/platform/services.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 5_000);
const CONCURRENCY = 4;
const AREAS = ['north', 'south', 'east'];
const PROVINCES = ['甘肃', '青海', '四川', '河南', '陕西', '宁夏'];

const table = (title: string, rows: Array<Record<string, string | number>>) => {
  console.log(`\n${title}`);
  console.table(rows);
};
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : '—');
const perCall = (calls: Record<string, number>, n: number) =>
  Object.entries(calls)
    .map(([c, v]) => `${c} ${(v / n).toFixed(1)}`)
    .join(', ');

async function parallel(n: number, fire: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await fire(next++);
    }),
  );
}

/** A valid identity number, distinct for each i: 4,500 dates of birth (1960–2009), then the sequence number. */
function idNumber(i: number): string {
  const d = i % 4500;
  const born = `${1960 + (d % 50)}${String(1 + (Math.floor(d / 50) % 9)).padStart(2, '0')}${10 + Math.floor(d / 450)}`;
  const first17 = `630104${born}${String(Math.floor(i / 4500)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export async function communityBench() {
  const dynamo = await startLocalDynamo();
  const client = createDynamoClient({ tableName: 'community-bench', endpoint: dynamo.endpoint });
  await ensureTable(client, 'community-bench');
  await ensureTable(client, 'community-baseline');
  const store = new Store('community-bench', client);
  const baseline = new Store('community-baseline', createDynamoClient({ tableName: 'community-baseline', endpoint: dynamo.endpoint }));
  const jwtSecret = randomBytes(32).toString('base64url');
  const platform = createPlatform(
    configFromEnv({
      TABLE_NAME: 'community-bench',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_HS256_SECRET: jwtSecret,
      CURSOR_SECRET: 'b',
      DATA_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      TENANT_RATE_LIMIT_PER_SECOND: '1000000',
      TENANT_RATE_LIMIT_BURST: '1000000',
    }),
    { store },
  );
  await seedDemoTenants(platform);
  const tenant = (await platform.tenants.get('demo-community'))!;
  const app = createApp(platform);
  const collector = await signDevToken(jwtSecret, { sub: 'collector-bench', tenant: tenant.id, roles: ['collector'], scopes: { area: AREAS } });
  const stationToken = await signDevToken(jwtSecret, { sub: 'station-01', tenant: tenant.id, roles: ['station'] });

  let sample: Array<Record<string, any>> = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: Array<Record<string, any>> };
      if (input.TransactItems && sample.length === 0) sample = structuredClone(input.TransactItems);
      return next(args);
    },
    { step: 'serialize', priority: 'low', name: 'communityBenchSample' },
  );
  const register = async (i: number) => {
    const res = await app.request('/v1/cases', {
      method: 'POST',
      body: JSON.stringify({
        type: 'registration',
        input: {
          name: `住户${i}`,
          idNumber: idNumber(i),
          phone: `139${String(10_000_000 + i).slice(-8)}`,
          origin: { province: PROVINCES[i % PROVINCES.length], city: '某市', county: '某县' },
          address: `${AREAS[i % 3]} ${i} 号`,
          area: AREAS[i % 3],
          arrivedOn: '2026-09-01',
          intendedStayMonths: 12,
          marital: i % 2 ? 'married' : 'single',
          document: 'id-card',
        },
      }),
      headers: { authorization: `Bearer ${collector}`, 'content-type': 'application/json', 'idempotency-key': `community-bench-${i}` },
    });
    if (res.status !== 201) throw new Error(`registration ${i} answered ${res.status}: ${await res.text()}`);
  };

  // 1. Registration against the bare transaction of the same items.
  await register(0);
  const bare = new Hono();
  bare.post('/tx', async (c) => {
    await c.req.json();
    const suffix = randomBytes(8).toString('hex');
    const items = sample.map((a) => {
      const [kind, op] = Object.entries(a)[0] as [string, Record<string, any>];
      if (kind === 'Put') return { Put: { ...op, TableName: 'community-baseline', Item: { ...op.Item, pk: { S: `${op.Item.pk.S}#${suffix}` } } } };
      return { [kind]: { ...op, TableName: 'community-baseline', Key: { ...op.Key, pk: { S: `${op.Key.pk.S}#${suffix}` } } } };
    });
    await baseline.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    return c.json({ suffix }, 201);
  });
  const bareTx = async () => {
    const res = await bare.request('/tx', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    if (res.status !== 201) throw new Error('bare transaction failed');
  };
  const N = 200;
  for (let i = 0; i < 20; i++) await bareTx();
  store.resetMetrics();
  let t0 = performance.now();
  await parallel(N, (i) => register(1 + i));
  const regMs = performance.now() - t0;
  const reg = { ...store.metrics, calls: { ...store.metrics.calls } };
  t0 = performance.now();
  await parallel(N, bareTx);
  const bareMs = performance.now() - t0;
  table(`Registration of a floating resident (${N} registrations, ${CONCURRENCY} at a time; ${sample.length} items per transaction)`, [
    {
      path: 'POST /v1/cases (registration)',
      'req/s': Math.round((N / regMs) * 1000),
      'calls per registration': perCall(reg.calls, N),
      'write units per registration': (reg.writeUnits / N).toFixed(1),
      'time vs bare transaction': ratio(regMs, bareMs),
    },
    {
      path: 'baseline: bare Hono, the same items in one TransactWriteItems',
      'req/s': Math.round((N / bareMs) * 1000),
      'calls per registration': 'TransactWriteItems 1.0',
      'write units per registration': 'the same items',
      'time vs bare transaction': '1.00',
    },
  ]);

  // 2. Look-up by identity number against a bare GetItem.
  const L = 500;
  const lookup = async (i: number) => {
    const res = await app.request('/v1/community/persons/lookup', {
      method: 'POST',
      body: JSON.stringify({ idNumber: idNumber(1 + (i % N)) }),
      headers: { authorization: `Bearer ${stationToken}`, 'content-type': 'application/json' },
    });
    if (res.status !== 200) throw new Error(`lookup answered ${res.status}`);
  };
  const key = { pk: { S: (sample[0] as { Put: { Item: { pk: { S: string } } } }).Put.Item.pk.S }, sk: { S: 'CASE' } };
  const bareGet = () => store.client.send(new GetItemCommand({ TableName: 'community-bench', Key: key }));
  for (let i = 0; i < 50; i++) await lookup(i);
  store.resetMetrics();
  t0 = performance.now();
  await parallel(L, lookup);
  const lookupMs = performance.now() - t0;
  const looked = { ...store.metrics, calls: { ...store.metrics.calls } };
  t0 = performance.now();
  await parallel(L, bareGet);
  const getMs = performance.now() - t0;
  table(`Look-up by identity number (${L} look-ups, ${CONCURRENCY} at a time)`, [
    {
      path: 'POST /v1/community/persons/lookup',
      'req/s': Math.round((L / lookupMs) * 1000),
      calls: perCall(looked.calls, L),
      'vs bare GetItem': ratio(lookupMs, getMs),
    },
    { path: 'baseline: bare GetItem', 'req/s': Math.round((L / getMs) * 1000), calls: 'GetItem 1.0', 'vs bare GetItem': '1.00' },
  ]);

  // 3. The figures over many residents against a bare read of every registration.
  await parallel(Math.max(0, RESIDENTS - N - 1), (i) => register(N + 1 + i));
  const figures = async () => {
    const res = await app.request('/v1/community/statistics', { headers: { authorization: `Bearer ${stationToken}` } });
    if (res.status !== 200) throw new Error(`statistics answered ${res.status}`);
    return (await res.json()) as { items: Array<{ residents: number }> };
  };
  await figures();
  store.resetMetrics();
  t0 = performance.now();
  const counted = await figures();
  const statsMs = performance.now() - t0;
  const stats = { ...store.metrics, calls: { ...store.metrics.calls } };
  store.resetMetrics();
  t0 = performance.now();
  let startKey: Record<string, unknown> | undefined;
  let read = 0;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: 'community-bench',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :open)',
        ExpressionAttributeValues: { ':pk': caseKeys.queue(tenant.id, 'station'), ':open': 'open#' },
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    read += page.Items?.length ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const scanMs = performance.now() - t0;
  const scan = store.metrics;
  const residents = counted.items.reduce((n, f) => n + f.residents, 0);
  table(`Figures over ${residents.toLocaleString('en')} residents in ${counted.items.length} areas (${read.toLocaleString('en')} open cases in the queue)`, [
    {
      read: 'GET /v1/community/statistics (counters)',
      'wall (ms)': statsMs.toFixed(1),
      calls: perCall(stats.calls, 1),
      'read units': stats.readUnits.toFixed(1),
      'vs bare query': ratio(statsMs, scanMs),
    },
    {
      read: 'baseline: bare paged Query of every living registration',
      'wall (ms)': scanMs.toFixed(1),
      calls: perCall(scan.calls, 1),
      'read units': scan.readUnits.toFixed(1),
      'vs bare query': '1.00',
    },
  ]);
  await dynamo.close();
}
