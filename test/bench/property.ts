/**
 * Property office benchmarks on the local store, each against a baseline
 * measured in the same process:
 *
 * 1. The month's bills for an estate of BENCH_HOUSEHOLDS (10,000)
 *    households: DynamoDB calls, write units and wall time — against bare
 *    PutItems of one item per household (the least any billing must write).
 * 2. The service-level sweep over BENCH_OPEN_CASES (10,000) open requests:
 *    calls, read units and wall time — against a bare paged Query over the
 *    same queue (the least any sweep must read).
 * 3. The desk's intake (`POST /v1/property/requests` for a household) —
 *    against bare Hono writing the very items one intake writes in one
 *    TransactWriteItems.
 */
import { randomBytes } from 'node:crypto';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { createApp } from '../../shared/http/app.ts';
import { accessFor } from '../../shared/kernel/access.ts';
import { runBilling, setPriceList } from '../../shared/kinds/property/billing/billing.ts';
import { HouseholdRecord } from '../../shared/kinds/property/estate/estate.entity.ts';
import type { PropertyServices } from '../../shared/kinds/property/office.ts';
import { caseKeys } from '../../shared/pipeline/keys.ts';
import { configFromEnv } from '../../shared/platform/config.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';
import { seedDemoTenants } from '../../shared/platform/seed.ts';
import { createPlatform } from '../../shared/platform/services.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 10_000);
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 10_000);
const CONCURRENCY = 4;

const table = (title: string, rows: Array<Record<string, string | number>>) => {
  console.log(`\n${title}`);
  console.table(rows);
};
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : '—');

async function parallel(n: number, fire: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await fire(next++);
    }),
  );
}

