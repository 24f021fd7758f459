/**
 * The module contract against shapes the other tenant kinds need: sub-tasks
 * dispatched to several departments under one owning desk, automatic
 * advance when all are done, sealed personal data, money per case, and one
 * transaction per change.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KINDS } from '../../shared/kinds/index.ts';

const kindNamed = (name: string) => KINDS.find((k) => k.kind === name)!;

import { mailboxKeys } from '../../shared/capabilities/outbox/keys.ts';
import { Sealer } from '../../shared/capabilities/sealing/sealer.ts';
import { accessFor, grant } from '../../shared/kit/access.ts';
import { Ledger } from '../../shared/ledger/ledger.ts';
import { CaseService } from '../../shared/pipeline/cases.ts';
import type { Actor, CaseType, TenantKind } from '../../shared/pipeline/contract.ts';
import { caseKeys } from '../../shared/pipeline/keys.ts';
import { caseTypeFaults } from '../../shared/pipeline/state-machine.ts';
import { buildAuthority } from '../../shared/platform/authority.ts';
import { type Tenant, TenantDirectory } from '../../shared/platform/tenants.ts';
import type { Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

const DEPARTMENTS = ['family-planning', 'governance', 'police'];

const registration: CaseType = {
  type: 'registration',
  title: 'Floating resident registration',
  intake: {
    schema: z.strictObject({ name: z.string().min(1), idNumber: z.string().regex(/^\d{17}[\dX]$/), address: z.string().min(1), fee: z.string().optional() }),
    roles: ['collector'],
    sensitive: ['idNumber', 'address'],
  },
  states: {
    collected: { label: 'collected' },
    checking: { label: 'checking' },
    approved: { label: 'approved' },
    archived: { label: 'archived', terminal: true },
  },
  initial: 'collected',
  staffRoles: ['collector', 'tenant-admin', 'police'],
  revealRoles: ['police'],
  onAllTasksDone: 'approve',
  transitions: {
    share: {
      label: 'share with the departments',
      from: ['collected'],
      to: 'checking',
      roles: ['collector'],
      effects: () => ({ dispatch: DEPARTMENTS.map((team) => ({ team, title: 'check' })) }),
    },
    check: {
      label: 'department check done',
      from: ['checking'],
      to: 'checking',
      roles: ['department'],
      actor: 'any',
      input: z.strictObject({ note: z.string().optional() }),
      effects: ({ actor }) => ({ completeTasksOf: actor.scopes.team ?? [] }),
    },
    approve: { label: 'approve', from: ['checking'], to: 'approved', roles: ['collector'] },
    archive: {
      label: 'archive',
      from: ['approved'],
      to: 'archived',
      roles: ['collector'],
      input: z.strictObject({ fee: z.string() }),
      effects: ({ case: c, input }) => ({
        transfers: [{ id: `reg:${c.id}:fee`, debit: 'clearing:cash', credit: 'income:permits', amount: input.fee, currency: 'CNY', memo: 'permit fee' }],
      }),
    },
  },
  queues: ['station'],
  route: () => ({ queue: 'station', priority: 'normal', sla: { minutes: 60, basis: 'business' }, scope: { area: 'north' } }),
  notify: {
    created: [{ to: 'requester', subject: () => 'received', body: () => 'received' }],
    approve: [{ to: 'requester', subject: () => 'approved', body: () => 'approved' }],
    archive: [{ to: 'requester', subject: () => 'archived', body: () => 'archived' }],
  },
};

const community = kindNamed('community');
// Departments are narrowed by team: each reaches the cases it holds a task of.
const kind: TenantKind = {
  ...community,
  kind: 'test-community',
  roles: { ...community.roles, department: { label: { zh: '部门', en: 'Department' }, scopes: ['team'] } },
  caseTypes: [registration],
};
const kinds = new Map([[kind.kind, kind]]);
const authority = buildAuthority(kinds as never, () => [], new Map());
/** A person acting in the station, through the one decision. */
const as = (actor: Actor) => accessFor(authority, actor, tenant, { action: 'test', resource: '*', roles: grant(actor.roles, 'tenant') });

