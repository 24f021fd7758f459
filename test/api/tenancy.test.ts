/**
 * Tenancy and authorization on every route of the OpenAPI document:
 * no credentials → 401, a role no route allows → 403, another tenant's
 * resource → 404 exactly like a missing one.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/kernel/ids.ts';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../shared/platform/config.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;
let operator: string;
const A = 'demo-property';
const B = 'other-property';
const ids: Record<string, string> = {};

const repair = {
  type: 'repair',
  input: { category: 'electrical', description: 'corridor light out', location: { building: '1' }, contactPhone: '13900001111' },
};

/** Every operation in the OpenAPI document that requires credentials. */
async function securedOperations() {
  const doc = (await t.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => (op.security ?? []).length > 0)
      .map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace('{id}', ids.case!), template: path, op })),
  );
}

beforeAll(async () => {
  t = await createTestPlatform();
  operator = await t.token('_platform', ['platform-operator'], 'operator');
  const created = await t.call('POST', '/v1/tenants', { token: operator, body: { id: B, kind: 'property', name: 'Other Gardens' } });
  expect(created.status).toBe(201);
  const residentA = await t.token(A, ['resident'], 'resident-a');
  ids.case = (await t.call('POST', '/v1/cases', { token: residentA, body: repair, headers: { 'idempotency-key': idem() } })).body.id;
  const adminA = await t.token(A, ['tenant-admin'], 'admin-a');
  ids.webhook = (await t.call('POST', '/v1/webhooks', { token: adminA, body: { url: 'http://127.0.0.1:9/hook', events: ['*'] } })).body.id;
  ids.apiKey = (await t.call('POST', '/v1/api-keys', { token: adminA, body: { name: 'erp', roles: ['auditor'] } })).body.id;
});

