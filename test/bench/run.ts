/**
 * `npm run bench`: measures, against a baseline run in the same process.
 *
 * 1. Intake of a repair request through the HTTP app on the local store:
 *    DynamoDB round trips and write units per intake, requests/second,
 *    p50/p99 latency — against a bare Hono app doing one PutItem.
 * 2. Cold start of the bundled API handler (import + first request) and its
 *    bundle size — against a bare Hono API with the DynamoDB document client
 *    and zod (test/bench/baseline.ts) bundled the same way, and a hello-world.
 * 3. Reads on the local store while eight writers send transactions back to
 *    back — against the same reads on the idle store (contention.ts).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { build, type Plugin } from 'esbuild';
import { Hono } from 'hono';
import { BUNDLE_ALIASES, BUNDLE_BUDGET_BYTES, BUNDLE_EXTERNALS, BUNDLE_PARTS, BUNDLING, NODE_OPTIONS, partsDefine } from '../../infra/functions.ts';
import { createApp } from '../../shared/http/app.ts';
import { configFromEnv } from '../../shared/platform/config.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';
import { seedDemoTenants } from '../../shared/platform/seed.ts';
import { createPlatform } from '../../shared/platform/services.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';
import { campusBench } from './campus.ts';
import { communityBench } from './community.ts';
import { confinementBench } from './confinement.ts';
import { contentionBench } from './contention.ts';
import { fanoutBench } from './fanout.ts';
import { CapacityMeter } from './item-size.ts';
import { ledgerBench } from './ledger.ts';
import { ncmsBench } from './ncms.ts';
import { propertyBench } from './property.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'error';

const ROOT = resolve(import.meta.dirname, '../..');
const N = Number(process.env.BENCH_N ?? 400);
const CONCURRENCY = 4;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(n: number, fire: (i: number) => Promise<number>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        const status = await fire(i);
        if (status >= 300) throw new Error(`request ${i} answered ${status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function table(title: string, rows: Array<Record<string, string | number>>) {
  console.log(`\n${title}`);
  console.table(rows);
}

async function intakeBench() {
  const dynamo = await startLocalDynamo();
  const client = createDynamoClient({ tableName: 'bench', endpoint: dynamo.endpoint });
  await ensureTable(client, 'bench');
  await ensureTable(client, 'baseline');
  const jwtSecret = randomBytes(32).toString('base64url');
  const config = configFromEnv({
    TABLE_NAME: 'bench',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    JWT_HS256_SECRET: jwtSecret,
    CURSOR_SECRET: 'bench',
    DATA_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  const store = new Store('bench', client);
  const platform = createPlatform(config, { store });
  await seedDemoTenants(platform);
  const app = createApp(platform);
  const token = await signDevToken(jwtSecret, { sub: 'resident-0101', tenant: 'demo-property', roles: ['resident'] });

  // Cost every write the way DynamoDB would bill it (the local store reports table units only).
  const reader = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const meter = new CapacityMeter(
    async (key) => (await reader.send(new GetItemCommand({ TableName: 'bench', Key: marshall(key), ConsistentRead: true }))).Item,
  );
  meter.install(client);

  const body = JSON.stringify({
    type: 'repair',
    input: {
      category: 'plumbing',
      description: '厨房水管漏水 kitchen pipe leaking under the sink',
      location: { building: '3', unit: '2', room: '501' },
      contactPhone: '13812345678',
    },
  });
  const intake = (i: number) =>
    Promise.resolve(
      app.request('/v1/cases', {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `bench-${Date.now()}-${i}` },
      }),
    ).then((r) => r.status);

  const baselineDoc = new Store('baseline', createDynamoClient({ tableName: 'baseline', endpoint: dynamo.endpoint })).doc;
  const bare = new Hono();
  bare.post('/v1/items', async (c) => {
    const item = await c.req.json();
    const id = randomBytes(13).toString('hex');
    await baselineDoc.send(new PutCommand({ TableName: 'baseline', Item: { pk: `T#demo#ITEM#${id}`, sk: 'ITEM', ...item } }));
    return c.json({ id }, 201);
  });
  const baseline = (_i: number) =>
    Promise.resolve(bare.request('/v1/items', { method: 'POST', body, headers: { 'content-type': 'application/json' } })).then((r) => r.status);

  // A second baseline separates the local store's transaction cost from the platform's:
  // bare Hono writing the very items one intake writes, in one TransactWriteItems.
  let sample: Array<Record<string, any>> = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: Array<Record<string, any>> };
      if (input.TransactItems && sample.length === 0) sample = structuredClone(input.TransactItems);
      return next(args);
    },
    { step: 'serialize', priority: 'low', name: 'benchSample' },
  );
  await intake(-1);
  bare.post('/v1/transact', async (c) => {
    await c.req.json();
    const suffix = randomBytes(8).toString('hex');
    const items = sample.map((a) => ({ Put: { ...a.Put, TableName: 'baseline', Item: { ...a.Put.Item, pk: { S: `${a.Put.Item.pk.S}#${suffix}` } } } }));
    await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    return c.json({ suffix }, 201);
  });
  const baselineTx = (_i: number) =>
    Promise.resolve(bare.request('/v1/transact', { method: 'POST', body, headers: { 'content-type': 'application/json' } })).then((r) => r.status);

  await load(50, intake);
  await load(50, baseline);
  await load(50, baselineTx);
  const rounds = [];
  for (let round = 0; round < 2; round++) {
    const b = await load(N, baseline);
    const bt = await load(N, baselineTx);
    store.resetMetrics();
    const a = await load(N, intake);
    rounds.push({ a, b, bt, calls: { ...store.metrics.calls }, reportedWcu: store.metrics.writeUnits });
  }
  // What an intake costs, measured apart from the timed rounds.
  const COSTED = 20;
  meter.reset();
  meter.enabled = true;
  for (let i = 0; i < COSTED; i++) await intake(1_000_000 + i);
  meter.enabled = false;
  const cost = { table: meter.table / COSTED, indexes: meter.indexes / COSTED };
  const best = rounds.reduce((x, y) => (y.a.rps / y.b.rps > x.a.rps / x.b.rps ? y : x));
  const per = (n: number) => (n / N).toFixed(2);
  table(`Intake (${N} requests, concurrency ${CONCURRENCY}, best of 2 rounds)`, [
    { run: 'baseline: bare Hono + one PutItem', 'req/s': best.b.rps.toFixed(0), 'p50 ms': best.b.p50.toFixed(2), 'p99 ms': best.b.p99.toFixed(2) },
    { run: 'repair intake (POST /v1/cases)', 'req/s': best.a.rps.toFixed(0), 'p50 ms': best.a.p50.toFixed(2), 'p99 ms': best.a.p99.toFixed(2) },
    {
      run: `baseline: bare Hono + the intake's ${sample.length}-item transaction`,
      'req/s': best.bt.rps.toFixed(0),
      'p50 ms': best.bt.p50.toFixed(2),
      'p99 ms': best.bt.p99.toFixed(2),
    },
    {
      run: 'ratio intake / PutItem baseline',
      'req/s': (best.a.rps / best.b.rps).toFixed(2),
      'p50 ms': (best.a.p50 / best.b.p50).toFixed(2),
      'p99 ms': (best.a.p99 / best.b.p99).toFixed(2),
    },
    {
      run: 'ratio intake / transaction baseline',
      'req/s': (best.a.rps / best.bt.rps).toFixed(2),
      'p50 ms': (best.a.p50 / best.bt.p50).toFixed(2),
      'p99 ms': (best.a.p99 / best.bt.p99).toFixed(2),
    },
  ]);
  table('DynamoDB cost per intake', [
    ...Object.entries(best.calls).map(([op, n]) => ({ measure: `round trips: ${op}`, 'per intake': per(n) })),
    { measure: 'write units reported by the local store (table only)', 'per intake': per(best.reportedWcu) },
    { measure: 'write units DynamoDB would bill: table', 'per intake': cost.table.toFixed(2) },
    { measure: 'write units DynamoDB would bill: indexes', 'per intake': cost.indexes.toFixed(2) },
  ]);
  await lifecycleCost(app, platform, store, jwtSecret, meter);
  await dynamo.close();
}

/**
 * DynamoDB cost of one repair from intake to closed, notifications delivered:
 * the figure the README's cost sketch multiplies out.
 */
