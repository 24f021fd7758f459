/**
 * Hostile but well-formed requests, one class at a time: each is a clear 4xx
 * that changes nothing, never a 5xx — and the limits that keep one caller
 * (or one tenant, or one source of bad credentials) from crowding out the
 * rest. The authorization classes are the matrix's (authz-matrix.test.ts).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { destinationProblem, refusedRange } from '../../shared/capabilities/outbox/destinations.ts';
import { Dispatcher, enqueue, type OutboxItem, WebhookRegistry } from '../../shared/capabilities/outbox/index.ts';
import { webhookKeys } from '../../shared/capabilities/outbox/keys.ts';
import { Sealer } from '../../shared/capabilities/sealing/index.ts';
import { createAuthenticator } from '../../shared/http/auth.ts';
import { KeyRing, sameSecret } from '../../shared/kernel/keys.ts';
import { ApiKeys } from '../../shared/platform/api-keys.ts';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../shared/platform/config.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const CAMPUS = 'demo-campus-post';
const NCMS = 'demo-ncms';
let t: TestPlatform;

/** Every item of the table (read with the SDK, not the store), to show that a refused request left it as it was. */
async function everything(tp: TestPlatform): Promise<string> {
  const { tableName, endpoint } = tp.platform.config.store;
  const client = createDynamoClient({ tableName, endpoint });
  const items: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []).map((i) => JSON.stringify(i, Object.keys(i).sort())));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort().join('\n');
}

beforeAll(async () => {
  t = await createTestPlatform();
}, 60_000);

describe('bodies', () => {
  it('refuses JSON nested deeper than 32 levels wherever a body is read, before anything is hashed or written', async () => {
    const admin = await t.token('demo-property', ['desk-agent'], 'desk-01');
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const before = await everything(t);
    for (const [method, path] of [
      ['POST', '/v1/cases'],
      ['POST', '/v1/ledger/transfers'],
      ['PUT', '/v1/campus/board'],
    ] as const) {
      const res = await t.call(method, path, { token: admin, body: { type: 'repair', input: deep }, headers: { 'idempotency-key': idem() } });
      expect([path, res.status, res.body.type]).toEqual([path, 400, '/problems/too-deep']);
    }
    expect(await everything(t)).toBe(before);
  });

  it('answers a request that would exceed one transaction’s 100 writes with a 4xx naming the field, and writes nothing', async () => {
    const office = await t.token(NCMS, ['ncms-office'], 'office-01');
    const stay = await t.call('POST', '/v1/ncms/stays', {
      token: office,
      body: { hospitalId: 'county-people', patient: { name: '多行', idNumber: '630121197001010011' }, admittedOn: '2026-11-01' },
    });
    expect(stay.status).toBe(201);
    const lines = Array.from({ length: 99 }, (_, i) => ({ code: 'T0001', description: `line ${i}`, quantity: '1', unitPrice: '1.00' }));
    const before = await everything(t);
    const res = await t.call('POST', `/v1/ncms/stays/${stay.body.id}/bill-lines`, { token: office, body: { lines } });
    expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'lines']);
    expect(await everything(t)).toBe(before);
    // And below the route, the store refuses before sending: a catalogued 422, not DynamoDB's 400 as a 500.
    const actions = Array.from({ length: 101 }, (_, i) => ({ kind: 'put' as const, item: { pk: `T#limit#X#${i}`, sk: 'X' } }));
    await expect(t.platform.store.transact(actions)).rejects.toMatchObject({ status: 422, slug: 'too-many-writes' });
  });
});