describe('every secured route', () => {
  it('answers 401 problem+json without credentials', async () => {
    const ops = await securedOperations();
    expect(ops.length).toBeGreaterThanOrEqual(14);
    for (const op of ops) {
      const res = await t.call(op.method, op.path, { body: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} });
      expect([op.template, op.method, res.status]).toEqual([op.template, op.method, 401]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('answers 404 on the routes of kinds and capabilities that are not its tenant’s, even to its admin', async () => {
    // Which role may do what on its own tenant's routes is the authorization matrix's (authz-matrix.test.ts).
    const nobody = await t.token(A, ['tenant-admin'], 'admin');
    const tenant = (await t.platform.tenants.get(A))!;
    const others = new Set([
      ...[...t.platform.kinds.keys()].filter((k) => k !== tenant.kind),
      ...[...t.platform.capabilities.keys()].filter((c) => !(tenant.capabilities ?? []).includes(c)),
    ]);
    const ops = await securedOperations();
    expect(ops.filter((op) => others.has(op.op.tags?.[0] ?? '')).length).toBeGreaterThan(10);
    for (const op of ops) {
      const res = await t.call(op.method, op.path, { token: nobody, body: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} });
      if (!others.has(op.op.tags?.[0] ?? '')) continue;
      expect([op.template, op.method, res.status, res.body.detail]).toEqual([
        op.template,
        op.method,
        404,
        `Route ${op.method} ${op.path.split('?')[0]} was not found.`,
      ]);
    }
  });

  it('answers 401 to forged, expired, unsigned or wrongly addressed tokens', async () => {
    const key = new TextEncoder().encode(t.jwtSecret);
    const claims = { tenant: A, roles: ['desk-agent'] };
    const sign = (mutate: (j: SignJWT) => SignJWT, secret = key) =>
      mutate(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE)).sign(secret);
    const tokens = {
      expired: await sign((j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 60)),
      noExpiry: await sign((j) => j),
      wrongSecret: await sign((j) => j.setExpirationTime('1h'), new TextEncoder().encode('not-the-secret-not-the-secret-00')),
      wrongAudience: await sign((j) => j.setExpirationTime('1h').setAudience('someone-else')),
      unsigned: `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, sub: 'x', exp: 9e9, iss: DEV_ISSUER, aud: DEV_AUDIENCE })).toString('base64url')}.`,
      unknownTenant: await t.token('no-such-tenant', ['desk-agent']),
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const res = await t.call('GET', '/v1/cases', { token });
      expect([name, res.status]).toEqual([name, 401]);
    }
  });
});

describe('another tenant', () => {
  it('gets 404 for every route that names a resource of tenant A', async () => {
    const deskB = await t.token(B, ['desk-agent', 'tenant-admin', 'auditor'], 'desk-b');
    const missing = newId();
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/v1/cases/${ids.case}`],
      ['GET', `/v1/cases/${ids.case}/history`],
      ['GET', `/v1/cases/${ids.case}/access-log`],
      ['POST', `/v1/cases/${ids.case}/transitions`, { action: 'dispatch', input: { team: 'maintenance' } }],
      ['POST', `/v1/cases/${ids.case}/reveal`, { reason: 'let me see' }],
      ['DELETE', `/v1/webhooks/${ids.webhook}`],
      ['DELETE', `/v1/api-keys/${ids.apiKey}`],
    ];
    for (const [method, path, body] of attempts) {
      const foreign = await t.call(method, path, { token: deskB, body });
      const absent = await t.call(method, path.replace(/[0-9A-HJKMNP-TV-Z]{26}/, missing), { token: deskB, body });
      expect([method, path, foreign.status]).toEqual([method, path, 404]);
      // Indistinguishable from a missing id: same status, same problem type.
      expect(foreign.body.type).toBe(absent.body.type);
    }
    const deskA = await t.token(A, ['desk-agent'], 'desk-a');
    expect((await t.call('GET', `/v1/cases/${ids.case}`, { token: deskA })).status).toBe(200);
  });

  it('sees none of tenant A’s data in its listings', async () => {
    const adminB = await t.token(B, ['tenant-admin', 'desk-agent'], 'admin-b');
    const lists = ['/v1/cases', '/v1/cases?queue=desk', '/v1/mailbox', '/v1/webhooks', '/v1/api-keys'];
    for (const path of lists) {
      const res = await t.call('GET', path, { token: adminB });
      expect([path, res.status, res.body.items]).toEqual([path, 200, []]);
    }
  });

  it('cannot pass off a tenant through a header or the body', async () => {
    const deskB = await t.token(B, ['desk-agent'], 'desk-b');
    const viaHeader = await t.call('GET', `/v1/cases/${ids.case}`, { token: deskB, headers: { 'x-tenant-id': A } });
    expect(viaHeader.status).toBe(404);
    const viaBody = await t.call('POST', '/v1/cases', { token: deskB, body: { ...repair, tenantId: A }, headers: { 'idempotency-key': idem() } });
    expect(viaBody.status).toBe(400);
    expect(viaBody.body.errors).toEqual([{ field: 'tenantId', label: 'tenantId', message: 'unknown field' }]);
  });

  it('cannot use a cursor issued to tenant A', async () => {
    const adminA = await t.token(A, ['tenant-admin', 'resident'], 'admin-a');
    for (let i = 0; i < 2; i++) await t.call('POST', '/v1/cases', { token: adminA, body: repair, headers: { 'idempotency-key': idem() } });
    const page = await t.call('GET', '/v1/cases?mine=true&limit=1', { token: adminA });
    expect(page.body.nextCursor).toBeTruthy();
    const next = await t.call('GET', `/v1/cases?mine=true&limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`, { token: adminA });
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const adminB = await t.token(B, ['tenant-admin', 'resident'], 'admin-a');
    const stolen = await t.call('GET', `/v1/cases?mine=true&limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`, { token: adminB });
    expect(stolen.status).toBe(400);
    expect(stolen.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});

describe('platform operator and API keys', () => {
  it('lets only the platform operator create tenants; a tenant token claiming the role does not count', async () => {
    const sneaky = await t.token(A, ['platform-operator', 'tenant-admin'], 'sneaky');
    const res = await t.call('POST', '/v1/tenants', { token: sneaky, body: { id: 'sneaky-co', kind: 'property', name: 'x' } });
    expect(res.status).toBe(403);
    const dup = await t.call('POST', '/v1/tenants', { token: operator, body: { id: B, kind: 'property', name: 'again' } });
    expect(dup.status).toBe(409);
    const list = await t.call('GET', '/v1/tenants', { token: operator });
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(['demo-campus-post', 'demo-ncms', 'demo-property', 'demo-community', B]),
    );
  });

  it('authenticates an API key by its hash, scoped to its tenant and roles, until revoked', async () => {
    const adminA = await t.token(A, ['tenant-admin'], 'admin-a');
    const created = await t.call('POST', '/v1/api-keys', { token: adminA, body: { name: 'desk robot', roles: ['desk-agent'] } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key.startsWith(`osk.${A}.`)).toBe(true);
    const listed = await t.call('GET', '/v1/api-keys', { token: adminA });
    expect(JSON.stringify(listed.body)).not.toContain(key.split('.')[3]);

    const viaHeader = await t.app.request(`/v1/cases/${ids.case}`, { headers: { 'x-api-key': key } });
    expect(viaHeader.status).toBe(200);
    const viaScheme = await t.app.request('/v1/cases?queue=desk', { headers: { authorization: `ApiKey ${key}` } });
    expect(viaScheme.status).toBe(200);
    const tampered = await t.app.request('/v1/cases', { headers: { 'x-api-key': `${key.slice(0, -2)}xx` } });
    expect(tampered.status).toBe(401);
    const otherTenant = await t.app.request('/v1/cases', { headers: { 'x-api-key': key.replace(`osk.${A}.`, `osk.${B}.`) } });
    expect(otherTenant.status).toBe(401);
    const badRole = await t.call('POST', '/v1/api-keys', { token: adminA, body: { name: 'x', roles: ['platform-operator'] } });
    expect(badRole.status).toBe(400);

    expect((await t.call('DELETE', `/v1/api-keys/${created.body.id}`, { token: adminA })).status).toBe(200);
    const revoked = await t.app.request('/v1/cases', { headers: { 'x-api-key': key } });
    expect(revoked.status).toBe(401);
  });
});
