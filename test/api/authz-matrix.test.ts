/**
 * The authorization matrix, generated. First, every operation of the OpenAPI
 * document × every role of every kind × the caller's tenant (one the
 * operation serves, one of another kind) × JWT and API key. Then, for every
 * operation whose permission narrows a role by a scope dimension, every
 * relation between the caller's scope and the resource's: own, child,
 * parent, sibling, two levels down, none — and the same role in another
 * tenant of the same kind and in a tenant of another kind.
 *
 * Each cell's expected outcome is derived from what the operation publishes
 * (`x-authz`: each role with the relation it needs), the kinds' role
 * declarations (the dimensions a role cannot act without) and the meaning of
 * each dimension written out below — never from the code that decides. A
 * refused write must leave the table as it was: it is read back (every item,
 * hashed) after the refused cells of each operation.
 */
import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMON_ROLES, PLATFORM, PLATFORM_OPERATOR } from '../../shared/kernel/tenancy.ts';
import { KINDS } from '../../shared/kinds/index.ts';
import { COMMON_SCOPING } from '../../shared/platform/authority.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

type Relation = string | string[];
interface Operation {
  method: string;
  path: string;
  tag: string;
  authz: { action: string; resource: string; roles: Record<string, Relation> };
}
interface Caller {
  tenant: string;
  sub: string;
  roles: string[];
  scopes?: Record<string, string[]>;
}
type Outcome = 'pass' | 'forbidden' | 'gone' | 'hidden' | 'visible';

const KIND_OF: Record<string, string> = Object.fromEntries(KINDS.map((k) => [k.kind, k.demo.tenantId]));
const DEMO = (kind: string) => KIND_OF[kind]!;
/** A tenant of the same kind as each demo tenant, with nothing in it. */
const OTHER = (kind: string) => `matrix-${kind}-b`;
const CAPABLE = 'campus-post'; // the demo kind whose tenant enables cash management
const PLUGIN_TAGS = new Set([...KINDS.map((k) => k.kind), 'cash-management']);
const rolesOfKind = (kind: string) => new Set([...COMMON_ROLES, ...Object.keys(KINDS.find((k) => k.kind === kind)!.roles)]);
const relationsOf = (r: Relation) => (typeof r === 'string' ? [r] : r);

/** The dimensions a role cannot act without, as its kind declares them (common roles need none). */
function requiredScopes(kind: string, role: string): string[] {
  const spec = KINDS.find((k) => k.kind === kind)?.roles[role];
  return Object.hasOwn(COMMON_SCOPING, role) ? [] : [...(spec?.scopes ?? [])];
}
const optionalFor = (role: string, dim: string) =>
  (COMMON_SCOPING as Record<string, { narrowedBy?: readonly string[] }>)[role]?.narrowedBy?.includes(dim) ?? false;

/**
 * What a caller holds in a dimension: everyone is a requester and has a
 * mailbox; the roster holds its qualified workers; the dispatched team is
 * one's teams, and the unit relations one's units; the rest is what the
 * credentials name.
 */
const QUALIFIED = new Set(['worker-01', 'worker-09']);
const NAMED_AS: Record<string, string> = { 'case-team': 'team', 'unit-below': 'unit', 'own-unit': 'unit' };
function heldWithoutScopes(dim: string, caller: Caller, viaKey: boolean): boolean {
  if (dim === 'requester' || dim === 'mailbox') return true;
  if (dim === 'roster') return !viaKey && QUALIFIED.has(caller.sub);
  return (caller.scopes?.[NAMED_AS[dim] ?? dim] ?? []).length > 0;
}

/** The demo postal hierarchy (cash management): each unit's parent. */
const PARENT: Record<string, string | undefined> = {
  nm: undefined,
  hhht: 'nm',
  bt: 'nm',
  'hhht-xc': 'hhht',
  'hhht-hlge': 'hhht',
  'bt-kdl': 'bt',
  'hhht-xc-campus': 'hhht-xc',
  'hhht-xc-zhongshan': 'hhht-xc',
  'hhht-hlge-chengguan': 'hhht-hlge',
  'bt-kdl-gangtie': 'bt-kdl',
};
/** The meaning of each unit dimension: a unit-scoped caller reaches its unit and the units directly below (`unit`), only those below (`unit-below`), or only its own books (`own-unit`). */
const UNIT_COVERS: Record<string, (caller: string, unit: string) => boolean> = {
  unit: (caller, unit) => unit === caller || PARENT[unit] === caller,
  'unit-below': (caller, unit) => PARENT[unit] === caller,
  'own-unit': (caller, unit) => unit === caller,
};
/** Where the caller sits for each relation to a resource of the county unit `hhht-xc`. */
const UNIT_CALLER: Record<string, string> = {
  own: 'hhht-xc',
  child: 'hhht', // the resource is directly below the caller
  parent: 'hhht-xc-campus', // the resource is the caller's parent
  sibling: 'hhht-hlge',
  'two-down': 'nm', // the resource is two levels below the caller
};

