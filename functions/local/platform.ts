/**
 * The whole platform on one machine: the embedded store, the HTTP app on
 * @hono/node-server, the outbox poller (in place of the table stream) and
 * the nightly settlement on an in-process timer (in place of EventBridge).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { DateTime } from 'luxon';
import { createApp } from '../../shared/http/app.ts';
import { log } from '../../shared/kernel/log.ts';
import { businessDateOf } from '../../shared/pipeline/settlement.ts';
import { configFromEnv, type PlatformConfig } from '../../shared/platform/config.ts';
import { seedDemoTenants } from '../../shared/platform/seed.ts';
import { createPlatform, type Platform } from '../../shared/platform/services.ts';
import { doTenantWork, fanOutNight, fanOutSweep } from '../../shared/platform/tenant-work.ts';
import { jobLabel, LocalWorkQueue, type WorkQueue } from '../../shared/platform/work-queue.ts';
import { startLocalDynamo } from '../../shared/store/local/server.ts';
import { ensureTable } from '../../shared/store/provision.ts';

export const LOCAL_TABLE = 'onestop';
/** Written while the platform runs, so `npm run settle` knows to go through its API. */
export const RUNTIME_FILE = 'runtime.json';

export interface LocalSecrets {
  jwtSecret: string;
  cursorSecret: string;
  dataKey: string;
}

/** Secrets of the local platform, created on first use and kept in the data directory. */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    cursorSecret: randomBytes(32).toString('base64url'),
    dataKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export interface LocalOptions {
  port: number;
  host?: string;
  dataDir: string;
  memory: boolean;
  /** How often every tenant is looked at for retries come due; a new outbox or mailbox row is drained at once. */
  pollMs?: number;
  /** Puts the demo tenants in place: seeded by default; the browser tests copy a table seeded once. */
  seed?: (platform: Platform) => Promise<unknown>;
}

export interface LocalPlatform {
  url: string;
  platform: Platform;
  secrets: LocalSecrets;
  close(): Promise<void>;
}

/**
 * The layout of the records the platform writes. When it changes (records
 * renamed or reshaped), a store written by an earlier version is set aside —
 * kept, not deleted — and the demo is seeded afresh.
 */
export const DATA_LAYOUT = 5;

function setAsideOldStore(dataDir: string): void {
  const store = join(dataDir, 'store');
  const marker = join(dataDir, 'layout.json');
  const layout = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { version?: number }).version : undefined;
  if (existsSync(store) && layout !== DATA_LAYOUT) {
    const aside = `${store}.layout-${layout ?? 1}-${Date.now()}`;
    renameSync(store, aside);
    log('warn', 'the local store was written by an earlier version of the platform; it is kept aside and the demo is seeded afresh', { aside });
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(marker, JSON.stringify({ version: DATA_LAYOUT }));
}

export async function startLocalPlatform(opts: LocalOptions): Promise<LocalPlatform> {
  const host = opts.host ?? '127.0.0.1';
  const secrets = loadLocalSecrets(opts.dataDir);
  if (!opts.memory) setAsideOldStore(opts.dataDir);
  const dynamo = await startLocalDynamo(opts.memory ? {} : { path: join(opts.dataDir, 'store') });
  const config: PlatformConfig = configFromEnv({
    ...process.env,
    TABLE_NAME: LOCAL_TABLE,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    JWT_HS256_SECRET: secrets.jwtSecret,
    CURSOR_SECRET: secrets.cursorSecret,
    DATA_KEY: secrets.dataKey,
    ALLOW_INSECURE_WEBHOOKS: 'true',
  });
  const platform = createPlatform(config, { localStream: true });
  // The settlement queue's stand-in: workers in this process, with the queue's retries and dead letters.
  const workQueue = new LocalWorkQueue((job, attempt) => doTenantWork(platform, job, attempt), {
    consumers: 4,
    onDeadLetter: (job, error) => log('error', 'work parked after its last attempt', { job: jobLabel(job), error }),
  });
  platform.workQueue = workQueue;
  await ensureTable(platform.store.client, platform.store.tableName);
  await (opts.seed ?? seedDemoTenants)(platform);

  const app = createApp(platform);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;

  const stopPoller = startOutboxPoller(platform, opts.pollMs ?? 1000);
  const stopNightly = startNightlySettlement(platform, workQueue);
  const url = `http://${host}:${port}`;
  const runtimeFile = join(opts.dataDir, RUNTIME_FILE);
  // Also with a store in memory: the commands beside it (token, settle) ask the running platform.
  writeFileSync(runtimeFile, JSON.stringify({ url, pid: process.pid }));

  return {
    url,
    platform,
    secrets,
    async close() {
      rmSync(runtimeFile, { force: true });
      stopNightly();
      await stopPoller();
      workQueue.close();
      await workQueue.drained();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dynamo.close();
    },
  };
}

/**
 * Stands in for the table stream and the retry sweep. The store reports
 * what each write inserts; a new outbox or mailbox row wakes the poller,
 * which then drains just that tenant, as the stream hands AWS's notify
 * function each insert. Between inserts it looks at every tenant once per
 * `everyMs` for retries that have come due.
 */
function startOutboxPoller(platform: Platform, everyMs: number): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let tenants: string[] = [];
  let tenantsAt = 0;
  let lastSweep = 0;
  const woken = new Set<string>();
  let wake: (() => void) | undefined;
  platform.store.onInsert((items) => {
    for (const item of items) if (platform.dispatcher.wants(item) && typeof item.tenantId === 'string') woken.add(item.tenantId);
    if (woken.size) wake?.();
  });
  const tick = async () => {
    let due = [...woken];
    woken.clear();
    if (Date.now() - lastSweep >= everyMs) {
      if (Date.now() - tenantsAt > 5000) {
        tenants = (await platform.tenants.list()).map((t) => t.id);
        tenantsAt = Date.now();
      }
      // A tenant made since the list was read is still drained when its first row wakes the poller.
      due = [...new Set([...tenants, ...due])];
      lastSweep = Date.now();
    }
    for (const id of due) await platform.dispatcher.drain(id);
  };
  const loop = async () => {
    while (!stopped) {
      running = tick().catch((err) => log('error', 'outbox poller', { error: (err as Error).message }));
      await running;
      if (woken.size || stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, lastSweep + everyMs - Date.now()));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };
  void loop();
  return async () => {
    stopped = true;
    wake?.();
    await running;
  };
}

/** Stands in for EventBridge Scheduler: at 01:00 in each tenant's zone, settles the previous day. */
function startNightlySettlement(platform: Platform, queue: WorkQueue): () => void {
  const done = new Set<string>();
  const timer = setInterval(() => {
    void (async () => {
      // As the schedule does in AWS: at 01:00 in a zone, one settle job per tenant of the zone to the workers.
      for (const zone of new Set((await platform.tenants.list()).map((t) => t.calendar.timeZone))) {
        const date = businessDateOf({}, zone);
        if (DateTime.now().setZone(zone).hour !== 1 || done.has(`${zone}:${date}`)) continue;
        done.add(`${zone}:${date}`);
        const night = await fanOutNight(platform, queue, { timeZone: zone, scheduledTime: new Date().toISOString() });
        log('info', 'nightly settlement handed out', night);
      }
      // And, as the five-minute schedule does in AWS, the service-level sweep (here every minute), a job per tenant.
      await fanOutSweep(platform, queue, 'sla');
    })().catch((err) => log('error', 'nightly settlement', { error: (err as Error).message }));
  }, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