describe('credentials', () => {
  const sign = (claims: Record<string, unknown>, opts: { iat?: number; exp?: number } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt(opts.iat ?? now)
      .setExpirationTime(opts.exp ?? now + 600)
      .sign(new TextEncoder().encode(t.jwtSecret));
  };

  it('keeps only the roles a token’s tenant has, and refuses platform credentials without the operator role', async () => {
    const foreign = await sign({ tenant: CAMPUS, roles: ['hospital-operator', 'township-reviewer'] });
    expect((await t.call('GET', '/v1/campus/board', { token: foreign })).status).toBe(403);
    expect((await t.call('GET', '/v1/tenant', { token: foreign })).status).toBe(403);
    const platformAdmin = await sign({ tenant: '_platform', roles: ['tenant-admin'] });
    expect((await t.call('GET', '/v1/tenants', { token: platformAdmin })).status).toBe(401);
    const operatorInTenant = await sign({ tenant: CAMPUS, roles: ['platform-operator'] });
    expect((await t.call('GET', '/v1/tenants', { token: operatorInTenant })).status).toBe(403);
  });

  it('refuses a token older than the maximum age whatever its own expiry, and one without an issue time', async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = await sign({ tenant: CAMPUS, roles: ['tenant-admin'] }, { iat: now - 25 * 3600, exp: now + 3600 });
    expect((await t.call('GET', '/v1/tenant', { token: old })).status).toBe(401);
    const fresh = await sign({ tenant: CAMPUS, roles: ['tenant-admin'] }, { iat: now - 3600, exp: now + 3600 });
    expect((await t.call('GET', '/v1/tenant', { token: fresh })).status).toBe(200);
    const noIat = await new SignJWT({ tenant: CAMPUS, roles: ['tenant-admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(t.jwtSecret));
    expect((await t.call('GET', '/v1/tenant', { token: noIat })).status).toBe(401);
  });

  it('will not start without a token verifier', () => {
    expect(() => createAuthenticator({ issuer: 'onestop' }, new ApiKeys(t.platform.store))).toThrow(/no token verifier/);
  });
});

describe('keys and secrets', () => {
  it('derives a different key for every purpose, the same one every time, and none equal to the configured material', () => {
    const ring = KeyRing.fromSecrets(Buffer.alloc(32, 7).toString('base64'), 'signing-secret');
    const purposes = ['encryption', 'blind-index', 'cursor', 'csrf', 'plugin:cash-management:receipts', 'plugin:ncms:surveys'];
    const keys = purposes.map((p) => ring.secret(p));
    expect(new Set(keys).size).toBe(purposes.length);
    expect(KeyRing.fromSecrets(Buffer.alloc(32, 7).toString('base64'), 'signing-secret').secret('cursor')).toBe(ring.secret('cursor'));
    expect(KeyRing.fromSecrets(Buffer.alloc(32, 8).toString('base64'), 'signing-secret').secret('cursor')).not.toBe(ring.secret('cursor'));
    expect(keys).not.toContain(Buffer.alloc(32, 7).toString('base64url'));
  });

  it('seals and indexes with different keys: the blind index of a value is not its HMAC under the sealing key', () => {
    const ring = KeyRing.fromSecrets(Buffer.alloc(32, 1).toString('base64'), 'x');
    const sealer = Sealer.fromKeys(ring);
    const other = new Sealer(ring.key('encryption'), ring.key('encryption'));
    expect(sealer.blindIndex('t', '630121195602143417')).not.toBe(other.blindIndex('t', '630121195602143417'));
    expect(sealer.open('t', sealer.seal('t', { a: 1 }))).toEqual({ a: 1 });
  });

  it('compares secrets whole, whatever their lengths', () => {
    expect(sameSecret('abcd', 'abcd')).toBe(true);
    expect(sameSecret('abce', 'abcd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret(undefined, 'abcd')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});

describe('idempotency records', () => {
  it('replay only to the principal who made the request, and keep no secret in clear', async () => {
    const adminA = await t.token(CAMPUS, ['tenant-admin'], 'admin-a');
    const adminB = await t.token(CAMPUS, ['tenant-admin'], 'admin-b');
    const key = idem();
    const body = { name: 'replay check', roles: ['auditor'] };
    const first = await t.call('POST', '/v1/api-keys', { token: adminA, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const replay = await t.call('POST', '/v1/api-keys', { token: adminA, body, headers: { 'idempotency-key': key } });
    expect(replay.body.key).toBe(first.body.key);
    // The same key from someone else is their own request: a new API key, not the first caller's.
    const other = await t.call('POST', '/v1/api-keys', { token: adminB, body, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(201);
    expect(other.body.key).not.toBe(first.body.key);
    expect(await everything(t)).not.toContain(first.body.key);
    expect(await everything(t)).not.toContain(first.body.key.split('.')[3]);
  });
});

describe('rates', () => {
  let limited: TestPlatform;
  beforeAll(async () => {
    limited = await createTestPlatform({
      env: {
        RATE_LIMIT_PER_SECOND: '0.01',
        RATE_LIMIT_BURST: '3',
        TENANT_RATE_LIMIT_PER_SECOND: '0.01',
        TENANT_RATE_LIMIT_BURST: '5',
        AUTH_FAILURES_BURST: '3',
      },
    });
  }, 60_000);

  const from = (ip: string, headers: Record<string, string> = {}) => ({ headers, env: { event: { requestContext: { http: { sourceIp: ip } } } } });
  const hit = async (tp: TestPlatform, path: string, o: { headers?: Record<string, string>; env?: unknown }) =>
    (await tp.app.request(path, { headers: o.headers ?? {} }, o.env as never)).status;

  it('limits anonymous callers by the address the gateway saw, whatever X-Forwarded-For claims', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await hit(limited, `/v1/public/boards/${CAMPUS}`, from('203.0.113.7', { 'x-forwarded-for': `198.51.100.${i}` })));
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(await hit(limited, `/v1/public/boards/${CAMPUS}`, from('203.0.113.8'))).toBe(200);
  });

  it('limits failed sign-ins per source, before credentials are even checked', async () => {
    const bad = { authorization: 'Bearer not-a-token' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await hit(limited, '/v1/tenant', from('203.0.113.20', bad)));
    expect(statuses).toEqual([401, 401, 401, 429]);
    const good = { authorization: `Bearer ${await limited.token(NCMS, ['auditor'], 'a')}` };
    expect(await hit(limited, '/v1/tenant', from('203.0.113.20', good))).toBe(429);
    expect(await hit(limited, '/v1/tenant', from('203.0.113.21', good))).toBe(200);
  });

  it('keeps a tenant to its quota across its callers, and leaves other tenants alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const token = await limited.token('demo-property', ['auditor'], `auditor-${i}`);
      statuses.push(await hit(limited, '/v1/tenant', from(`203.0.113.${40 + i}`, { authorization: `Bearer ${token}` })));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const other = await limited.token('demo-community', ['auditor'], 'auditor-x');
    expect(await hit(limited, '/v1/tenant', from('203.0.113.60', { authorization: `Bearer ${other}` }))).toBe(200);
  });

  it('lets a tenant with its own quota go further than the default', async () => {
    const tenant = (await limited.platform.tenants.get(CAMPUS))!;
    await limited.platform.tenants.create({ ...tenant, id: 'quota-campus', quota: { perSecond: 0.01, burst: 9 } });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const token = await limited.token('quota-campus', ['auditor'], `q-${i}`);
      statuses.push(await hit(limited, '/v1/tenant', from(`203.0.113.${100 + i}`, { authorization: `Bearer ${token}` })));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

describe('webhook destinations', () => {
  it('refuses loopback, link-local, metadata, private, CGNAT and mapped addresses, by literal or by name', async () => {
    const admin = await t.token(CAMPUS, ['tenant-admin'], 'admin');
    const strict = { allowLoopback: false };
    for (const url of [
      'https://127.0.0.1/h',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/h',
      'https://100.64.0.1/h',
      'https://[::1]/h',
      'https://[::ffff:127.0.0.1]/h',
      'https://[fd00::1]/h',
      'https://0.0.0.0/h',
      'https://localhost/h',
    ]) {
      expect([url, await destinationProblem(new URL(url), strict)]).toEqual([url, expect.stringMatching(/resolves to .* address|does not resolve/)]);
    }
    expect(await destinationProblem(new URL('https://93.184.216.34/h'), strict)).toBeUndefined();
    expect(refusedRange('127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(refusedRange('10.0.0.1', { allowLoopback: true })).toBe('private');
    // Through the API, on a platform that allows only its own loopback (local development): still no private or metadata address.
    for (const url of ['http://169.254.169.254/latest', 'http://10.0.0.5/h', 'http://192.168.1.1/h']) {
      const res = await t.call('POST', '/v1/webhooks', { token: admin, body: { url, events: ['*'] } });
      expect([url, res.status, res.body.errors?.[0]?.field]).toEqual([url, 400, 'url']);
    }
  });

  it('checks the address again when delivering, on the address it connects to', async () => {
    let hits = 0;
    const receiver = createServer((_req, res) => {
      hits++;
      res.end('ok');
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const port = (receiver.address() as AddressInfo).port;
    try {
      // A subscription stored while loopback was allowed, delivered by a platform that does not allow it.
      const sealer = Sealer.fromKeys(KeyRing.fromSecrets(Buffer.alloc(32, 3).toString('base64'), 's'));
      const loose = new WebhookRegistry(t.platform.store, sealer, { allowLoopback: true });
      const planned = await loose.planCreate('demo-property', { url: `http://localhost:${port}/h`, events: ['*'] }, new Date());
      await t.platform.store.transact([planned.action]);
      const strict = new WebhookRegistry(t.platform.store, sealer, { allowLoopback: false });
      const deliveryOf = async () => {
        const payload = {
          kind: 'webhook' as const,
          webhookId: planned.hook.id,
          eventId: idem(),
          eventType: 'repair.created',
          data: {},
          occurredAt: new Date().toISOString(),
        };
        const put = enqueue('demo-property', payload, new Date());
        if (put.kind !== 'put') throw new Error('expected a put');
        await t.platform.store.put(put.item, put.condition);
        return put.item as unknown as OutboxItem;
      };
      expect(await new Dispatcher(t.platform.store, strict, { maxAttempts: 1 }).process(await deliveryOf())).toBe('failed');
      expect(hits).toBe(0);
      // The same subscription, delivered by a platform that allows loopback, arrives.
      expect(await new Dispatcher(t.platform.store, loose, { maxAttempts: 1 }).process(await deliveryOf())).toBe('delivered');
      expect(hits).toBe(1);
      await t.platform.store.delete(webhookKeys.item('demo-property', planned.hook.id));
    } finally {
      receiver.close();
    }
  });
});

describe('business dates', () => {
  let dated: TestPlatform;
  beforeAll(async () => {
    dated = await createTestPlatform({ env: { BUSINESS_DATE_PAST_DAYS: '400', BUSINESS_DATE_FUTURE_DAYS: '1' } });
  }, 60_000);

  it('refuses admissions, discharges, pre-settlements, runs and expected revenue dated decades away, naming the field', async () => {
    const office = await dated.token(NCMS, ['ncms-office'], 'office-01');
    const admit = (admittedOn: string) =>
      dated.call('POST', '/v1/ncms/stays', {
        token: office,
        body: { hospitalId: 'county-people', patient: { name: '远期', idNumber: '630121197001010029' }, admittedOn },
      });
    const far = await admit('2090-01-01');
    expect([far.status, far.body.errors?.[0]?.field]).toEqual([400, 'admittedOn']);
    const stay = await admit(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
    expect(stay.status).toBe(201);
    const discharge = await dated.call('POST', `/v1/ncms/stays/${stay.body.id}/discharge`, { token: office, body: { dischargedOn: '2090-12-31' } });
    expect([discharge.status, discharge.body.errors?.[0]?.field]).toEqual([400, 'dischargedOn']);
    const pre = await dated.call('GET', `/v1/ncms/stays/${stay.body.id}/pre-settlement?asOf=1990-01-01`, { token: office });
    expect([pre.status, pre.body.errors?.[0]?.field]).toEqual([400, 'asOf']);
    const admin = await dated.token(CAMPUS, ['tenant-admin'], 'admin');
    const run = await dated.call('POST', '/v1/settlement-runs', { token: admin, body: { businessDate: '2099-01-01' } });
    expect([run.status, run.body.errors?.[0]?.field]).toEqual([400, 'businessDate']);
    const expected = await dated.call('POST', '/v1/ledger/expected', {
      token: admin,
      body: { date: '2199-01-01', unit: 'hhht-xc', fundNature: 'postal', amount: '1.00' },
    });
    expect([expected.status, expected.body.errors?.[0]?.field]).toEqual([400, 'date']);
    expect((await dated.call('GET', '/v1/settlement-runs/2099-01-01', { token: admin })).status).toBe(404);
  });
});

describe('the console', () => {
  it('refuses a form post over 64 KB, and never echoes a sign-in form into a cookie', async () => {
    const v = new Visitor(t);
    const huge = await v.request('POST', '/console/login', { tenant: CAMPUS, sub: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.headers.getSetCookie()).toEqual([]);
  });

  it('calls no other API route when a path carries an encoded slash, backslash or dot', async () => {
    const v = new Visitor(t);
    await v.signIn('demo-property', 'admin');
    for (const path of ['/console/cases/..%2F..%2Fapi-keys', '/console/cases/%2e%2e%2fapi-keys', '/console/cases/x%5c..%5capi-keys']) {
      const res = await v.request('GET', path);
      expect([path, res.status < 500, res.html.includes('osk.'), res.html.includes('API key')]).toEqual([path, true, false, false]);
    }
  });
});