let t: TestPlatform;
const keys = new Map<string, string>();
let tableHash: () => Promise<string>;
let writes: () => number;

async function credential(c: Caller, viaKey: boolean): Promise<Record<string, string>> {
  if (!viaKey) return { authorization: `Bearer ${await signDevToken(t.jwtSecret, { tenant: c.tenant, roles: c.roles, sub: c.sub, scopes: c.scopes })}` };
  const name = `${c.tenant}|${c.roles.join(',')}`;
  if (!keys.has(name)) {
    const planned = t.platform.apiKeys.planCreate(c.tenant, { name, roles: c.roles }, 'matrix', new Date());
    await t.platform.store.transact([planned.action]);
    keys.set(name, planned.key);
  }
  return { 'x-api-key': keys.get(name)! };
}

async function send(c: Caller, viaKey: boolean, method: string, path: string, body?: unknown) {
  const headers = await credential(c, viaKey);
  if (method !== 'GET' && method !== 'DELETE') headers['idempotency-key'] = idem();
  return t.call(method, path, { headers, body: body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}) });
}

const isGate404 = (r: { status: number; body: { detail?: string } }) => r.status === 404 && /^Route /.test(r.body?.detail ?? '');

function judge(expected: Outcome, res: { status: number; body: any }, sees?: (body: any) => boolean): string | undefined {
  const ok =
    expected === 'pass'
      ? ![401, 403].includes(res.status) && !isGate404(res) && res.status < 500
      : expected === 'forbidden'
        ? res.status === 403
        : expected === 'gone'
          ? isGate404(res)
          : expected === 'hidden'
            ? res.status === 404 || res.status === 403 || (res.status === 200 && sees !== undefined && !sees(res.body))
            : res.status < 300 && (sees === undefined || sees(res.body));
  return ok ? undefined : `expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
}

let operations: Operation[] = [];
const everyRole = [...new Set([...COMMON_ROLES, ...KINDS.flatMap((k) => Object.keys(k.roles))])];
/** The demo person of a role (with the scopes the role needs), or a made-up one. */
function homeCaller(role: string, tenant: string, kind: string): Caller {
  const user = KINDS.find((k) => k.kind === kind)?.demo.users.find((u) => u.roles.includes(role) && (u.roles.length === 1 || !u.scopes));
  return {
    tenant,
    sub: user?.sub ?? `matrix-${role}`,
    roles: [role],
    ...(user?.scopes && !Object.hasOwn(COMMON_SCOPING, role) ? { scopes: user.scopes } : {}),
  };
}
const kindOfRole = (role: string) => KINDS.find((k) => Object.hasOwn(k.roles, role))?.kind;

beforeAll(async () => {
  t = await createTestPlatform();
  for (const k of KINDS) {
    await t.platform.tenants.create({
      id: OTHER(k.kind),
      kind: k.kind,
      name: `${k.kind} B`,
      calendar: k.defaultCalendar,
      status: 'active',
      createdAt: new Date().toISOString(),
      ...(k.demo.capabilities ? { capabilities: [...k.demo.capabilities] } : {}),
    });
  }
  const raw = createDynamoClient({ tableName: t.platform.config.store.tableName, endpoint: t.platform.config.store.endpoint });
  tableHash = async () => {
    const hash = createHash('sha256');
    const rows: string[] = [];
    let start: Record<string, any> | undefined;
    do {
      const page = await raw.send(new ScanCommand({ TableName: t.platform.config.store.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      for (const item of page.Items ?? []) rows.push(JSON.stringify(item, Object.keys(item).sort()));
      start = page.LastEvaluatedKey;
    } while (start);
    for (const r of rows.sort()) hash.update(r);
    return hash.digest('hex');
  };
  const WRITES = /^(Put|Update|Delete|TransactWrite|BatchWrite)/;
  writes = () => Object.entries(t.platform.store.metrics.calls).reduce((n, [name, count]) => n + (WRITES.test(name) ? count : 0), 0);
  const doc = (await t.call('GET', '/openapi.json')).body;
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      if (op['x-authz']) operations.push({ method: method.toUpperCase(), path, tag: op.tags[0], authz: op['x-authz'] });
    }
  }
  operations = operations.sort((a, b) => (a.path + a.method < b.path + b.method ? -1 : 1));
}, 120_000);

/** Path parameters that name nothing: the gates decide before any lookup. */
const placeholder = (path: string, tenant: string) =>
  path
    .replace('{tenantId}', tenant)
    .replace('{period}', '2026-01')
    .replace('{month}', '2026-01')
    .replace('{date}', '2026-01-05')
    .replace(/\{[a-zA-Z]+\}/g, 'matrix-none');

describe('the authorization matrix: every operation × every role × tenant × credential', () => {
  it('answers each cell as the operation’s declaration says, and a refused write changes nothing', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const op of operations) {
      const served = (tenantKind: string) => !PLUGIN_TAGS.has(op.tag) || op.tag === tenantKind || (op.tag === 'cash-management' && tenantKind === CAPABLE);
      const plan: Array<{ caller: Caller; viaKey: boolean; expected: Outcome }> = [];
      for (const role of [...everyRole, PLATFORM_OPERATOR]) {
        const own = role === PLATFORM_OPERATOR ? undefined : (kindOfRole(role) ?? (PLUGIN_TAGS.has(op.tag) && op.tag !== 'cash-management' ? op.tag : CAPABLE));
        const elsewhere = KINDS.map((k) => k.kind).find((k) => k !== own && !served(k)) ?? KINDS.map((k) => k.kind).find((k) => k !== own)!;
        const tenants: Array<[string, string | undefined]> =
          role === PLATFORM_OPERATOR
            ? [[PLATFORM, undefined]]
            : [
                [DEMO(own!), own],
                [DEMO(elsewhere), elsewhere],
              ];
        for (const [tenant, kind] of tenants) {
          for (const viaKey of role === PLATFORM_OPERATOR ? [false] : [false, true]) {
            const caller = kind ? homeCaller(role, tenant, kind) : { tenant, sub: 'operator', roles: [role] };
            if (viaKey) delete caller.scopes; // API keys carry no scopes
            plan.push({ caller, viaKey, expected: expectedAt(op, role, kind, caller, viaKey, served) });
          }
        }
      }
      // Keys are made before anything is measured.
      for (const cell of plan) if (cell.viaKey) await credential(cell.caller, true);
      // Refused cells first, with the table read back after them; then the ones that pass.
      const refused = plan.filter((p) => p.expected !== 'pass');
      const before = op.method === 'GET' ? '' : await tableHash();
      for (const cell of refused) {
        const writesBefore = writes();
        const res = await send(cell.caller, cell.viaKey, op.method, placeholder(op.path, cell.caller.tenant));
        cells++;
        const fault = judge(cell.expected, res) ?? (writes() !== writesBefore ? 'a refused request wrote' : undefined);
        if (fault) failures.push(`${op.method} ${op.path} as ${cell.caller.roles} of ${cell.caller.tenant}${cell.viaKey ? ' (API key)' : ''}: ${fault}`);
      }
      if (op.method !== 'GET' && (await tableHash()) !== before) failures.push(`${op.method} ${op.path}: refused requests changed the table`);
      for (const cell of plan.filter((p) => p.expected === 'pass')) {
        const res = await send(cell.caller, cell.viaKey, op.method, placeholder(op.path, cell.caller.tenant));
        cells++;
        const fault = judge('pass', res);
        if (fault) failures.push(`${op.method} ${op.path} as ${cell.caller.roles} of ${cell.caller.tenant}${cell.viaKey ? ' (API key)' : ''}: ${fault}`);
      }
    }
    console.log(`authorization matrix, by role: ${operations.length} operations × ${everyRole.length + 1} roles × tenants × credentials = ${cells} cells`);
    expect(failures).toEqual([]);
  }, 600_000);
});

/**
 * A cell's expected outcome, from the declaration: another kind's route is
 * gone (the same 404 as a missing route); a role the tenant does not have,
 * or the permission does not name, is forbidden; so is a role missing a
 * scope it cannot act without, or a relation it holds nothing in (unless the
 * relation only narrows the role when its credentials name it).
 */
function expectedAt(op: Operation, role: string, kind: string | undefined, caller: Caller, viaKey: boolean, served: (k: string) => boolean): Outcome {
  if (role === PLATFORM_OPERATOR) return Object.hasOwn(op.authz.roles, role) ? 'pass' : 'forbidden';
  if (!served(kind!)) return 'gone';
  if (!rolesOfKind(kind!).has(role) || !Object.hasOwn(op.authz.roles, role)) return 'forbidden';
  if (requiredScopes(kind!, role).some((d) => !heldWithoutScopes(d, caller, viaKey))) return 'forbidden';
  const relations = relationsOf(op.authz.roles[role]!);
  if (relations.includes('tenant')) return 'pass';
  return relations.some((d) => heldWithoutScopes(d, caller, viaKey) || (optionalFor(role, d) && !Object.hasOwn(caller.scopes ?? {}, NAMED_AS[d] ?? d)))
    ? 'pass'
    : 'forbidden';
}
