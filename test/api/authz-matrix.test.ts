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
import { deliverToMailbox } from '../../shared/capabilities/outbox/mailbox.ts';
import { COMMON_ROLES, PLATFORM, PLATFORM_OPERATOR } from '../../shared/kernel/tenancy.ts';
import { checkCharacter } from '../../shared/kinds/community/identity/identity-number.ts';
import { KINDS } from '../../shared/kinds/index.ts';
import { COMMON_SCOPING } from '../../shared/platform/authority.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';
import { createDynamoClient } from '../../shared/store/client.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';
import { writeCalls } from '../support/table.ts';

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
/** People who hold a role without the qualification it needs (the demo's worker-02 has not passed the exam). */
const UNQUALIFIED: Record<string, string> = { 'student-worker': 'worker-02' };
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

/** Tokens signed once per caller: the matrix asks thousands of times, and what it checks is the verifying side. */
const tokens = new Map<string, Promise<string>>();

async function credential(c: Caller, viaKey: boolean): Promise<Record<string, string>> {
  if (!viaKey) {
    const claims = { tenant: c.tenant, roles: c.roles, sub: c.sub, scopes: c.scopes };
    const id = JSON.stringify(claims);
    if (!tokens.has(id)) tokens.set(id, signDevToken(t.jwtSecret, claims));
    return { authorization: `Bearer ${await tokens.get(id)}` };
  }
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
  writes = () => writeCalls(t.platform.store);
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
    const plans = operations.map((op) => {
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
          // Someone holding the role but not (or no longer) qualified for it acts nowhere.
          const unqualified = UNQUALIFIED[role];
          if (unqualified && kind) {
            const caller = { ...homeCaller(role, tenant, kind), sub: unqualified };
            const expected = expectedAt(op, role, kind, caller, false, served);
            plan.push({ caller, viaKey: false, expected: expected === 'gone' ? 'gone' : 'forbidden' });
          }
        }
      }
      return { op, plan };
    });
    const ask = async (op: Operation, cell: (typeof plans)[number]['plan'][number], expected: Outcome) => {
      const writesBefore = writes();
      const res = await send(cell.caller, cell.viaKey, op.method, placeholder(op.path, cell.caller.tenant));
      cells++;
      const fault = judge(expected, res) ?? (expected !== 'pass' && writes() !== writesBefore ? 'a refused request wrote' : undefined);
      if (fault) failures.push(`${op.method} ${op.path} as ${cell.caller.roles} of ${cell.caller.tenant}${cell.viaKey ? ' (API key)' : ''}: ${fault}`);
    };
    // Keys are made before anything is measured.
    for (const { plan } of plans) for (const cell of plan) if (cell.viaKey) await credential(cell.caller, true);
    // Every refused cell of every operation first, with the whole table read back before and after them
    // (a write the store's own counter could miss shows there); then the cells that pass. A refused cell
    // is decided before any lookup, so what the passing cells write cannot change its answer.
    const before = await tableHash();
    for (const { op, plan } of plans) for (const cell of plan) if (cell.expected !== 'pass') await ask(op, cell, cell.expected);
    if ((await tableHash()) !== before) failures.push('refused requests changed the table');
    for (const { op, plan } of plans) for (const cell of plan) if (cell.expected === 'pass') await ask(op, cell, 'pass');
    console.log(`authorization matrix, by role: ${operations.length} operations × ${everyRole.length + 1} roles × tenants × credentials = ${cells} cells`);
    expect(failures).toEqual([]);
  }, 600_000);
});

