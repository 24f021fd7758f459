/** A whole platform on a fresh table, with the HTTP app and a dev-token helper. */
import { randomBytes } from 'node:crypto';
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { DispatcherOptions } from '../../shared/capabilities/outbox/dispatcher.ts';
import { createApp } from '../../shared/http/app.ts';
import { type Access, accessFor, grant } from '../../shared/kit/access.ts';
import type { AnyKind } from '../../shared/kit/plugin.ts';
import type { Actor, Tenant } from '../../shared/pipeline/contract.ts';
import { configFromEnv } from '../../shared/platform/config.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';
import { seedDemoTenants } from '../../shared/platform/seed.ts';
import { createPlatform, type Platform } from '../../shared/platform/services.ts';
import { doTenantWork } from '../../shared/platform/tenant-work.ts';
import { LocalWorkQueue } from '../../shared/platform/work-queue.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { Store } from '../../shared/store/store.ts';
import { createTestTable, testEndpoint } from './table.ts';

export interface TestPlatform {
  platform: Platform;
  app: ReturnType<typeof createApp>;
  jwtSecret: string;
  token(tenant: string, roles: string[], sub?: string, scopes?: Record<string, string[]>): Promise<string>;
  /** A person acting inside a tenant through the one authorization decision (for calling services directly). */
  actingAs(tenant: Tenant, actor: Actor): Access;
  /** Calls the app like a client would: JSON in, parsed JSON out. */
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Delivers everything a tenant's outbox holds that is due (the dispatcher drains a page at a time). */
  deliverAll(tenant: string): Promise<void>;
  /**
   * Asks for a settlement run through the API, as an operator does, lets this
   * process's workers finish it, and reads it back: the POST's status (202
   * queued, 200 already settled, or its problem) with the run as it ended.
   */
  settle(token: string, businessDate: string): Promise<{ status: number; body: any }>;
}

/*
 * Secrets are per process, not per platform: a platform's seeded demo tenants
 * (sealed with the data key) can then be copied into the next platform's
 * table instead of seeded again, which costs about a thousand store calls.
 */
export const SECRETS = {
  jwtSecret: randomBytes(32).toString('base64url'),
  cursorSecret: randomBytes(32).toString('base64url'),
  dataKey: randomBytes(32).toString('base64'),
};

function testConfig(tableName: string, endpoint: string, env: Record<string, string> = {}) {
  return configFromEnv({
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    JWT_HS256_SECRET: SECRETS.jwtSecret,
    CURSOR_SECRET: SECRETS.cursorSecret,
    DATA_KEY: SECRETS.dataKey,
    ALLOW_INSECURE_WEBHOOKS: 'true',
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    TENANT_RATE_LIMIT_PER_SECOND: '100000',
    TENANT_RATE_LIMIT_BURST: '100000',
    AUTH_FAILURES_BURST: '100000',
    // Worked examples are dated; the business-date window has its own tests with the platform's defaults.
    BUSINESS_DATE_PAST_DAYS: '3650',
    BUSINESS_DATE_FUTURE_DAYS: '800',
    ...env,
  });
}

/**
 * Tables holding the demo tenants as seeded, one per configuration and
 * moment of seeding: the demo data is dated from that moment. On the real
 * clock a table serves for five minutes, so a copy's data is at most that
 * old, and a window never spans a day boundary in any of the demo tenants'
 * whole-hour zones.
 * On a controlled clock it serves for the instant the clock reads.
 */
const TEMPLATE_WINDOW_MS = 5 * 60_000;
type TableRef = { client: DynamoDBClient; table: string };
const templates = new Map<string, Promise<TableRef>>();