let store: Store;
let cases: CaseService;
let tenant: Tenant;
const collector: Actor = { sub: 'collector-1', tenantId: 'station-1', roles: ['collector'], scopes: { area: ['north'] } };
const dept = (team: string): Actor => ({ sub: `${team}-1`, tenantId: 'station-1', roles: ['department'], scopes: { team: [team] } });
const input = { name: '张三', idNumber: '11010519491231002X', address: '北区 3 栋 201' };

beforeAll(async () => {
  ({ store } = await createTestTable('contract'));
  const sealer = new Sealer(randomBytes(32), randomBytes(32));
  const ledger = new Ledger(store, {
    accounts: [
      { id: 'clearing:cash', kind: 'clearing', name: 'cash' },
      { id: 'income:permits', kind: 'income', name: 'permits' },
    ],
  });
  cases = new CaseService({ store, kinds, sealer, cursorSecret: 'c', ledger });
  tenant = await new TenantDirectory(store).create({
    id: 'station-1',
    kind: kind.kind,
    name: 'Station',
    calendar: kind.defaultCalendar,
    status: 'active',
    createdAt: new Date().toISOString(),
  });
});

describe('registered modules', () => {
  it('declare sound state machines', () => {
    for (const k of KINDS) for (const ct of k.caseTypes) expect([ct.type, caseTypeFaults(ct)]).toEqual([ct.type, []]);
    expect(caseTypeFaults(registration)).toEqual([]);
  });

  it('catches unsound declarations', () => {
    const broken: CaseType = {
      ...registration,
      initial: 'nowhere',
      transitions: { ...registration.transitions, leave: { label: 'x', from: ['archived'], to: 'ghost', roles: [] } },
      notify: { nothing: [] },
    };
    const faults = caseTypeFaults(broken);
    expect(faults).toEqual(
      expect.arrayContaining([
        'initial state nowhere is not declared',
        'transition leave names unknown state ghost',
        'transition leave leaves terminal state archived',
        'transition leave allows no role',
        'notification hangs on unknown event nothing',
      ]),
    );
  });
});