async function lifecycleCost(
  app: ReturnType<typeof createApp>,
  platform: ReturnType<typeof createPlatform>,
  store: Store,
  jwtSecret: string,
  meter: CapacityMeter,
) {
  const sign = (sub: string, roles: string[], scopes?: Record<string, string[]>) => signDevToken(jwtSecret, { sub, tenant: 'demo-property', roles, scopes });
  const [resident, desk, tech] = await Promise.all([
    sign('resident-0101', ['resident']),
    sign('desk-01', ['desk-agent']),
    sign('tech-01', ['team-member'], { team: ['maintenance'] }),
  ]);
  const call = (token: string, path: string, body: unknown, key?: string) =>
    Promise.resolve(
      app.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      }),
    );
  const M = 20;
  for (let i = 0; i < 20; i++) await platform.dispatcher.drain('demo-property', 100);
  // Two ways a repair goes: the technician the dispatch picked works it, or another of the team takes it over
  // (which moves the open-work counters twice more).
  const measure = async (takeover: boolean) => {
    store.resetMetrics();
    meter.reset();
    meter.enabled = true;
    for (let i = 0; i < M; i++) {
      const created = await (
        await call(
          resident,
          '/v1/cases',
          { type: 'repair', input: { category: 'plumbing', description: 'leaking tap in the kitchen', location: { building: '3', room: '501' } } },
          `life-${takeover}-${Date.now()}-${i}`,
        )
      ).json();
      const id = (created as { id: string }).id;
      const dispatched = (await (await call(desk, `/v1/cases/${id}/transitions`, { action: 'dispatch', input: { team: 'maintenance' } })).json()) as {
        assignee?: string;
      };
      const worker = takeover || !dispatched.assignee ? tech : await sign(dispatched.assignee, ['team-member'], { team: ['maintenance'] });
      await call(worker, `/v1/cases/${id}/transitions`, { action: 'start' });
      await call(worker, `/v1/cases/${id}/transitions`, { action: 'complete', input: { note: 'new washer', charge: '12.00' } });
      await call(resident, `/v1/cases/${id}/transitions`, { action: 'confirm', input: { rating: 5 } });
    }
    // Deliver everything due: the retry sweep's one look finds nothing left when delivery rode with the changes.
    for (let round = 0; round < 100; round++) {
      const n = await platform.dispatcher.drain('demo-property', 1000);
      if (n.delivered + n.retry + n.failed + n.skipped === 0) break;
    }
    meter.enabled = false;
    const m = store.metrics;
    return { calls: { ...m.calls }, readUnits: m.readUnits, table: meter.table, indexes: meter.indexes };
  };
  const picked = await measure(false);
  const taken = await measure(true);
  const per = (n: number) => (n / M).toFixed(1);
  // On-demand list prices (us-east-1): $0.625 per million write units, $0.125 per million read units.
  const dollars = (r: typeof picked) => ((((r.table + r.indexes) / M) * 0.625 + (r.readUnits / M) * 0.125) / 1000).toFixed(4);
  const total = (r: typeof picked) => Object.values(r.calls).reduce((a, b) => a + b, 0);
  const ops = [...new Set([...Object.keys(picked.calls), ...Object.keys(taken.calls)])];
  table(`One repair, intake to closed, notifications delivered (mean of ${M} each)`, [
    ...ops.map((op) => ({
      measure: `round trips: ${op}`,
      'worked as dispatched': per(picked.calls[op] ?? 0),
      'taken over': per(taken.calls[op] ?? 0),
      target: '',
    })),
    { measure: 'round trips, all', 'worked as dispatched': per(total(picked)), 'taken over': per(total(taken)), target: '≤ 30' },
    { measure: 'read units (reported)', 'worked as dispatched': per(picked.readUnits), 'taken over': per(taken.readUnits), target: '' },
    { measure: 'write units, table (DynamoDB billing rules)', 'worked as dispatched': per(picked.table), 'taken over': per(taken.table), target: '' },
    { measure: 'write units, indexes (DynamoDB billing rules)', 'worked as dispatched': per(picked.indexes), 'taken over': per(taken.indexes), target: '' },
    { measure: 'write units, all', 'worked as dispatched': per(picked.table + picked.indexes), 'taken over': per(taken.table + taken.indexes), target: '≤ 75' },
    {
      measure: 'DynamoDB $ per 1,000 repairs (on-demand list prices)',
      'worked as dispatched': dollars(picked),
      'taken over': dollars(taken),
      target: '≤ 0.05',
    },
  ]);
}