export async function propertyBench() {
  const dynamo = await startLocalDynamo();
  const client = createDynamoClient({ tableName: 'property-bench', endpoint: dynamo.endpoint });
  await ensureTable(client, 'property-bench');
  await ensureTable(client, 'property-baseline');
  const store = new Store('property-bench', client);
  const baselineStore = new Store('property-baseline', createDynamoClient({ tableName: 'property-baseline', endpoint: dynamo.endpoint }));
  const jwtSecret = randomBytes(32).toString('base64url');
  const platform = createPlatform(
    configFromEnv({
      TABLE_NAME: 'property-bench',
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
  const tenant = (await platform.tenants.get('demo-property'))!;
  const estate = await platform.tenants.create({ ...tenant, id: 'bench-estate', name: 'Bench estate', createdAt: new Date().toISOString() });
  const o = (platform.services.get('property') as PropertyServices).forTenant(estate);

  // 1. Bills for a large estate.
  const at = new Date().toISOString();
  await parallel(HOUSEHOLDS, (i) => {
    const building = String(1 + Math.floor(i / 400));
    const room = String(1000 + (i % 400));
    return o.records.put(HouseholdRecord, {
      id: `${building}-1-${room}`,
      building,
      unit: '1',
      room,
      area: (60 + (i % 90) + 0.25).toFixed(2),
      propertyType: i % 25 === 0 ? 'shop' : 'residential',
      status: 'occupied',
      people: 1,
      updatedAt: at,
    });
  });
  await setPriceList(o, {
    fees: [
      { code: 'management', name: '物业管理费', perSquareMetre: { residential: '1.80', shop: '3.20' } },
      { code: 'waste', name: '垃圾清运费', fixed: { residential: '10.00', shop: '30.00' } },
    ],
    billingDay: 1,
    dueDays: 15,
    reminders: [],
  });
  store.resetMetrics();
  let t0 = performance.now();
  const run = await runBilling(o, '2026-12-01');
  const billingMs = performance.now() - t0;
  const billing = { ...store.metrics, calls: { ...store.metrics.calls } };
  baselineStore.resetMetrics();
  t0 = performance.now();
  await parallel(HOUSEHOLDS, (i) =>
    baselineStore.doc.send(new PutCommand({ TableName: 'property-baseline', Item: { pk: `T#b#BILL#${i}`, sk: '2026-12', total: '180.00' } })),
  );
  const bareMs = performance.now() - t0;
  store.resetMetrics();
  t0 = performance.now();
  const rerun = await runBilling(o, '2026-12-01');
  const rerunMs = performance.now() - t0;
  const calls = (m: typeof billing) =>
    Object.entries(m.calls)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  table(`Monthly bills for ${HOUSEHOLDS.toLocaleString('en')} households (${run.issued} issued)`, [
    {
      run: 'billing run',
      'wall (s)': (billingMs / 1000).toFixed(1),
      calls: calls(billing),
      'write units': Math.round(billing.writeUnits),
      'vs bare puts': ratio(billingMs, bareMs),
    },
    {
      run: `rerun (${rerun.issued} issued, ${rerun.existing} already billed)`,
      'wall (s)': (rerunMs / 1000).toFixed(1),
      calls: calls(store.metrics),
      'write units': Math.round(store.metrics.writeUnits),
      'vs bare puts': ratio(rerunMs, bareMs),
    },
    {
      run: 'baseline: one bare PutItem per household',
      'wall (s)': (bareMs / 1000).toFixed(1),
      calls: `PutItem ${HOUSEHOLDS}`,
      'write units': HOUSEHOLDS,
      'vs bare puts': '1.00',
    },
  ]);

  // 2. The service-level sweep over many open requests.
  const desk = { sub: 'desk-01', tenantId: tenant.id, roles: ['desk-agent'], scopes: {} };
  const access = accessFor(platform.authority, desk, tenant, { action: 'bench', resource: '*', roles: { 'desk-agent': 'tenant' } });
  await parallel(OPEN_CASES, (i) =>
    platform.cases.submit(access, tenant, { type: 'inquiry', input: { question: `问题 ${i} question`, household: '1-1-101' } }, undefined, {
      requester: 'resident-0101',
      channel: 'phone',
    }),
  );
  // Late enough that every inquiry's promise is past: the first sweep tells of each.
  const later = new Date(Date.now() + 7 * 86_400_000);
  store.resetMetrics();
  t0 = performance.now();
  const first = await platform.cases.sweepSla(tenant, later);
  const sweepMs = performance.now() - t0;
  const sweep = { ...store.metrics, calls: { ...store.metrics.calls } };
  store.resetMetrics();
  t0 = performance.now();
  const second = await platform.cases.sweepSla(tenant, later);
  const quietMs = performance.now() - t0;
  const quiet = { ...store.metrics, calls: { ...store.metrics.calls } };
  store.resetMetrics();
  t0 = performance.now();
  let startKey: Record<string, unknown> | undefined;
  let read = 0;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: 'property-bench',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :open)',
        ExpressionAttributeValues: { ':pk': caseKeys.queue(tenant.id, 'desk'), ':open': 'open#' },
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    read += page.Items?.length ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const scanMs = performance.now() - t0;
  const scan = store.metrics;
  table(`Service-level sweep over ${read.toLocaleString('en')} open requests`, [
    {
      sweep: `first (${first.notices} notices to ${first.cases} cases)`,
      'wall (s)': (sweepMs / 1000).toFixed(1),
      calls: calls(sweep),
      'read units': Math.round(sweep.readUnits),
      'write units': Math.round(sweep.writeUnits),
      'vs bare query': ratio(sweepMs, scanMs),
    },
    {
      sweep: `again (${second.notices} notices)`,
      'wall (s)': (quietMs / 1000).toFixed(1),
      calls: calls(quiet),
      'read units': Math.round(quiet.readUnits),
      'write units': Math.round(quiet.writeUnits),
      'vs bare query': ratio(quietMs, scanMs),
    },
    {
      sweep: 'baseline: bare paged Query of the open queue',
      'wall (s)': (scanMs / 1000).toFixed(1),
      calls: calls(scan),
      'read units': Math.round(scan.readUnits),
      'write units': 0,
      'vs bare query': '1.00',
    },
  ]);

  // 3. The desk's intake against the bare transaction of the same items.
  const app = createApp(platform);
  const token = await signDevToken(jwtSecret, { sub: 'desk-01', tenant: tenant.id, roles: ['desk-agent'] });
  const body = JSON.stringify({
    type: 'repair',
    household: '1-1-101',
    channel: 'phone',
    input: { category: 'plumbing', description: '厨房水管漏水 kitchen pipe leaking' },
  });
  let sample: Array<Record<string, any>> = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: Array<Record<string, any>> };
      if (input.TransactItems && sample.length === 0) sample = structuredClone(input.TransactItems);
      return next(args);
    },
    { step: 'serialize', priority: 'low', name: 'propertyBenchSample' },
  );
  let k = 0;
  const intake = async () => {
    const res = await app.request('/v1/property/requests', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `desk-bench-${++k}` },
    });
    if (res.status !== 201) throw new Error(`desk intake answered ${res.status}`);
  };
  await intake();
  const bare = new Hono();
  bare.post('/tx', async (c) => {
    await c.req.json();
    const suffix = randomBytes(8).toString('hex');
    const items = sample.map((a) => ({
      Put: { ...a.Put, TableName: 'property-baseline', Item: { ...a.Put.Item, pk: { S: `${a.Put.Item.pk.S}#${suffix}` } } },
    }));
    await baselineStore.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    return c.json({ suffix }, 201);
  });
  const bareTx = async () => {
    const res = await bare.request('/tx', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    if (res.status !== 201) throw new Error('bare transaction failed');
  };
  const N = 200;
  for (let i = 0; i < 20; i++) await intake();
  for (let i = 0; i < 20; i++) await bareTx();
  store.resetMetrics();
  t0 = performance.now();
  await parallel(N, intake);
  const deskMs = performance.now() - t0;
  const deskCalls = { ...store.metrics.calls };
  t0 = performance.now();
  await parallel(N, bareTx);
  const bareTxMs = performance.now() - t0;
  table(`Desk intake for a household (${N} requests, ${CONCURRENCY} at a time; ${sample.length} items per transaction)`, [
    {
      path: 'POST /v1/property/requests',
      'req/s': Math.round((N / deskMs) * 1000),
      'calls per intake': Object.entries(deskCalls)
        .map(([c, v]) => `${c} ${(v / N).toFixed(1)}`)
        .join(', '),
      'time vs bare transaction': ratio(deskMs, bareTxMs),
    },
    {
      path: 'baseline: bare Hono, the same items in one TransactWriteItems',
      'req/s': Math.round((N / bareTxMs) * 1000),
      'calls per intake': 'TransactWriteItems 1.0',
      'time vs bare transaction': '1.00',
    },
  ]);
  await dynamo.close();
}
