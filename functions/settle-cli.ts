/**
 * `npm run settle -- --tenant <id> [--date YYYY-MM-DD]`: runs (or resumes)
 * one tenant's settlement for a business date on the local data. If the
 * platform is running (`npm start`), the run goes through its API, since
 * only one process may hold the store; otherwise this opens the store
 * itself. The date defaults to yesterday in the tenant's time zone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { businessDateOf, type RunRecord } from '../shared/pipeline/settlement.ts';
import { configFromEnv } from '../shared/platform/config.ts';
import { signDevToken } from '../shared/platform/dev-tokens.ts';
import { createPlatform } from '../shared/platform/services.ts';
import { startLocalDynamo } from '../shared/store/local/server.ts';
import { ensureTable } from '../shared/store/provision.ts';
import { LOCAL_TABLE, loadLocalSecrets, RUNTIME_FILE } from './local/platform.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'warn';

const { values } = parseArgs({ options: { tenant: { type: 'string' }, date: { type: 'string' } }, strict: true });
if (!values.tenant) {
  process.stderr.write('usage: npm run settle -- --tenant <id> [--date YYYY-MM-DD]\n');
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const secrets = loadLocalSecrets(dataDir);

async function viaRunningPlatform(): Promise<RunRecord | undefined> {
  const file = join(dataDir, RUNTIME_FILE);
  if (!existsSync(file)) return undefined;
  const { url, pid } = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number };
  try {
    process.kill(pid, 0);
  } catch {
    return undefined; // a stale file from a platform that did not stop cleanly
  }
  const token = await signDevToken(secrets.jwtSecret, { sub: 'settle-cli', tenant: values.tenant!, roles: ['tenant-admin'] });
  const tenant = await fetch(`${url}/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
  if (!tenant.ok) throw new Error(`tenant ${values.tenant}: ${((await tenant.json()) as { detail: string }).detail}`);
  const { tenant: t } = (await tenant.json()) as { tenant: { calendar: { timeZone: string } } };
  const res = await fetch(`${url}/v1/settlement-runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ businessDate: values.date ?? businessDateOf({}, t.calendar.timeZone) }),
  });
  let body = (await res.json()) as RunRecord & { detail?: string };
  if (!res.ok) throw new Error(body.detail);
  // Queued for the platform's workers: follow the run at its Location until it ends.
  const location = res.headers.get('location');
  for (let i = 0; location && (body.status === 'queued' || body.status === 'running') && i < 1200; i++) {
    await new Promise((r) => setTimeout(r, 250));
    body = (await (await fetch(`${url}${location}`, { headers: { authorization: `Bearer ${token}` } })).json()) as RunRecord & { detail?: string };
  }
  return body as RunRecord;
}

async function directly(): Promise<RunRecord> {
  const dynamo = await startLocalDynamo({ path: join(dataDir, 'store') });
  try {
    const config = configFromEnv({
      ...process.env,
      TABLE_NAME: LOCAL_TABLE,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_HS256_SECRET: secrets.jwtSecret,
      CURSOR_SECRET: secrets.cursorSecret,
      DATA_KEY: secrets.dataKey,
    });
    const platform = createPlatform(config);
    await ensureTable(platform.store.client, platform.store.tableName);
    const tenant = await platform.tenants.get(values.tenant!);
    if (!tenant) throw new Error(`tenant ${values.tenant} does not exist in ${dataDir}`);
    return await platform.settlement.run(tenant, values.date ?? businessDateOf({}, tenant.calendar.timeZone), 'cli');
  } finally {
    await dynamo.close();
  }
}

try {
  const run = (await viaRunningPlatform()) ?? (await directly());
  process.stdout.write(`${run.tenantId} ${run.businessDate}: ${run.status} (attempt ${run.attempts})\n`);
  for (const [step, s] of Object.entries(run.steps)) {
    process.stdout.write(`  ${step.padEnd(16)} ${s.status.padEnd(8)} ${s.counts ? JSON.stringify(s.counts) : ''}${s.error ? ` — ${s.error}` : ''}\n`);
  }
  process.exit(run.status === 'succeeded' ? 0 : 1);
} catch (err) {
  process.stderr.write(`settle: ${(err as Error).message}\n`);
  process.exit(1);
}