describe('the pipeline with a multi-department case type', () => {
  it('writes case, first event, outbox and idempotency record in exactly one call', async () => {
    store.resetMetrics();
    const out = await cases.submit(as(collector), tenant, { type: 'registration', input }, 'contract-key-0001');
    expect(store.metrics.calls).toEqual({ TransactWriteItems: 1 });
    const partition = await store.query({ pk: caseKeys.partition(tenant.id, out.body.id) });
    expect(partition.items.map((i) => i.sk)).toEqual(['CASE', 'EVT#000001']);
  });

  it('seals personal data at rest and shows it masked', async () => {
    const out = await cases.submit(as(collector), tenant, { type: 'registration', input });
    expect(out.body.data).toMatchObject({ name: '张三', idNumber: '110***********002X', address: '北********1' });
    const raw = JSON.stringify(await store.get(caseKeys.item(tenant.id, out.body.id)));
    expect(raw).not.toContain('11010519491231002X');
    expect(raw).not.toContain('3 栋 201');
    const police: Actor = { sub: 'police-1', tenantId: tenant.id, roles: ['police'], scopes: {} };
    expect(await cases.reveal(as(police), tenant, out.body.id, 'identity check')).toEqual({ idNumber: input.idNumber, address: input.address });
    await expect(cases.reveal(as(collector), tenant, out.body.id, 'curious')).rejects.toMatchObject({ status: 403 });
  });

  it('dispatches to three departments under one owner and advances when the last is done', async () => {
    const { body } = await cases.submit(as(collector), tenant, { type: 'registration', input });
    const shared = await cases.transition(as(collector), tenant, body.id, { action: 'share' });
    expect(shared.body.tasks.map((t) => [t.team, t.status])).toEqual(DEPARTMENTS.map((d) => [d, 'open']));
    expect(shared.body.queue).toBe('station');

    let last = shared.body;
    for (const d of DEPARTMENTS) last = (await cases.transition(as(dept(d)), tenant, body.id, { action: 'check', input: {} })).body;
    expect(last.state).toBe('approved');
    expect(last.tasks.every((t) => t.status === 'done')).toBe(true);
    const history = await cases.history(as(collector), tenant, body.id);
    expect(history.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'collector-1'],
      ['share', 'collector-1'],
      ['check', 'family-planning-1'],
      ['check', 'governance-1'],
      ['check', 'police-1'],
      ['approve', 'system'],
    ]);
    const teamTasks = await store.query({ index: 'gsi1', pk: caseKeys.team(tenant.id, 'police') });
    expect(teamTasks.items.some((i) => (i.task as { status: string }).status === 'done')).toBe(true);
  });

  it('refuses a transition whose settlement is invalid, writing nothing', async () => {
    const { body } = await cases.submit(as(collector), tenant, { type: 'registration', input });
    await cases.transition(as(collector), tenant, body.id, { action: 'share' });
    for (const d of DEPARTMENTS) await cases.transition(as(dept(d)), tenant, body.id, { action: 'check', input: {} });
    const before = await store.query({ pk: caseKeys.partition(tenant.id, body.id) });
    await expect(cases.transition(as(collector), tenant, body.id, { action: 'archive', input: { fee: '1.005' } })).rejects.toMatchObject({
      status: 422,
      slug: 'invalid-settlement',
    });
    const after = await store.query({ pk: caseKeys.partition(tenant.id, body.id) });
    expect(after.items).toEqual(before.items);
    const ok = await cases.transition(as(collector), tenant, body.id, { action: 'archive', input: { fee: '20.00' } });
    expect(ok.body.state).toBe('archived');
  });

  it('refuses a case routed to a queue its type did not declare (the dashboard would not count it), writing nothing', async () => {
    const stray: TenantKind = { ...kind, caseTypes: [{ ...registration, queues: ['elsewhere'] }] };
    const strict = new CaseService({
      store,
      kinds: new Map([[kind.kind, stray]]),
      sealer: new Sealer(randomBytes(32), randomBytes(32)),
      cursorSecret: 'c',
      ledger: new Ledger(store),
    });
    store.resetMetrics();
    await expect(strict.submit(as(collector), tenant, { type: 'registration', input })).rejects.toThrow('undeclared queue station');
    expect(store.metrics.calls.TransactWriteItems ?? 0).toBe(0);
  });

  it('leaves no message behind a transition refused after planning: a rule’s 422, or the race it lost (409)', async () => {
    const { body } = await cases.submit(as(collector), tenant, { type: 'registration', input });
    await cases.transition(as(collector), tenant, body.id, { action: 'share' });
    for (const d of DEPARTMENTS) await cases.transition(as(dept(d)), tenant, body.id, { action: 'check', input: {} });
    const archived = async () =>
      (await store.query({ index: 'gsi1', pk: mailboxKeys.all(tenant.id) })).items.filter((i) => {
        const m = i.message as { caseId?: string; event?: string };
        return m.caseId === body.id && m.event === 'archive';
      }).length;
    // The plan held a notice; the ledger refused the fee: neither is written.
    await expect(cases.transition(as(collector), tenant, body.id, { action: 'archive', input: { fee: '-5.00' } })).rejects.toMatchObject({ status: 422 });
    expect(await archived()).toBe(0);
    // Two archive the same version at once: one wins, the other's notice is never written.
    const { version } = await cases.get(as(collector), tenant, body.id);
    const outcomes = await Promise.allSettled(
      ['20.00', '30.00'].map((fee) => cases.transition(as(collector), tenant, body.id, { action: 'archive', input: { fee }, expectedVersion: version })),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
    expect(await archived()).toBe(1);
  });

  it('hides a scoped case from an actor scoped elsewhere', async () => {
    const { body } = await cases.submit(as(collector), tenant, { type: 'registration', input });
    const southCollector: Actor = { ...collector, sub: 'collector-2', scopes: { area: ['south'] } };
    await expect(cases.get(as(southCollector), tenant, body.id)).rejects.toMatchObject({ status: 404 });
    await expect(cases.get(as(collector), tenant, body.id)).resolves.toMatchObject({ id: body.id });
  });
});
