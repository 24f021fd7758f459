/**
 * NCMS benchmarks: the pure settlement arithmetic, a discharge settlement
 * through the API on the local store, and the periodic settlement of a
 * month of 10,000 stays across 20 hospitals.
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createApp } from '../../shared/http/app.ts';
import { Dec, roundAmount } from '../../shared/kernel/money.ts';
import { addHospital } from '../../shared/kinds/ncms/hospitals/hospitals.ts';
import type { NcmsServices } from '../../shared/kinds/ncms/office.ts';
import { buildStatements } from '../../shared/kinds/ncms/periods/periods.ts';
import { calculateSettlement, type SettlementInput } from '../../shared/kinds/ncms/policy/calculate.ts';
import { CATEGORIES, DEMO_POLICY, HOSPITAL_LEVELS } from '../../shared/kinds/ncms/policy/policy.ts';
import { periodReport } from '../../shared/kinds/ncms/reports/reports.ts';
import type { Stay } from '../../shared/kinds/ncms/stays/stay.entity.ts';
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

function quotes() {
  const inputs: SettlementInput[] = Array.from({ length: 2000 }, (_, i) => ({
    category: CATEGORIES[i % 4]!,
    hospitalLevel: HOSPITAL_LEVELS[i % 4]!,
    totalCost: (((i * 7919) % 5_000_000) / 100 + 1).toFixed(2),
    eligibleCost: (((i * 7919) % 4_000_000) / 100).toFixed(2),
    ncmsPaidThisYear: (((i * 31) % 3_500_000) / 100).toFixed(2),
    assistancePaidThisYear: (((i * 17) % 600_000) / 100).toFixed(2),
  }));
  const time = (fn: (i: SettlementInput) => unknown, n: number) => {
    const t0 = performance.now();
    for (let k = 0; k < n; k++) fn(inputs[k % inputs.length]!);
    return n / ((performance.now() - t0) / 1000);
  };
  time((i) => calculateSettlement(DEMO_POLICY, i), 20_000); // warm up
  const full = time((i) => calculateSettlement(DEMO_POLICY, i), 100_000);
  // Baseline: the least a quote must do — one decimal multiplication and rounding.
  const bare = time((i) => roundAmount(new Dec(i.eligibleCost).times('0.80')), 100_000);
  table('Settlement quotes, pure calculation, one core', [
    { run: 'baseline: one Decimal multiply + round', 'per second': bare.toFixed(0) },
    { run: 'calculateSettlement (with bilingual trace)', 'per second': full.toFixed(0) },
    { run: 'ratio quote / baseline', 'per second': (full / bare).toFixed(3) },
  ]);
}

export async function ncmsBench() {
  quotes();
  const dynamo = await startLocalDynamo();
  const client = createDynamoClient({ tableName: 'ncms-bench', endpoint: dynamo.endpoint });
  await ensureTable(client, 'ncms-bench');
  const store = new Store('ncms-bench', client);
  const jwtSecret = randomBytes(32).toString('base64url');
  const config = configFromEnv({
    TABLE_NAME: 'ncms-bench',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    JWT_HS256_SECRET: jwtSecret,
    CURSOR_SECRET: 'bench',
    DATA_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  const platform = createPlatform(config, { store });
  await seedDemoTenants(platform);
  const app = createApp(platform);
  const token = await signDevToken(jwtSecret, { sub: 'office', tenant: 'demo-ncms', roles: ['ncms-office', 'finance'] });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await res.json()) as Record<string, any>;
  };

  // Discharge settlements through the API: what one costs in DynamoDB.
  const N = 100;
  const stays: string[] = [];
  for (let i = 0; i < N; i++) {
    const stay = await call('POST', '/v1/ncms/stays', {
      hospitalId: 'county-people',
      patient: { name: 'p', idNumber: i % 2 ? '630121195602143417' : `63012119800101${String(7000 + i)}` },
      admittedOn: '2026-11-01',
    });
    await call('POST', `/v1/ncms/stays/${stay.id}/bill-lines`, {
      lines: [
        { code: 'T0001', description: 'bed', quantity: '3', unitPrice: '80.00' },
        { code: 'D0003', description: 'x', quantity: '1', unitPrice: '120.00' },
      ],
    });
    stays.push(stay.id);
  }
  store.resetMetrics();
  const t0 = performance.now();
  for (const id of stays) await call('POST', `/v1/ncms/stays/${id}/discharge`, { dischargedOn: '2026-11-05' });
  const seconds = (performance.now() - t0) / 1000;
  const per = (n: number) => (n / N).toFixed(2);
  table(`Discharge settlement through the API (${N} stays, half of them one registered class-1 person)`, [
    ...Object.entries(store.metrics.calls).map(([op, n]) => ({ measure: `round trips: ${op}`, 'per settlement': per(n) })),
    { measure: 'read units (reported)', 'per settlement': per(store.metrics.readUnits) },
    { measure: 'write units, table (reported)', 'per settlement': per(store.metrics.writeUnits) },
    { measure: 'settlements per second (sequential)', 'per settlement': (N / seconds).toFixed(0) },
  ]);

  // Periodic settlement: a month of 10,000 settled stays across 20 hospitals, written straight in.
  const o = (platform.services.get('ncms') as NcmsServices).forTenant((await platform.tenants.get('demo-ncms'))!);
  const HOSPITALS = 20;
  const STAYS = Number(process.env.BENCH_NCMS_STAYS ?? 10_000);
  for (let h = 0; h < HOSPITALS; h++) await addHospital(o, { id: `h${h}`, name: `hospital ${h}`, level: HOSPITAL_LEVELS[h % 4]!, township: 't' });
  const items = Array.from({ length: STAYS }, (_, i) => {
    const hospital = `h${i % HOSPITALS}`;
    const settlement = calculateSettlement(DEMO_POLICY, {
      category: CATEGORIES[i % 4]!,
      hospitalLevel: HOSPITAL_LEVELS[(i % HOSPITALS) % 4]!,
      totalCost: (((i * 7919) % 2_000_000) / 100 + 100).toFixed(2),
      eligibleCost: (((i * 7919) % 2_000_000) / 100).toFixed(2),
      ncmsPaidThisYear: '0.00',
      assistancePaidThisYear: '0.00',
    });
    const stay = {
      id: `BENCH${String(i).padStart(21, '0')}`,
      hospitalId: hospital,
      hospitalLevel: HOSPITAL_LEVELS[(i % HOSPITALS) % 4]!,
      personKey: 'k',
      patient: { name: '*', idNumber: '*' },
      category: CATEGORIES[i % 4]!,
      admittedOn: '2026-10-01',
      status: 'settled',
      version: 2,
      lines: 0,
      voided: [],
      sealed: '',
      settlement: {
        ...settlement,
        n: 1,
        dischargedOn: '2026-10-05',
        year: '2026',
        totalCost: (((i * 7919) % 2_000_000) / 100 + 100).toFixed(2),
        eligibleCost: '0.00',
        settledAt: '',
        entryIds: [],
      },
    } as unknown as Stay;
    const pk = (...parts: string[]) => ['T', 'demo-ncms', 'MOD', 'ncms', ...parts].join('#');
    return { pk: pk('STAY', stay.id), sk: 'STAY', entity: 'ncms-stay', stay, gsi2pk: pk('SETTLED', hospital, '2026-10'), gsi2sk: `2026-10-05#${stay.id}` };
  });
  for (let i = 0; i < items.length; i += 25) {
    await store.doc.send(new BatchWriteCommand({ RequestItems: { 'ncms-bench': items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  store.resetMetrics();
  const p0 = performance.now();
  const statements = await buildStatements(o, '2026-10');
  const built = (performance.now() - p0) / 1000;
  const callsBuild = Object.values(store.metrics.calls).reduce((a, b) => a + b, 0);
  store.resetMetrics();
  const r0 = performance.now();
  const report = await periodReport(o, '2026-10');
  const reported = (performance.now() - r0) / 1000;
  const callsReport = Object.values(store.metrics.calls).reduce((a, b) => a + b, 0);
  if (report.totals.stays !== STAYS || statements.reduce((n, s) => n + s.stays, 0) !== STAYS) throw new Error('periodic settlement lost stays');
  table(`Periodic settlement: ${STAYS} stays across ${HOSPITALS} hospitals (October)`, [
    { step: 'build 20+ statements', 'wall s': built.toFixed(2), 'DynamoDB calls': callsBuild, 'stays/s': (STAYS / built).toFixed(0) },
    { step: 'period report', 'wall s': reported.toFixed(2), 'DynamoDB calls': callsReport, 'stays/s': (STAYS / reported).toFixed(0) },
  ]);
  await dynamo.close();
}