/**
 * Builds the API with an empty registry of tenant kinds: the platform's own
 * core and libraries alone, the least any split of the kinds into chunks or
 * functions of their own could load at a cold start.
 */
const withoutKinds: Plugin = {
  name: 'without-kinds',
  setup(b) {
    b.onLoad({ filter: /[\\/]shared[\\/]kinds[\\/]index\.ts$/ }, () => ({ loader: 'ts', contents: 'export const KINDS = [];' }));
  },
};

async function bundle(entry: string, outdir: string, name: string, opts: { parts?: keyof typeof BUNDLE_PARTS; plugins?: Plugin[] } = {}) {
  const parts = opts.parts ?? (name in BUNDLE_PARTS ? (name as keyof typeof BUNDLE_PARTS) : undefined);
  const outfile = join(outdir, `${name}.mjs`);
  // The settings the CDK stack bundles the functions with, baselines included: same aliases, externals, minification, target.
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    charset: BUNDLING.charset,
    define: parts ? partsDefine(parts) : {},
    alias: BUNDLE_ALIASES,
    external: [...BUNDLE_EXTERNALS],
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    outfile,
    plugins: opts.plugins ?? [],
    logLevel: 'error',
  });
  return outfile;
}

const COLD_RUNS = 7;

interface ColdRun {
  importMs: number;
  firstMs: number;
  wall: number;
}

