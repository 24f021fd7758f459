/**
 * The nightly fan-out, simulated on the local store: BENCH_TENANTS (2,000)
 * property tenants in one time zone, their night handed out as one settle
 * job per tenant to the work queue and settled by N parallel consumers —
 * against the baseline of the same runs one after another in one loop (how
 * the settle function worked before it fanned out). One tenant's job fails
 * every time: it is retried and parked alone, and every other tenant
 * settles. The queue here is the local one; in AWS it is SQS, with the same
 * attempts and the consumer concurrency of the stage.
 */
import { randomBytes } from 'node:crypto';
import { configFromEnv } from '../../shared/platform/config.ts';
import { createPlatform } from '../../shared/platform/services.ts';
import { doTenantWork, fanOutNight } from '../../shared/platform/tenant-work.ts';
import { LocalWorkQueue } from '../../shared/platform/work-queue.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 2_000);
const ZONE = 'Asia/Shanghai';

const table = (title: string, rows: Array<Record<string, string | number>>) => {
  console.log(`\n${title}`);
  console.table(rows);
};

export async function fanoutBench() {
  const dynamo = await startLocalDynamo();
  const tableName = 'fanout-bench';
  const client = createDynamoClient({ tableName, endpoint: dynamo.endpoint });
  await ensureTable(client, tableName);
  const store = new Store(tableName, client);
  const platform = createPlatform(
    configFromEnv({
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_HS256_SECRET: 'fanout',
      CURSOR_SECRET: 'fanout',
      DATA_KEY: randomBytes(32).toString('base64'),
    }),
    { store },
  );
  const calendar = { ...(platform.kinds.get('property')!.defaultCalendar ?? {}), timeZone: ZONE };
  const ids = Array.from({ length: TENANTS }, (_, i) => `estate-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids
        .slice(i, i + 50)
        .map((id) =>
          platform.tenants.create({ id, kind: 'property', name: id, calendar: calendar as never, status: 'active', createdAt: new Date().toISOString() }),
        ),
    );
  }
  const failing = ids[Math.floor(TENANTS / 2)]!;
  const dates = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
  const rows: Array<Record<string, string | number>> = [];

  // Baseline: the same settlement, one tenant after another in one loop.
  let t0 = performance.now();
  let settled = 0;
  for (const id of ids) {
    if (id === failing) continue;
    const run = await platform.settlement.run((await platform.tenants.get(id))!, dates[0]!, 'schedule');
    if (run.status === 'succeeded') settled++;
  }
  const loopMs = performance.now() - t0;
  rows.push({
    run: 'baseline: one loop, one tenant after another',
    consumers: 1,
    'wall s': (loopMs / 1000).toFixed(1),
    settled,
    parked: '—',
    'vs loop': '1.00',
  });

  for (const [n, consumers] of [4, 16].entries()) {
    const date = dates[n + 1]!;
    const queue = new LocalWorkQueue(
      (job, attempt) => (job.tenantId === failing ? Promise.reject(new Error('simulated fault in one tenant')) : doTenantWork(platform, job, attempt)),
      { consumers, maxAttempts: 3, backoff: () => 20 },
    );
    t0 = performance.now();
    const night = await fanOutNight(platform, queue, { timeZone: ZONE, businessDate: date });
    await queue.drained();
    const ms = performance.now() - t0;
    const summary = (await platform.settlement.summary('Asia/Shanghai', date)) ?? {};
    rows.push({
      run: `fan-out: ${night.tenants} jobs`,
      consumers,
      'wall s': (ms / 1000).toFixed(1),
      settled: Number(summary.succeeded ?? 0),
      parked: queue.deadLetters.map((d) => `${d.job.tenantId} after ${d.attempts}`).join(', '),
      'vs loop': (loopMs / ms).toFixed(2),
    });
  }
  table(`Nightly settlement of ${TENANTS.toLocaleString('en')} tenants in one zone (one failing every time)`, rows);
  await dynamo.close();
}