describe('the published policy', () => {
  // Who may do what is a decision people review: any change to it shows as a diff of this file.
  it('is the reviewed one', async () => {
    const rows = operations.map((op) => {
      const who = Object.entries(op.authz.roles)
        .map(([role, r]) => (relationsOf(r).join(' or ') === 'tenant' ? role : `${role} (${relationsOf(r).join(' or ')})`))
        .join(', ');
      return `| \`${op.method} ${op.path}\` | ${op.authz.action} | ${who} |`;
    });
    const table = [
      '# Who may do what',
      '',
      'Generated from the OpenAPI document (`x-authz`) by `test/api/authz-matrix.test.ts`; a role in brackets reaches only the resources it relates to that way.',
      '',
      '| operation | action | roles |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    await expect(table).toMatchFileSnapshot('./authz-policy.md');
  });
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

// ---------------------------------------------------------------- scopes

/** A request that reaches one resource (or lists), for a caller related to it in one way. */
interface Probe {
  kind: string;
  method: string;
  path: string;
  body?: unknown;
  /** The caller, when the probe varies who asks rather than what is asked for (a requester). */
  caller?: Partial<Caller>;
  /** The resource's units (unit dimensions): `all` of them must be covered (both legs of a transfer), or `any`. */
  units?: { of: string[]; mode: 'all' | 'any' };
  /** For a list: whether the resource is in it. */
  sees?: (body: any) => boolean;
  /** For a list of the caller's own roots: the units returned, each of which must be covered. */
  returns?: (body: any) => string[];
  /** A create acts in the caller's own tenant: another tenant's caller is not asking for this resource. */
  creates?: boolean;
}
/** One probe, or several (a transfer both ways, so that each of its legs is the one left uncovered in turn). */
type ProbeFor = (rel: string, role: string, dim: string) => Probe | Probe[] | undefined;
const probesOf = (p: Probe | Probe[] | undefined): Probe[] => (p === undefined ? [] : Array.isArray(p) ? p : [p]);

const FLAT: Record<string, [own: string, sibling: string]> = {
  hospital: ['county-people', 'xining-first'],
  township: ['dongguan', 'chengguan'],
  team: ['maintenance', 'electrical'],
  'case-team': ['maintenance', 'electrical'],
  area: ['north', 'south'],
};
const RELATIONS: Record<string, string[]> = {
  flat: ['own', 'sibling', 'none'],
  unit: ['own', 'child', 'parent', 'sibling', 'two-down', 'none'],
  person: ['own', 'sibling'],
};
const classOf = (dim: string) => (dim in FLAT ? 'flat' : dim in UNIT_COVERS ? 'unit' : 'person');

const scene = {
  stay: '',
  eligibility: '',
  repair: '',
  registration: '',
  house: '',
  registeredIdNumber: '',
  parcel: '',
  transfer: '',
  pending: '',
  today: '',
  rules: {} as Record<string, unknown>,
};
const fresh = (() => {
  let n = 0;
  return (p: string) => `${p}-${Date.now().toString(36)}-${++n}`;
})();
let idSeq = 0;
let registered = 0;
/** A floating resident in the north area, with an identity number no one else has. */
const registrationInput = () => {
  const first17 = `630104199003${String(10 + (registered % 18)).padStart(2, '0')}${String(++registered).padStart(3, '0')}`;
  return {
    name: '探针',
    idNumber: first17 + checkCharacter(first17),
    origin: { province: '甘肃', city: '临夏', county: '东乡' },
    address: '北区 1 号',
    area: 'north',
    arrivedOn: '2026-10-01',
    intendedStayMonths: 6,
    marital: 'single',
    document: 'id-card',
  };
};
/** A valid-looking identity number no one else has. */
const idNumber = () => `63012119${String(60 + (++idSeq % 30)).padStart(2, '0')}0303${String(2000 + idSeq).slice(-4)}`;

const NCMS = 'ncms';
const PROPERTY = 'property';
const CAMPUS = 'campus-post';
const COMMUNITY = 'community';
const ACCOUNT = 'hhht-xc:revenue';
const LEGS = { of: ['hhht-xc', 'hhht-xc-zhongshan'], mode: 'all' as const };
const ANY_LEG = { of: ['hhht-xc', 'hhht-xc-zhongshan'], mode: 'any' as const };
const ONE = { of: ['hhht-xc'], mode: 'all' as const };
const has = (id: string) => (body: any) => JSON.stringify(body).includes(id);

/** Every operation that narrows a role by a dimension has a probe; a new one without is a failure. */
const PROBES: Record<string, ProbeFor> = {
  'POST /v1/ncms/stays': () => ({
    kind: NCMS,
    method: 'POST',
    path: '/v1/ncms/stays',
    body: { hospitalId: 'county-people', patient: { name: '探针', idNumber: idNumber() }, admittedOn: scene.today },
    creates: true,
  }),
  'GET /v1/ncms/stays': () => ({ kind: NCMS, method: 'GET', path: '/v1/ncms/stays?hospital=county-people', sees: has(scene.stay) }),
  'GET /v1/ncms/stays/{id}': () => ({ kind: NCMS, method: 'GET', path: `/v1/ncms/stays/${scene.stay}` }),
  'POST /v1/ncms/stays/{id}/bill-lines': () => ({
    kind: NCMS,
    method: 'POST',
    path: `/v1/ncms/stays/${scene.stay}/bill-lines`,
    body: { lines: [{ code: 'T0001', description: '探针', quantity: '1', unitPrice: '0.01' }] },
  }),
  'GET /v1/ncms/stays/{id}/pre-settlement': () => ({ kind: NCMS, method: 'GET', path: `/v1/ncms/stays/${scene.stay}/pre-settlement` }),
  // A discharge before the admission is refused by the rules — after the decision let it through.
  'POST /v1/ncms/stays/{id}/discharge': () => ({
    kind: NCMS,
    method: 'POST',
    path: `/v1/ncms/stays/${scene.stay}/discharge`,
    body: { dischargedOn: '2020-01-01' },
  }),
  'GET /v1/ncms/stays/{id}/approval-form': () => ({ kind: NCMS, method: 'GET', path: `/v1/ncms/stays/${scene.stay}/approval-form` }),
  'POST /v1/ncms/stays/{id}/patient': () => ({
    kind: NCMS,
    method: 'POST',
    path: `/v1/ncms/stays/${scene.stay}/patient`,
    body: { reason: '矩阵探针 matrix probe' },
  }),
  'GET /v1/ncms/periods/{period}/statements': () => ({
    kind: NCMS,
    method: 'GET',
    path: '/v1/ncms/periods/2026-10/statements',
    sees: (b) => b.items?.some((s: { hospitalId: string }) => s.hospitalId === 'county-people'),
  }),
  'POST /v1/cases': (rel, role) =>
    role === 'collector'
      ? { kind: COMMUNITY, method: 'POST', path: '/v1/cases', body: { type: 'registration', input: registrationInput() }, creates: true }
      : role === 'township-reviewer'
        ? {
            kind: NCMS,
            method: 'POST',
            path: '/v1/cases',
            body: {
              type: 'eligibility',
              input: { township: 'dongguan', householdHead: { name: '探针', idNumber: idNumber() }, requestedCategory: 'class3', evidence: ['e'] },
            },
            creates: true,
          }
        : rel === 'own'
          ? {
              kind: PROPERTY,
              method: 'POST',
              path: '/v1/cases',
              body: { type: 'repair', input: { category: 'plumbing', description: '探针报修', location: { building: '1' } } },
              creates: true,
            }
          : undefined, // one files only as oneself
  'GET /v1/cases': (rel, role) =>
    role === 'collector'
      ? { kind: COMMUNITY, method: 'GET', path: '/v1/cases?queue=station&limit=100', sees: has(scene.registration) }
      : role === 'township-reviewer'
        ? { kind: NCMS, method: 'GET', path: '/v1/cases?queue=eligibility', sees: has(scene.eligibility) }
        : role === 'team-member' || role === 'team-lead'
          ? { kind: PROPERTY, method: 'GET', path: '/v1/cases?team=maintenance', sees: has(scene.repair) }
          : { kind: PROPERTY, method: 'GET', path: '/v1/cases', sees: has(scene.repair), caller: requester(rel, 'resident-0101') },
  'GET /v1/cases/{id}': (rel, role) => caseProbe(rel, role, 'GET', ''),
  'GET /v1/cases/{id}/history': (rel, role) => caseProbe(rel, role, 'GET', '/history'),
  // An old expectedVersion: whoever may fire the action learns of the conflict (409), no one else does.
  'POST /v1/cases/{id}/transitions': (rel, role) =>
    caseProbe(rel, role, 'POST', '/transitions', {
      action: role === 'township-reviewer' ? 'approve_township' : role === 'team-member' || role === 'team-lead' ? 'start' : 'confirm',
      expectedVersion: 999,
    }),
  'POST /v1/cases/{id}/reveal': (rel, role) => caseProbe(rel, role, 'POST', '/reveal', { reason: 'matrix check' }),
  'GET /v1/campus/my/parcels': (rel) => ({
    kind: CAMPUS,
    method: 'GET',
    path: '/v1/campus/my/parcels',
    sees: has(scene.parcel),
    caller: requester(rel, 'student-2026001'),
  }),
  'GET /v1/campus/parcels/{id}': (rel) => ({
    kind: CAMPUS,
    method: 'GET',
    path: `/v1/campus/parcels/${scene.parcel}`,
    caller: requester(rel, 'student-2026001'),
  }),
  'POST /v1/campus/parcels/{id}/door-booking': (rel) => ({
    kind: CAMPUS,
    method: 'POST',
    path: `/v1/campus/parcels/${scene.parcel}/door-booking`,
    body: { date: '2020-01-01', slot: '12:00-13:00' },
    caller: requester(rel, 'student-2026001'),
  }),
  'GET /v1/campus/payslips/{month}/{worker}': (rel) => ({
    kind: CAMPUS,
    method: 'GET',
    path: `/v1/campus/payslips/${scene.today.slice(0, 7)}/worker-01`,
    caller: requester(rel, 'worker-01', 'worker-09'),
  }),
  'POST /v1/campus/payslips/{month}/{worker}/disputes': (rel) => ({
    kind: CAMPUS,
    method: 'POST',
    path: `/v1/campus/payslips/${scene.today.slice(0, 7)}/worker-01/disputes`,
    body: { line: 0, reason: 'matrix check' },
    caller: requester(rel, 'worker-01', 'worker-09'),
  }),
  'POST /v1/property/requests': (rel) =>
    rel === 'own'
      ? {
          kind: PROPERTY,
          method: 'POST',
          path: '/v1/property/requests',
          body: { type: 'repair', input: { category: 'plumbing', description: '探针报修' } },
          creates: true,
        }
      : undefined, // one files only for one's own household
  'GET /v1/property/households/{id}/statement': (rel) => ({
    kind: PROPERTY,
    method: 'GET',
    path: '/v1/property/households/1-1-101/statement',
    caller: requester(rel, 'resident-0101'),
  }),
  'POST /v1/property/households/{id}/payments': (rel) => ({
    kind: PROPERTY,
    method: 'POST',
    path: '/v1/property/households/1-1-101/payments',
    body: { id: fresh('matrix-pay'), amount: '0.01', method: 'wechat' },
    caller: requester(rel, 'resident-0101'),
  }),
  'GET /v1/property/households/{id}/payments/{payment}/receipt': (rel) => ({
    kind: PROPERTY,
    method: 'GET',
    path: '/v1/property/households/1-1-101/payments/demo-1-1-101/receipt',
    caller: requester(rel, 'resident-0101'),
  }),
  'GET /v1/property/teams': () => ({
    kind: PROPERTY,
    method: 'GET',
    path: '/v1/property/teams',
    // The demo estate's maintenance team (another estate has teams of the same names, but nobody on them).
    sees: (body) => body.items?.some((x: { team: string; members: unknown[] }) => x.team === 'maintenance' && x.members.length > 0),
  }),
  'PUT /v1/property/teams/{team}': () => ({
    kind: PROPERTY,
    method: 'PUT',
    path: '/v1/property/teams/maintenance',
    body: { members: ['tech-01', 'tech-02', 'tech-03'], leads: ['lead-01'], policy: 'round-robin' },
    // Every estate has a team of this name: another estate's caller sets its own.
    creates: true,
  }),
  'GET /v1/community/areas': () => ({
    kind: COMMUNITY,
    method: 'GET',
    path: '/v1/community/areas',
    sees: (body) => body.items?.some((x: { area: string }) => x.area === 'north'),
  }),
  // Every station may have an area of this name: another station's collector reads their own.
  'GET /v1/community/areas/{area}/visits': () => ({ kind: COMMUNITY, method: 'GET', path: '/v1/community/areas/north/visits', creates: true }),
  'GET /v1/community/houses/{id}/residents': () => ({ kind: COMMUNITY, method: 'GET', path: `/v1/community/houses/${scene.house}/residents` }),
  'POST /v1/community/persons/lookup': () => ({
    kind: COMMUNITY,
    method: 'POST',
    path: '/v1/community/persons/lookup',
    body: { idNumber: scene.registeredIdNumber },
  }),
  'GET /v1/community/persons/{id}/cases': () => ({ kind: COMMUNITY, method: 'GET', path: `/v1/community/persons/${scene.registration}/cases` }),
  'GET /v1/property/my/mail': (rel) => ({ kind: PROPERTY, method: 'GET', path: '/v1/property/my/mail', caller: requester(rel, 'resident-0101') }),
  'GET /v1/property/my/household': (rel) => ({ kind: PROPERTY, method: 'GET', path: '/v1/property/my/household', caller: requester(rel, 'resident-0101') }),
  'GET /v1/mailbox': (rel, role) => ({
    kind: kindOfRole(role) ?? CAMPUS,
    method: 'GET',
    path: `/v1/mailbox?recipient=${rel === 'own' ? '{sub}' : 'someone-else'}`,
    sees: has('matrix-mail'),
  }),
  'GET /v1/ledger/accounts/{id}': () => ({ kind: CAMPUS, method: 'GET', path: `/v1/ledger/accounts/${ACCOUNT}`, units: ONE }),
  'PUT /v1/ledger/accounts/{id}/rules': () => ({ kind: CAMPUS, method: 'PUT', path: `/v1/ledger/accounts/${ACCOUNT}/rules`, body: scene.rules, units: ONE }),
  'GET /v1/ledger/accounts/{id}/statement': () => ({
    kind: CAMPUS,
    method: 'GET',
    path: `/v1/ledger/accounts/${ACCOUNT}/statement?from=2026-01-01&to=2026-01-31`,
    units: ONE,
  }),
  'POST /v1/ledger/transfers': () =>
    [
      ['hhht-xc:revenue', 'hhht-xc-zhongshan:revenue'],
      ['hhht-xc-zhongshan:revenue', 'hhht-xc:revenue'],
    ].map(([debit, credit]) => ({
      kind: CAMPUS,
      method: 'POST',
      path: '/v1/ledger/transfers',
      body: { id: fresh('matrix-transfer'), debit, credit, amount: '0.01', memo: 'matrix' },
      units: LEGS,
    })),
  'POST /v1/ledger/transfers/{id}/post': () => ({
    kind: CAMPUS,
    method: 'POST',
    path: `/v1/ledger/transfers/${scene.pending}/post`,
    body: { id: fresh('matrix-post') },
    units: LEGS,
  }),
  'POST /v1/ledger/transfers/{id}/void': () => ({
    kind: CAMPUS,
    method: 'POST',
    path: `/v1/ledger/transfers/${scene.pending}/void`,
    body: { id: fresh('matrix-void') },
    units: LEGS,
  }),
  'GET /v1/ledger/transfers/{id}': () => ({ kind: CAMPUS, method: 'GET', path: `/v1/ledger/transfers/${scene.transfer}`, units: ANY_LEG }),
  'GET /v1/ledger/transfers/{id}/receipt': () => ({ kind: CAMPUS, method: 'GET', path: `/v1/ledger/transfers/${scene.transfer}/receipt`, units: ANY_LEG }),
  'GET /v1/ledger/units': () => ({
    kind: CAMPUS,
    method: 'GET',
    path: '/v1/ledger/units',
    returns: (b) => b.items.map((u: { id: string }) => u.id),
    sees: (b) => b.items.length > 0,
  }),
  'GET /v1/ledger/units/{id}': () => ({ kind: CAMPUS, method: 'GET', path: '/v1/ledger/units/hhht-xc', units: ONE }),
  'GET /v1/ledger/units/{id}/sub-ledgers': () => ({ kind: CAMPUS, method: 'GET', path: '/v1/ledger/units/hhht-xc/sub-ledgers', units: ONE }),
  'POST /v1/ledger/deposits': () => ({
    kind: CAMPUS,
    method: 'POST',
    path: '/v1/ledger/deposits',
    body: { id: fresh('matrix-deposit'), unit: 'hhht-xc', fundNature: 'postal', amount: '0.01' },
    units: ONE,
    creates: true,
  }),
  'POST /v1/ledger/bank-fees': () => ({
    kind: CAMPUS,
    method: 'POST',
    path: '/v1/ledger/bank-fees',
    body: { id: fresh('matrix-fee'), unit: 'hhht-xc', amount: '0.01' },
    units: ONE,
    creates: true,
  }),
  'POST /v1/ledger/expected': () => ({
    kind: CAMPUS,
    method: 'POST',
    path: '/v1/ledger/expected',
    body: { date: '2026-01-02', unit: 'hhht-xc', fundNature: 'postal', amount: '1.00' },
    units: ONE,
    creates: true,
  }),
  'GET /v1/ledger/reconciliation/{date}': () => ({
    kind: CAMPUS,
    method: 'GET',
    path: `/v1/ledger/reconciliation/${scene.today}`,
    units: ONE,
    sees: (b) => b.differences?.some((d: { unit: string }) => d.unit === 'hhht-xc'),
  }),
  'GET /v1/settlement-runs': () => ({ kind: CAMPUS, method: 'GET', path: '/v1/settlement-runs', units: ONE, sees: (b) => b.items?.some(findsHhhtXc) }),
  'GET /v1/settlement-runs/{date}': () => ({ kind: CAMPUS, method: 'GET', path: `/v1/settlement-runs/${scene.today}`, units: ONE, sees: findsHhhtXc }),
};

const findsHhhtXc = (run: any) => (run.findings?.reconciliation ?? []).some((f: { unit: string }) => f.unit === 'hhht-xc');

function caseProbe(rel: string, role: string, method: string, tail: string, body?: unknown): Probe {
  const ncms = role === 'township-reviewer';
  const community = role === 'collector';
  return {
    kind: ncms ? NCMS : community ? COMMUNITY : PROPERTY,
    method,
    path: `/v1/cases/${ncms ? scene.eligibility : community ? scene.registration : scene.repair}${tail}`,
    ...(body ? { body } : {}),
    ...(role === 'resident' ? { caller: requester(rel, 'resident-0101') } : {}),
  };
}

/** For the requester relation the asker varies: the resource's own person, or someone else holding the same role. */
function requester(rel: string, own: string, other = `matrix-other-${own}`): Partial<Caller> {
  return { sub: rel === 'own' ? own : other };
}

/** What the relation means for the probe's resource: is it covered? ('none' is decided at the door.) */
function covered(probe: Probe, dim: string, rel: string, caller: Caller): boolean {
  if (classOf(dim) === 'unit') {
    const unit = UNIT_CALLER[rel]!;
    const covers = UNIT_COVERS[dim]!;
    if (!probe.units) return true;
    return probe.units.mode === 'all' ? probe.units.of.every((u) => covers(unit, u)) : probe.units.of.some((u) => covers(unit, u));
  }
  void caller;
  return rel === 'own';
}

function callerAt(probe: Probe, role: string, dim: string, rel: string): Caller {
  const base = homeCaller(role, DEMO(probe.kind), probe.kind);
  const caller: Caller = { ...base, scopes: { ...base.scopes }, ...probe.caller };
  const cls = classOf(dim);
  if (cls === 'flat') caller.scopes![NAMED_AS[dim] ?? dim] = rel === 'own' ? [FLAT[dim]![0]] : rel === 'sibling' ? [FLAT[dim]![1]] : [];
  if (cls === 'unit') caller.scopes!.unit = rel === 'none' ? [] : [UNIT_CALLER[rel]!];
  return caller;
}

describe('the authorization matrix: every scoped operation × every relation between the caller’s scope and the resource’s', () => {
  beforeAll(async () => {
    scene.today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const as = async (tenant: string, roles: string[], sub: string, scopes?: Record<string, string[]>) => t.token(tenant, roles, sub, scopes);
    const ok = async (res: Promise<{ status: number; body: any }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`scene setup failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    // NCMS: a registered beneficiary's stay at the county hospital, and a settled one of October with its statements.
    const office = await as(DEMO(NCMS), ['ncms-office'], 'office-01');
    const hospital = async (body: unknown) => ok(t.call('POST', '/v1/ncms/stays', { token: office, body }));
    scene.stay = (await hospital({ hospitalId: 'county-people', patient: { name: '马德福', idNumber: '630121195602143417' }, admittedOn: scene.today })).id;
    const october = (await hospital({ hospitalId: 'county-people', patient: { name: '十月', idNumber: idNumber() }, admittedOn: '2026-10-01' })).id;
    await ok(
      t.call('POST', `/v1/ncms/stays/${october}/bill-lines`, {
        token: office,
        body: { lines: [{ code: 'T0001', description: 'x', quantity: '1', unitPrice: '100.00' }] },
      }),
    );
    await ok(t.call('POST', `/v1/ncms/stays/${october}/discharge`, { token: office, body: { dischargedOn: '2026-10-05' } }));
    await ok(t.call('POST', '/v1/ncms/periods/2026-10/statements', { token: office }));
    const township = await as(DEMO(NCMS), ['township-reviewer'], 'township-01', { township: ['dongguan'] });
    scene.eligibility = (
      await ok(
        t.call('POST', '/v1/cases', {
          token: township,
          headers: { 'idempotency-key': idem() },
          body: {
            type: 'eligibility',
            input: { township: 'dongguan', householdHead: { name: '场景', idNumber: idNumber() }, requestedCategory: 'class3', evidence: ['e'] },
          },
        }),
      )
    ).id;
    // Property: a resident's repair, dispatched to maintenance.
    const resident = await as(DEMO(PROPERTY), ['resident'], 'resident-0101');
    scene.repair = (
      await ok(
        t.call('POST', '/v1/cases', {
          token: resident,
          headers: { 'idempotency-key': idem() },
          body: { type: 'repair', input: { category: 'plumbing', description: '厨房漏水', location: { building: '3' } } },
        }),
      )
    ).id;
    const desk = await as(DEMO(PROPERTY), ['desk-agent'], 'desk-01');
    await ok(t.call('POST', `/v1/cases/${scene.repair}/transitions`, { token: desk, body: { action: 'dispatch', input: { team: 'maintenance' } } }));
    // Community: a registration in the north area.
    const registered = () => {
      const input = registrationInput();
      scene.registeredIdNumber = input.idNumber;
      return input;
    };
    const collector = await as(DEMO(COMMUNITY), ['collector'], 'collector-01', { area: ['north'] });
    scene.registration = (
      await ok(t.call('POST', '/v1/cases', { token: collector, headers: { 'idempotency-key': idem() }, body: { type: 'registration', input: registered() } }))
    ).id;
    scene.house = (
      await ok(
        t.call('POST', '/v1/cases', {
          token: collector,
          headers: { 'idempotency-key': idem() },
          body: {
            type: 'rented-house',
            input: {
              address: '北区 探针院',
              area: 'north',
              landlordName: '探针',
              landlordIdNumber: registrationInput().idNumber,
              landlordPhone: '13800009999',
              rooms: ['1'],
            },
          },
        }),
      )
    ).id;
    // Campus: a parcel for a student, a second qualified worker; the ledger: a transfer and a pending one between the county and its branch, and a difference to reconcile.
    const supervisor = await as(DEMO(CAMPUS), ['supervisor'], 'supervisor');
    const year = scene.today.slice(0, 4);
    await ok(
      t.call('PUT', '/v1/campus/workers/worker-09', {
        token: supervisor,
        body: { name: '孙九', trainingDone: true, examPassed: true, contractFrom: `${year}-01-01`, contractUntil: `${year}-12-31` },
      }),
    );
    scene.parcel = (
      await ok(
        t.call('POST', '/v1/campus/parcels', {
          token: supervisor,
          body: { tracking: `MX${Date.now()}`, carrier: '邮政', recipient: { number: '2026001' }, shelf: 'M-1' },
        }),
      )
    ).id;
    const admin = await as(DEMO(CAMPUS), ['tenant-admin'], 'supervisor');
    await ok(
      t.call('POST', '/v1/ledger/deposits', {
        token: admin,
        body: { id: fresh('scene-deposit'), unit: 'hhht-xc-zhongshan', fundNature: 'postal', amount: '100.00' },
      }),
    );
    scene.transfer = fresh('scene-transfer');
    await ok(
      t.call('POST', '/v1/ledger/transfers', {
        token: admin,
        body: { id: scene.transfer, debit: 'hhht-xc:revenue', credit: 'hhht-xc-zhongshan:revenue', amount: '1.00', memo: 'scene' },
      }),
    );
    scene.pending = fresh('scene-pending');
    await ok(
      t.call('POST', '/v1/ledger/transfers', {
        token: admin,
        body: {
          id: scene.pending,
          debit: 'hhht-xc:revenue',
          credit: 'hhht-xc-zhongshan:revenue',
          amount: '1.00',
          memo: 'scene',
          pending: { timeoutSeconds: 86400 },
        },
      }),
    );
    scene.rules = (await ok(t.call('GET', `/v1/ledger/accounts/${ACCOUNT}`, { token: admin }))).account.rules;
    await ok(t.call('POST', '/v1/ledger/expected', { token: admin, body: { date: scene.today, unit: 'hhht-xc', fundNature: 'postal', amount: '1.00' } }));
    await ok(t.settle(admin, scene.today));
    // Every role's demo person has a message in their own mailbox.
    for (const role of everyRole) {
      const kind = kindOfRole(role) ?? CAMPUS;
      const { sub } = homeCaller(role, DEMO(kind), kind);
      const now = new Date();
      const item = {
        id: fresh('matrix-mail'),
        tenantId: DEMO(kind),
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now.toISOString(),
        createdAt: now.toISOString(),
      };
      const payload = { kind: 'message' as const, channel: 'mailbox' as const, recipient: sub, subject: 'matrix-mail', body: 'matrix-mail', event: 'matrix' };
      await deliverToMailbox(t.platform.store, { ...item, payload }, payload, now);
    }
  }, 120_000);

  it('answers each relation as the dimension means it, for the role the operation narrows, and a refused write changes nothing', async () => {
    const failures: string[] = [];
    const unprobed: string[] = [];
    let cells = 0;
    for (const op of operations) {
      const scoped = Object.entries(op.authz.roles).flatMap(([role, r]) =>
        relationsOf(r)
          .filter((d) => d !== 'tenant')
          .map((dim) => [role, dim] as const),
      );
      if (scoped.length === 0) continue;
      const probeFor = PROBES[`${op.method} ${op.path}`];
      if (!probeFor) {
        unprobed.push(`${op.method} ${op.path}`);
        continue;
      }
      const plan: Array<{ caller: Caller; probe: Probe; expected: Outcome; label: string }> = [];
      for (const [role, dim] of scoped) {
        for (const rel of RELATIONS[classOf(dim)]!) {
          for (const probe of probesOf(probeFor(rel, role, dim))) {
            const caller = callerAt(probe, role, dim, rel);
            const expected: Outcome =
              rel === 'none' ? 'forbidden' : probe.returns ? 'pass' : covered(probe, dim, rel, caller) ? (probe.sees ? 'visible' : 'pass') : 'hidden';
            plan.push({ caller, probe, expected, label: `${role} (${dim}: ${rel})` });
          }
        }
        // The same role in another tenant of the same kind, and in a tenant of another kind.
        const own = probesOf(probeFor('own', role, dim))[0];
        if (own && !own.creates) {
          const caller = callerAt(own, role, dim, 'own');
          plan.push({ caller: { ...caller, tenant: OTHER(own.kind) }, probe: own, expected: 'hidden', label: `${role} (another ${own.kind} tenant)` });
          const elsewhere = KINDS.map((k) => k.kind).find((k) => k !== own.kind && k !== CAMPUS)!;
          const served = !PLUGIN_TAGS.has(op.tag);
          plan.push({
            caller: { ...caller, tenant: DEMO(elsewhere) },
            probe: own,
            expected: !served ? 'gone' : rolesOfKind(elsewhere).has(role) ? 'hidden' : 'forbidden',
            label: `${role} (a ${elsewhere} tenant)`,
          });
        }
      }
      const before = op.method === 'GET' ? '' : await tableHash();
      const run = async (cell: (typeof plan)[number]) => {
        const path = cell.probe.path.replace('{sub}', encodeURIComponent(cell.caller.sub));
        const writesBefore = writes();
        const res = await send(cell.caller, false, cell.probe.method, path, cell.probe.body);
        cells++;
        let fault = judge(cell.expected, res, cell.probe.sees);
        if (!fault && cell.probe.returns && res.status === 200) {
          const unit = cell.caller.scopes?.unit?.[0];
          const stray = cell.probe.returns(res.body).filter((u) => unit !== undefined && !UNIT_COVERS.unit!(unit, u));
          if (stray.length) fault = `returned units the caller does not reach: ${stray.join(', ')}`;
        }
        if (!fault && cell.expected !== 'pass' && cell.expected !== 'visible' && writes() !== writesBefore) fault = 'a refused request wrote';
        if (fault) failures.push(`${op.method} ${op.path} as ${cell.label}: ${fault}`);
      };
      for (const cell of plan.filter((c) => c.expected !== 'pass' && c.expected !== 'visible')) await run(cell);
      if (op.method !== 'GET' && (await tableHash()) !== before) failures.push(`${op.method} ${op.path}: refused requests changed the table`);
      for (const cell of plan.filter((c) => c.expected === 'pass' || c.expected === 'visible')) await run(cell);
    }
    console.log(`authorization matrix, by scope: ${cells} cells`);
    expect(unprobed).toEqual([]);
    expect(failures).toEqual([]);
  }, 600_000);
});