async function seededTemplate(endpoint: string, env: Record<string, string> | undefined, at: Date | undefined): Promise<TableRef> {
  const key = JSON.stringify([at ? at.toISOString() : Math.floor(Date.now() / TEMPLATE_WINDOW_MS), env ?? {}]);
  let made = templates.get(key);
  if (!made) {
    made = (async () => {
      const { store, tableName } = await createTestTable('seed');
      const platform = createPlatform(testConfig(tableName, endpoint, env), { store, ...(at && { clock: () => at }) });
      await seedDemoTenants(platform);
      return { client: store.client, table: tableName };
    })();
    templates.set(key, made);
  }
  return made;
}

/** Copies every item of one table into another, as a backup restore would: a Scan, and BatchWriteItem 25 at a time. */
async function copyTable(from: TableRef, to: TableRef): Promise<void> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await from.client.send(new ScanCommand({ TableName: from.table, ExclusiveStartKey: start, ConsistentRead: true }));
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let requests: Record<string, WriteRequest[]> = { [to.table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
      while (requests[to.table]?.length) requests = (await to.client.send(new BatchWriteItemCommand({ RequestItems: requests }))).UnprocessedItems ?? {};
    }
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * Puts the demo tenants into a platform's table (of any store) by copying a
 * table seeded alike; its data key must be this process's (`SECRETS`).
 */
export async function copySeededDemo(platform: Platform, at?: Date, env?: Record<string, string>): Promise<void> {
  await copyTable(await seededTemplate(await testEndpoint(), env, at), { client: platform.store.client, table: platform.store.tableName });
}

export async function createTestPlatform(
  opts: { env?: Record<string, string>; dispatcher?: DispatcherOptions; clock?: () => Date; kinds?: readonly AnyKind[] } = {},
): Promise<TestPlatform> {
  const created = await createTestTable('api');
  const { tableName, endpoint } = created;
  // With a controlled clock, the store's notion of "expired" (TTL) follows the same clock.
  const store = opts.clock ? new Store(tableName, createDynamoClient({ tableName, endpoint }), () => opts.clock!().getTime()) : created.store;
  const jwtSecret = SECRETS.jwtSecret;
  const config = testConfig(tableName, endpoint, opts.env);
  const platform = createPlatform(config, { store, dispatcher: opts.dispatcher, clock: opts.clock, kinds: opts.kinds, localStream: true });
  const workQueue = new LocalWorkQueue((job, attempt) => doTenantWork(platform, job, attempt), { consumers: 2, backoff: () => 10 });
  platform.workQueue = workQueue;
  // The demo tenants of other kinds are seeded afresh; the usual ones are copied from a table seeded alike.
  if (opts.kinds) await seedDemoTenants(platform);
  else await copySeededDemo(platform, opts.clock?.(), opts.env);
  const app = createApp(platform);
  const token = (tenant: string, roles: string[], sub = `${roles[0]}-test`, scopes?: Record<string, string[]>) =>
    signDevToken(jwtSecret, { tenant, roles, sub, scopes });
  const call: TestPlatform['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: leave as text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const actingAs = (tenant: Tenant, actor: Actor) =>
    accessFor(platform.authority, actor, tenant, { action: 'test', resource: '*', roles: grant(actor.roles, 'tenant') });
  const deliverAll = async (tenant: string) => {
    for (let round = 0; round < 100; round++) {
      const n = await platform.dispatcher.drain(tenant);
      if (n.delivered + n.retry + n.failed + n.skipped === 0) return;
    }
    throw new Error(`the outbox of ${tenant} did not empty`);
  };
  const settle: TestPlatform['settle'] = async (token, businessDate) => {
    const asked = await call('POST', '/v1/settlement-runs', { token, body: { businessDate } });
    if (asked.status !== 202 && asked.status !== 200) return asked;
    await workQueue.drained();
    const run = await call('GET', `/v1/settlement-runs/${businessDate}`, { token });
    return { status: asked.status, body: run.body };
  };
  return { platform, app, jwtSecret, token, call, actingAs, deliverAll, settle };
}

let counter = 0;
/** A fresh idempotency key. */
export const idem = () => `test-key-${Date.now()}-${++counter}-${randomBytes(4).toString('hex')}`;