/** One fresh Node process: import the bundle, answer GET /health through its Lambda handler. */
function coldStartOnce(file: string, env: Record<string, string>): ColdRun {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/health',
    rawQueryString: '',
    headers: { host: 'api.example' },
    requestContext: {
      http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
  const script = `
    const t0 = performance.now();
    const { handler } = await import(${JSON.stringify(file)});
    const t1 = performance.now();
    const res = await handler(${JSON.stringify(event)}, {});
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, status: res.statusCode }));`;
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const wall = performance.now() - started;
  if (out.status !== 0) throw new Error(out.stderr);
  const r = JSON.parse(out.stdout) as { importMs: number; firstMs: number; status: number };
  if (r.status !== 200) throw new Error(`cold start of ${file} answered ${r.status}`);
  return { importMs: r.importMs, firstMs: r.firstMs, wall };
}

/**
 * Medians of COLD_RUNS fresh processes per bundle, the bundles taking turns
 * (api, baseline, …, then the next round in the other order) so that drift in
 * the machine's load falls on all of them alike.
 */
function coldStarts<K extends string>(files: Record<K, string>, env: Record<string, string>) {
  const names = Object.keys(files) as K[];
  const runs = Object.fromEntries(names.map((n) => [n, [] as ColdRun[]])) as Record<K, ColdRun[]>;
  for (let round = 0; round < COLD_RUNS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) runs[name].push(coldStartOnce(files[name], env));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(
    names.map((n) => [
      n,
      {
        bytes: statSync(files[n]).size,
        importMs: median(runs[n].map((r) => r.importMs)),
        firstMs: median(runs[n].map((r) => r.firstMs)),
        wall: median(runs[n].map((r) => r.wall)),
      },
    ]),
  ) as Record<K, { bytes: number; importMs: number; firstMs: number; wall: number }>;
}

async function coldStartBench() {
  const dir = mkdtempSync(join(tmpdir(), 'onestop-bench-'));
  const sizes = await Promise.all(
    (['api', 'console', 'notify', 'settle'] as const).map(async (name) => ({
      name,
      bytes: statSync(await bundle(join(ROOT, `functions/${name}.ts`), dir, name)).size,
    })),
  );
  table(
    'Lambda bundles (minified, AWS SDK bundled)',
    sizes.map(({ name, bytes }) => ({
      function: name,
      'size KiB': (bytes / 1024).toFixed(0),
      'budget KiB': (BUNDLE_BUDGET_BYTES[name] / 1024).toFixed(0),
      'of budget': `${((100 * bytes) / BUNDLE_BUDGET_BYTES[name]).toFixed(0)}%`,
    })),
  );
  const env = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: 'bench',
    CURSOR_SECRET: 'x',
    DATA_KEY: randomBytes(32).toString('base64'),
    JWT_HS256_SECRET: 'x',
    AWS_REGION: 'ap-east-1',
    LOG_LEVEL: 'error',
    // The API's, for every bundle alike.
    NODE_OPTIONS: NODE_OPTIONS.api ?? '',
  };
  const r = coldStarts(
    {
      api: join(dir, 'api.mjs'),
      core: await bundle(join(ROOT, 'functions/api.ts'), dir, 'api-core', { parts: 'api', plugins: [withoutKinds] }),
      baseline: await bundle(join(ROOT, 'test/bench/baseline.ts'), dir, 'baseline'),
      hello: await bundle(join(ROOT, 'test/bench/hello-world.ts'), dir, 'hello'),
    },
    env,
  );
  const kb = (n: number) => (n / 1024).toFixed(0);
  const row = (label: string, x: (typeof r)['api']) => ({
    bundle: label,
    'size KiB': kb(x.bytes),
    'import ms': x.importMs.toFixed(1),
    'first request ms': x.firstMs.toFixed(1),
    'process wall ms': x.wall.toFixed(0),
  });
  const ratio = (bundle: string, a: (typeof r)['api'], b: (typeof r)['api']) => ({
    bundle,
    'size KiB': (a.bytes / b.bytes).toFixed(2),
    'import ms': (a.importMs / b.importMs).toFixed(2),
    'first request ms': (a.firstMs / b.firstMs).toFixed(2),
    'process wall ms': (a.wall / b.wall).toFixed(2),
  });
  table(
    `Cold start (median of ${COLD_RUNS} fresh processes each, bundles alternating, run with the API function's NODE_OPTIONS (${NODE_OPTIONS.api ?? 'none'}); GET /health through hono/aws-lambda)`,
    [
      row('baseline: Hono + DynamoDB document client + zod body check + GetItem', r.baseline),
      row('functions/api.ts', r.api),
      ratio('ratio api / baseline', r.api, r.baseline),
      row('the api with no tenant kind registered (the floor of any split by kind)', r.core),
      ratio('ratio no-kind api / baseline', r.core, r.baseline),
      row('Hono hello-world', r.hello),
      ratio('ratio api / hello-world', r.api, r.hello),
    ],
  );
}

// `npm run bench -- ledger` runs one section; no argument runs all.
const only = process.argv[2];
if (!only || only === 'intake') await intakeBench();
if (!only || only === 'cold-start') await coldStartBench();
if (!only || only === 'ledger') await ledgerBench();
if (!only || only === 'ncms') await ncmsBench();
if (!only || only === 'campus') await campusBench();
if (!only || only === 'confinement') await confinementBench();
if (!only || only === 'contention') await contentionBench();
if (!only || only === 'property') await propertyBench();
if (!only || only === 'community') await communityBench();
if (!only || only === 'fanout') await fanoutBench();
