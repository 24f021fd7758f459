/**
 * The case engine: intake, transitions, reads. Each write is one
 * TransactWriteItems holding the case, its new event(s), tasks, ledger
 * postings, outbox messages and (with an Idempotency-Key) the idempotency
 * record, so a change and its consequences commit or fail together.
 */
import { DateTime } from 'luxon';
import { addBusinessMinutes, roundTheClock } from '../capabilities/calendar/calendar.ts';
import { idempotentWrite, type WriteOutcome } from '../capabilities/idempotency/idempotency.ts';
import { enqueue } from '../capabilities/outbox/outbox.ts';
import type { Webhook } from '../capabilities/outbox/webhooks.ts';
import { mask, type Sealer } from '../capabilities/sealing/sealer.ts';
import type { Access } from '../kernel/access.ts';
import { decodeCursor, encodeCursor } from '../kernel/cursor.ts';
import { ID_PATTERN, newId } from '../kernel/ids.ts';
import { inLanguage } from '../kernel/labels.ts';
import { fieldErrors, Problem, problem, problems } from '../kernel/problems.ts';
import { withRetries } from '../kernel/retry.ts';
import { titleAt } from '../kernel/schema-titles.ts';
import { type Ledger, type LedgerRequest, type TransferRequest, transferEntry } from '../ledger/ledger.ts';
import { Namespace } from '../store/namespace.ts';
import { conditions, type Item, type Store, TransactionConflict, type WriteAction } from '../store/store.ts';
import type { Actor, CaseDetail, CaseEvent, CaseType, CaseView, Channel, Effects, Tally, TaskView, Tenant, TenantKind, Transition } from './contract.ts';
import { caseKeys, reportKeys } from './keys.ts';
import { notificationsFor, recipientAddress } from './notifications.ts';
import { actingScope, type CasePermissions, casePermissions, caseScope } from './permissions.ts';
import { type ReportRow, reportAction, toReportRow } from './reports.ts';
import { Rosters } from './rosters.ts';
import { advanceClock, dueNotices, markNotices, packClock, reprioritiseClock, startClock, TIMER_LABELS, unpackClock } from './sla.ts';
import { transitionNamed } from './state-machine.ts';

export type { CaseDetail, CaseEvent } from './contract.ts';

export interface ListQuery {
  queue?: string;
  team?: string;
  mine?: boolean;
  limit: number;
  cursor?: string;
  /** Words to find: a case's reference or id, a room, a name, words of its description, a phone (by what its mask shows). */
  q?: string;
}

/** How many index pages one search request reads at most before it answers with what it found and a cursor to go on. */
const SEARCH_PAGES = 10;

/**
 * Whether a case answers a search: its id or reference, any visible text
 * of its data (a room, a name, a description), its requester — and a phone
 * typed in full against its masked form (first three and last four digits).
 */
export function caseMatches(view: Pick<CaseView, 'id' | 'data' | 'requester'>, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  if (view.id.toLowerCase().includes(needle) || view.requester.toLowerCase().includes(needle)) return true;
  const phone = /^\d{11}$/.test(needle) ? `${needle.slice(0, 3)}****${needle.slice(-4)}` : undefined;
  const leaves: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string' || typeof v === 'number') leaves.push(String(v).toLowerCase());
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(view.data);
  return leaves.some((l) => l.includes(needle) || (phone !== undefined && l === phone));
}

export interface PipelineDeps {
  store: Store;
  kinds: ReadonlyMap<string, TenantKind>;
  sealer: Sealer;
  cursorSecret: string;
  ledger: Ledger;
  clock?: () => Date;
  /** The tenant's webhook subscriptions, for the deliveries a change writes with it (briefly cached by the registry). */
  subscriptions?: (tenantId: string) => Promise<readonly Webhook[]>;
}

type StoredCase = Item & Omit<CaseView, 'tasks'> & { seq: number; sealed?: string; sealedFields?: string[]; openTasks: number; taskCount: number };

const MAX_TRANSITION_ATTEMPTS = 3;
const DAY_MS = 24 * 60 * 60_000;

/** Tallies summed per row (one transaction writes an item once), leaving out what adds up to nothing. */
function summed(tallies: readonly Tally[]): Map<string, Record<string, number>> {
  const rows = new Map<string, Record<string, number>>();
  for (const t of tallies) {
    const row = rows.get(t.row) ?? {};
    for (const [name, n] of Object.entries(t.add)) row[name] = (row[name] ?? 0) + n;
    rows.set(t.row, row);
  }
  for (const [row, add] of rows) {
    for (const [name, n] of Object.entries(add)) if (n === 0) delete add[name];
    if (Object.keys(add).length === 0) rows.delete(row);
  }
  return rows;
}

/** The platform acting on a tenant's cases by itself (an auto-close): it reads every case and fires only the actions declared `system`. */
function systemAccess(tenantId: string): Access {
  const access: Access = {
    actor: { sub: 'system', tenantId, roles: [], scopes: {} },
    permission: { action: 'case.system', resource: 'case', roles: {} },
    may: async () => true,
    allows: async () => true,
    require: async () => {},
    filter: async (items) => [...items],
    reach: async () => 'all',
    as: () => access,
    holds: () => false,
  };
  return access;
}

export class CaseService {
  private readonly store: Store;
  private readonly clock: () => Date;
  /** Team rosters: who is on a team, and whose turn it is. */
  readonly rosters: Rosters;

  constructor(private readonly deps: PipelineDeps) {
    this.store = deps.store;
    this.rosters = new Rosters(deps.store);
    this.clock = deps.clock ?? (() => new Date());
  }

  private subscriptions(tenantId: string): Promise<readonly Webhook[]> {
    return this.deps.subscriptions?.(tenantId) ?? Promise.resolve([]);
  }

  /** The lists a case type's intake fields are chosen from, as this tenant keeps them. */
  async intakeChoices(tenant: Tenant, ct: CaseType): Promise<Record<string, ReadonlyArray<{ value: string; caption: string }>>> {
    return ct.intake.choices ? ct.intake.choices({ records: new Namespace(this.store, tenant.kind).forTenant(tenant.id) }) : {};
  }

  caseTypes(tenant: Tenant): readonly CaseType[] {
    return this.deps.kinds.get(tenant.kind)?.caseTypes ?? [];
  }

  /** The permissions a case type's declaration gives its kind's roles. */
  permissions(tenant: Tenant, ct: CaseType): CasePermissions {
    return casePermissions(this.deps.kinds.get(tenant.kind)!, ct);
  }

  caseType(tenant: Tenant, type: string): CaseType {
    const ct = this.caseTypes(tenant).find((c) => c.type === type);
    if (!ct) {
      const known = this.caseTypes(tenant).map((c) => c.type);
      throw problems.validation([
        { field: 'type', message: known.length ? `unknown case type; this tenant handles: ${known.join(', ')}` : 'this tenant handles no case types yet' },
      ]);
    }
    return ct;
  }

  // ---------------------------------------------------------------- intake

  /**
   * Intake. A kind that knows who the request is for (a household's person,
   * verified by the kind) files it `for` them: they become the requester,
   * the caller is recorded as its taker; only the case type's `onBehalf`
   * roles may do that.
   */
  async submit(
    access: Access,
    tenant: Tenant,
    body: { type: string; input: unknown },
    idempotencyKey?: string,
    on?: { requester?: string; channel?: Channel },
  ): Promise<WriteOutcome<CaseDetail>> {
    const { actor } = access;
    const ct = this.caseType(tenant, body.type);
    const forSomeoneElse = on?.requester !== undefined && on.requester !== actor.sub;
    if (forSomeoneElse && !access.holds(ct.intake.onBehalf ?? [])) {
      throw problems.forbidden(`Filing a ${ct.type} for someone else needs one of the roles: ${(ct.intake.onBehalf ?? []).join(', ') || '(none)'}.`);
    }
    const requester = on?.requester ?? actor.sub;
    const submitting = access.as(this.permissions(tenant, ct).submit);
    if (!(await submitting.may())) throw problems.forbidden(`Submitting a ${ct.type} needs one of the roles: ${ct.intake.roles.join(', ')} (with its scope).`);
    const parsed = ct.intake.schema.safeParse(body.input);
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error.issues, 'input', (path) => titleAt(ct.intake.schema, path)));
    const input = parsed.data as Record<string, unknown>;

    // What a filing claims (a room's time) may be taken by another meanwhile: plan again, and the claim sees it.
    return this.writeOnce(
      tenant.id,
      { principal: actor.sub, key: idempotencyKey, fingerprint: ['submit', actor.sub, body.type, body.input, requester, on?.channel ?? null] },
      () => this.planSubmit(access, tenant, ct, input, requester, forSomeoneElse, on?.channel),
      MAX_TRANSITION_ATTEMPTS,
      'What this request claims was changed by someone else; try again.',
    );
  }

  /** A planned write made once per Idempotency-Key, planned again when a conflicting write got there first. */
  private writeOnce<T>(
    tenantId: string,
    req: { principal: string; key: string | undefined; fingerprint: unknown[] },
    plan: () => Promise<{ actions: WriteAction[]; status: number; body: T }>,
    attempts: number,
    conflict: string,
  ): Promise<WriteOutcome<T>> {
    return withRetries(() => idempotentWrite({ store: this.store, vault: this.deps.sealer }, { tenantId, ...req }, plan, this.clock()), {
      attempts,
      retryOn: (err) => err instanceof TransactionConflict,
      exhausted: () => problem('version-conflict', conflict),
    });
  }

  private async planSubmit(
    access: Access,
    tenant: Tenant,
    ct: CaseType,
    parsed: Record<string, unknown>,
    requester: string,
    forSomeoneElse: boolean,
    channel: Channel | undefined,
  ) {
    const { actor } = access;
    const submitting = access.as(this.permissions(tenant, ct).submit);
    const now = this.clock();
    const at = now.toISOString();
    const id = newId(now.getTime());
    const records = new Namespace(this.store, tenant.kind).forTenant(tenant.id);
    const tools = { blindIndex: (value: string) => this.deps.sealer.blindIndex(tenant.id, value) };
    // Another case the filing names (a permit's registration), as the caller may read it.
    const caseOf = async (caseId: string) => {
      try {
        return (await this.load(access, tenant, caseId)).view;
      } catch (err) {
        if (err instanceof Problem && err.status === 404) return undefined;
        throw err;
      }
    };
    const claimed = await ct.intake.claims?.({ input: parsed, caseId: id, actor, now, timeZone: tenant.calendar.timeZone, records, caseOf, ...tools });
    const input = { ...parsed, ...claimed?.data };
    const routing = ct.route(input, actor, now);
    const initial = routing.initial ?? ct.initial;
    if (!Object.hasOwn(ct.states, initial)) throw new Error(`case type ${ct.type} routed to undeclared state ${initial}`);
    // Work is filed only inside the submitter's own reach: a reviewer of one township cannot open a case in another's.
    if (
      !(await submitting.allows(caseScope({ requester: forSomeoneElse ? actor.sub : requester, team: routing.team, tasks: [], scope: routing.scope ?? {} })))
    ) {
      throw problems.forbidden(
        `This ${ct.type} would fall outside your scope (${Object.entries(routing.scope ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}).`,
      );
    }
    // The dashboard reads the declared queues; a case routed elsewhere would vanish from its figures.
    if (!ct.queues.includes(routing.queue)) throw new Error(`case type ${ct.type} routed to undeclared queue ${routing.queue}`);
    const sla = startClock(routing.sla, tenant.calendar, now);
    const slaDueAt = sla.timers.resolution!.dueAt;
    const data = (ct.intake.toData ? ct.intake.toData(input as never, actor, tools) : input) as Record<string, unknown>;
    const { visible, sealed, sealedFields } = this.protect(tenant.id, ct, data);

    let view: CaseView = {
      id,
      tenantId: tenant.id,
      type: ct.type,
      state: initial,
      version: 1,
      data: visible,
      requester,
      ...(forSomeoneElse ? { takenBy: actor.sub } : {}),
      ...(channel ? { channel } : {}),
      queue: routing.queue,
      ...(routing.team ? { team: routing.team } : {}),
      ...(routing.assignee ? { assignee: routing.assignee } : {}),
      scope: routing.scope ?? {},
      priority: routing.priority,
      slaDueAt,
      createdAt: at,
      updatedAt: at,
      tasks: [],
      sla,
    };
    // Work for several teams from the start (a registration for each department): the tasks are filed with the case.
    const taskActions: WriteAction[] = [];
    if (routing.dispatch?.length) view = this.applyEffects(tenant, view, { dispatch: routing.dispatch }, now, taskActions, actor, []);
    const stored = this.toItem(ct, view, { seq: 1, sealed, sealedFields, openTasks: view.tasks.length, taskCount: view.tasks.length });
    const actions: WriteAction[] = [
      { kind: 'put', item: stored, condition: conditions.absent() },
      ...taskActions,
      this.eventAction(view, { seq: 1, at, actor: actor.sub, action: 'created', from: null, to: initial, input: visible }, this.requesterEntry(view)),
      ...notificationsFor(ct, 'created', view, now, tenant.calendar.timeZone, tenant.templates, await this.subscriptions(tenant.id)),
      ...(claimed?.records ?? []).map((w) => ('draft' in w ? records.draftOp(w.draft, w.condition) : records.draftOp(w))),
      ...[...summed(claimed?.tally ?? [])].map(([row, add]) => records.tallyOp(row, add)),
    ];
    return { actions, status: 201, body: await this.detail(tenant, ct, view, access, sealedFields) };
  }

  // ----------------------------------------------------------- transitions

  async transition(
    access: Access,
    tenant: Tenant,
    caseId: string,
    body: { action: string; input?: unknown; expectedVersion?: number },
    idempotencyKey?: string,
  ): Promise<WriteOutcome<CaseDetail>> {
    return this.fire(access, tenant, caseId, body, idempotencyKey, false);
  }

  private fire(
    access: Access,
    tenant: Tenant,
    caseId: string,
    body: { action: string; input?: unknown; expectedVersion?: number },
    idempotencyKey: string | undefined,
    bySystem: boolean,
  ): Promise<WriteOutcome<CaseDetail>> {
    const { actor } = access;
    // Someone else changed the case between our read and our write. If the
    // caller pinned a version, that is their conflict to resolve; otherwise
    // re-read and re-check (the action may no longer be possible).
    return this.writeOnce(
      tenant.id,
      { principal: actor.sub, key: idempotencyKey, fingerprint: ['transition', actor.sub, caseId, body] },
      () => this.planTransition(access, tenant, caseId, body, bySystem),
      body.expectedVersion === undefined ? MAX_TRANSITION_ATTEMPTS : 1,
      'The case was changed by someone else; reload it and try again.',
    );
  }

  private async planTransition(
    access: Access,
    tenant: Tenant,
    caseId: string,
    body: { action: string; input?: unknown; expectedVersion?: number },
    bySystem = false,
  ) {
    const { actor } = access;
    const { ct, stored, view } = await this.load(access, tenant, caseId, bySystem);
    const t = transitionNamed(ct, body.action);
    if (bySystem !== !!t.system) throw problems.forbidden(`Action ${body.action} is ${t.system ? 'the platform’s own' : 'not the platform’s'} to fire.`);
    if (!bySystem && !(await access.as(this.permissions(tenant, ct).transition(body.action)).allows(actingScope(view)))) {
      throw problems.forbidden(
        t.actor === 'requester'
          ? `Only the person who submitted the case may ${body.action} it.`
          : t.actor === 'team'
            ? `Action ${body.action} belongs to the team the case is dispatched to.`
            : `Action ${body.action} needs one of the roles: ${t.roles.join(', ')}.`,
      );
    }
    // Only someone who may fire the action learns that the case has moved on.
    if (body.expectedVersion !== undefined && body.expectedVersion !== view.version) {
      throw problem('version-conflict', `The case is at version ${view.version}, not ${body.expectedVersion}; reload it and try again.`);
    }
    if (!t.from.includes(view.state)) {
      throw problem('invalid-transition', `Action ${body.action} is not possible while the case is ${view.state}; possible from: ${t.from.join(', ')}.`);
    }
    let input: Record<string, unknown> = {};
    if (t.input) {
      const parsed = t.input.safeParse(body.input ?? {});
      if (!parsed.success) throw problems.validation(fieldErrors(parsed.error.issues, 'input', (path) => titleAt(t.input!, path)));
      input = parsed.data as Record<string, unknown>;
    } else if (body.input !== undefined && Object.keys(body.input as object).length > 0) {
      throw problems.validation([{ field: 'input', message: `action ${body.action} takes no input` }]);
    }
    const now = this.clock();
    const records = new Namespace(this.store, tenant.kind).forTenant(tenant.id);
    const ctx = { case: view, input, actor, now, timeZone: tenant.calendar.timeZone, records };
    const refusal = await t.guard?.(ctx);
    if (refusal) throw problem('transition-refused', refusal);

    const actions: WriteAction[] = [];
    const transfers: TransferRequest[] = [];
    const effects = (await t.effects?.(ctx)) ?? {};
    const entries = [...(effects.entries ?? [])];
    let next = this.applyEffects(tenant, view, effects, now, actions, actor, transfers);
    next = await this.assign(tenant, view, next, effects, actor, actions);
    if (effects.mergeInto !== undefined) actions.push(await this.mergeAction(access, tenant, view, effects.mergeInto));
    // The person's sealed details come along where a new case asks for the same ones (a call's phone), not typed again.
    const held = effects.spawn?.length && stored.sealed ? this.deps.sealer.open(tenant.id, stored.sealed) : {};
    for (const order of effects.spawn ?? []) {
      const child = this.caseType(tenant, order.type);
      if (view.requester !== actor.sub && !access.holds(child.intake.onBehalf ?? [])) {
        throw problems.forbidden(`Filing a ${child.type} for someone else needs one of the roles: ${(child.intake.onBehalf ?? []).join(', ') || '(none)'}.`);
      }
      const inherited = Object.fromEntries((child.intake.sensitive ?? []).filter((f) => held[f] !== undefined).map((f) => [f, held[f]]));
      const parsed = child.intake.schema.safeParse({ ...inherited, ...order.input });
      if (!parsed.success) throw problems.validation(fieldErrors(parsed.error.issues, 'input', (path) => titleAt(child.intake.schema, path)));
      const spawned = await this.planSubmit(
        access,
        tenant,
        child,
        { ...(parsed.data as object), splitFrom: view.id },
        view.requester,
        view.requester !== actor.sub,
        view.channel,
      );
      actions.push(...spawned.actions);
      next = { ...next, data: { ...next.data, splitInto: [...((next.data.splitInto as string[] | undefined) ?? []), spawned.body.id] } };
    }
    let seq = stored.seq;
    const note = typeof input.note === 'string' ? input.note : undefined;
    const to = t.to ?? view.state;
    next = this.enter(ct, tenant, next, t, now);
    actions.push(
      this.eventAction(next, {
        seq: ++seq,
        at: now.toISOString(),
        actor: actor.sub,
        action: body.action,
        from: view.state,
        to,
        // Personal data a step takes (a new address) is in the history masked, as in the case.
        input: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, ct.intake.sensitive?.includes(k) && v != null ? mask(v) : v])),
        note,
        transfers: transfers.map((x) => x.id),
      }),
    );
    const hooks = await this.subscriptions(tenant.id);
    actions.push(...notificationsFor(ct, body.action, next, now, tenant.calendar.timeZone, tenant.templates, hooks));

    // When the last open task closes, the case moves on by itself.
    const auto = ct.onAllTasksDone ? ct.transitions[ct.onAllTasksDone] : undefined;
    if (auto && next.tasks.length > 0 && next.tasks.every((x) => x.status !== 'open') && auto.from.includes(next.state)) {
      const autoCtx = { case: next, input: {}, actor, now, timeZone: tenant.calendar.timeZone, records };
      const autoEffects = (await auto.effects?.(autoCtx)) ?? {};
      entries.push(...(autoEffects.entries ?? []));
      next = this.enter(ct, tenant, this.applyEffects(tenant, next, autoEffects, now, actions, actor, transfers), auto, now);
      actions.push(
        this.eventAction(next, {
          seq: ++seq,
          at: now.toISOString(),
          actor: 'system',
          action: ct.onAllTasksDone!,
          from: to,
          to: next.state,
          note: 'all tasks done',
        }),
      );
      actions.push(...notificationsFor(ct, ct.onAllTasksDone!, next, now, tenant.calendar.timeZone, tenant.templates, hooks));
    }

    // Open work follows the case: off the old assignee's count, onto the new one's, in this transaction.
    const openWith = (c: CaseView) => (ct.states[c.state]?.terminal ? undefined : c.assignee);
    actions.push(...Rosters.moveWork(tenant.id, openWith(view), openWith(next)));
    next = { ...next, version: view.version + 1, updatedAt: now.toISOString() };
    const counted = reportAction(ct, next, now, tenant.calendar.timeZone);
    if (counted) actions.push(counted);
    if (effects.forget) actions.push(...(await this.forgetHistory(tenant.id, view.id)));
    const openTasks = next.tasks.filter((x) => x.status === 'open').length;
    const protectedData = this.reseal(tenant.id, ct, stored, next.data, effects.data);
    next = { ...next, data: protectedData.data };
    const item = this.toItem(ct, next, {
      seq,
      sealed: protectedData.sealed,
      sealedFields: protectedData.sealedFields,
      openTasks,
      taskCount: next.tasks.length,
    });
    if (ct.states[next.state]?.terminal) item.closedAt = now.toISOString();
    actions.unshift({ kind: 'put', item, condition: conditions.version(view.version) });
    // A case filed when its own record was its requester's entry moves the entry to its first event, once.
    if (stored.gsi2pk) {
      const entry = this.requesterEntry(view);
      actions.push({
        kind: 'update',
        key: caseKeys.event(tenant.id, view.id, 1),
        update: 'SET gsi2pk = :pk, gsi2sk = :sk',
        values: { ':pk': entry.gsi2pk, ':sk': entry.gsi2sk },
        condition: { expression: 'attribute_exists(pk)' },
      });
    }
    actions.push(...(await this.settle(tenant, [...transfers.map(transferEntry), ...entries], now)));
    return { actions, status: 200, body: await this.detail(tenant, ct, next, access, protectedData.sealedFields) };
  }

  /**
   * Who works the case now. An automatic assignment takes the next turn of
   * the team's roster (a write conditioned on the roster, so two dispatches
   * at once cannot take the same turn); a named assignee other than the
   * actor must be on the team's roster, when the team keeps one.
   */
  private async assign(tenant: Tenant, view: CaseView, next: CaseView, effects: Effects, actor: Actor, actions: WriteAction[]): Promise<CaseView> {
    if (effects.autoAssign && next.team) {
      const pick = await this.rosters.assign(tenant.id, next.team);
      if (!pick) return next;
      actions.push(pick.action);
      return { ...next, assignee: pick.assignee };
    }
    if (typeof effects.assignee === 'string' && effects.assignee !== actor.sub && effects.assignee !== view.assignee && next.team) {
      const roster = await this.rosters.get(tenant.id, next.team);
      if (roster && !roster.members.includes(effects.assignee)) {
        throw problem(
          'transition-refused',
          `${effects.assignee} is not a member of team ${next.team}; its members are: ${roster.members.join(', ') || 'none'}.`,
        );
      }
    }
    return next;
  }

  /**
   * The write that makes a duplicate's requester a follower of the case it
   * is merged into: that case must be one the caller may read, of this
   * tenant, open, and not the duplicate itself; it is written under its
   * version, so it cannot close meanwhile.
   */
  private async mergeAction(access: Access, tenant: Tenant, duplicate: CaseView, intoId: string): Promise<WriteAction> {
    if (intoId === duplicate.id) throw problems.validation([{ field: 'input.into', message: 'a case cannot be merged into itself' }]);
    const into = await this.load(access, tenant, intoId).catch((err) => {
      if (err instanceof Problem && err.status === 404) throw problems.validation([{ field: 'input.into', message: `no case ${intoId} you can see` }]);
      throw err;
    });
    if (into.ct.states[into.view.state]?.terminal) throw problem('transition-refused', `Case ${intoId} is ${into.view.state}; merge into an open case.`);
    const followers = [...new Set([...(into.view.followers ?? []), duplicate.requester, ...(duplicate.followers ?? [])])].filter(
      (f) => f !== into.view.requester,
    );
    return {
      kind: 'update',
      key: caseKeys.item(tenant.id, intoId),
      update: 'SET followers = :followers, #version = :next',
      names: { '#version': 'version' },
      values: { ':followers': followers, ':next': into.view.version + 1, ':v': into.view.version },
      condition: { expression: '#version = :v' },
    };
  }

  /** The case in the transition's target state (or where it is, when the transition names none), its service-level clock advanced. */
  private enter(ct: CaseType, tenant: Tenant, view: CaseView, t: Transition, now: Date): CaseView {
    const next = { ...view, state: t.to ?? view.state };
    if (!next.sla) return next;
    const sla = advanceClock(next.sla, t.sla, !!ct.states[next.state]?.terminal, tenant.calendar, now);
    return { ...next, sla, slaDueAt: sla.timers.resolution?.dueAt ?? next.slaDueAt };
  }

  /** The ledger writes for the money a step produces, committed with the step itself. */
  private async settle(tenant: Tenant, requests: LedgerRequest[], now: Date): Promise<WriteAction[]> {
    if (requests.length === 0) return [];
    try {
      const plan = await this.deps.ledger.plan(tenant.id, requests, { now, timeZone: tenant.calendar.timeZone, origin: 'system' });
      return plan.actions;
    } catch (err) {
      // A malformed transfer is the module's fault, not the caller's request: 422, not 400.
      if (err instanceof Problem && err.status === 400)
        throw problem('invalid-settlement', `${err.detail} ${(err.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ')}`.trim());
      throw err;
    }
  }

  private applyEffects(
    tenant: Tenant,
    view: CaseView,
    effects: Effects,
    now: Date,
    actions: WriteAction[],
    actor: Actor,
    transfers: TransferRequest[],
  ): CaseView {
    let tasks = view.tasks;
    const at = now.toISOString();
    const touched = new Map<string, TaskView>();
    if (effects.completeTasksOf) {
      tasks = tasks.map((t) => {
        if (t.status !== 'open' || !effects.completeTasksOf!.includes(t.team)) return t;
        const done = { ...t, status: 'done' as const, doneBy: actor.sub, doneAt: at };
        touched.set(t.id, done);
        return done;
      });
    }
    if (effects.cancelOpenTasks || effects.cancelTasksOf) {
      tasks = tasks.map((t) => {
        if (t.status !== 'open' || !(effects.cancelOpenTasks || effects.cancelTasksOf!.includes(t.team))) return t;
        const cancelled = { ...t, status: 'cancelled' as const, doneAt: at };
        touched.set(t.id, cancelled);
        return cancelled;
      });
    }
    for (const order of effects.dispatch ?? []) {
      const n = tasks.length + 1;
      const calendar = order.sla?.basis === 'clock' ? roundTheClock(tenant.calendar.timeZone) : tenant.calendar;
      const task: TaskView = {
        id: String(n),
        team: order.team,
        title: order.title,
        status: 'open',
        ...(order.sla ? { dueAt: addBusinessMinutes(calendar, now, order.sla.minutes).toISOString() } : { dueAt: view.slaDueAt }),
      };
      tasks = [...tasks, task];
      touched.set(task.id, task);
    }
    for (const task of touched.values()) actions.push({ kind: 'put', item: this.taskItem(view, task) });
    transfers.push(...(effects.transfers ?? []));
    if (effects.records?.length) {
      const records = new Namespace(this.store, tenant.kind).forTenant(tenant.id);
      for (const w of effects.records) actions.push('draft' in w ? records.draftOp(w.draft, w.condition) : records.draftOp(w));
    }
    if (effects.removes?.length || effects.tally?.length) {
      const records = new Namespace(this.store, tenant.kind).forTenant(tenant.id);
      for (const r of effects.removes ?? []) actions.push(records.deleteOp(r.entity, r.key));
      for (const [row, add] of summed(effects.tally ?? [])) actions.push(records.tallyOp(row, add));
    }
    const next: CaseView = { ...view, tasks, data: { ...view.data, ...(effects.data ?? {}) }, scope: { ...view.scope, ...(effects.scope ?? {}) } };
    if (effects.team !== undefined) {
      if (effects.team === null) delete next.team;
      else next.team = effects.team;
    }
    if (effects.assignee !== undefined) {
      if (effects.assignee === null) delete next.assignee;
      else next.assignee = effects.assignee;
    }
    if (effects.priority) {
      next.priority = effects.priority.priority;
      if (next.sla) {
        next.sla = reprioritiseClock(next.sla, effects.priority.sla, tenant.calendar, now);
        next.slaDueAt = next.sla.timers.resolution!.dueAt;
      }
    }
    return next;
  }

  // ----------------------------------------------------------------- reads

  async get(access: Access, tenant: Tenant, caseId: string): Promise<CaseDetail> {
    const { ct, stored, view } = await this.load(access, tenant, caseId);
    return this.detail(tenant, ct, view, access, stored.sealedFields ?? []);
  }

  async history(access: Access, tenant: Tenant, caseId: string): Promise<CaseEvent[]> {
    const { ct } = await this.load(access, tenant, caseId);
    // What a department wrote into its own section stays out of everyone else's view of the history.
    const hide = (e: CaseEvent): CaseEvent => {
      const section = ct.transitions[e.action]?.section;
      if (section === undefined || access.holds(ct.sections?.[section] ?? [])) return e.input ? { ...e, input: this.sectioned(ct, e.input, access) } : e;
      const { input: _input, note: _note, ...rest } = e;
      return rest;
    };
    const events = (await this.eventItems(tenant.id, caseId)).map((e) => hide(e.event as CaseEvent));
    return events;
  }

  /**
   * Reveals sealed personal data to an allowed role. The read is recorded
   * before anything is returned — under the case, the user and the person
   * whose data it is — and so is a refusal of someone who may read the case
   * but not reveal it.
   */
  async reveal(access: Access, tenant: Tenant, caseId: string, reason: string): Promise<Record<string, unknown>> {
    return (await this.openRecorded(access, tenant, caseId, reason, 'reveal')).clear;
  }

  /** The case and its sealed fields in clear, once the read (or its refusal) is recorded. */
  async recordRead(access: Access, tenant: Tenant, read: { record: string; subject: string; fields: readonly string[]; reason: string }): Promise<void> {
    const now = this.clock();
    const at = now.toISOString();
    const id = newId(now.getTime());
    const event = {
      at,
      actor: access.actor.sub,
      roles: access.actor.roles,
      action: 'reveal',
      fields: [...read.fields],
      reason: read.reason,
      record: read.record,
      subject: read.subject,
    };
    const row = (key: { pk: string; sk: string }): WriteAction => ({ kind: 'put', item: { ...key, entity: 'audit', event }, condition: conditions.absent() });
    await this.store.transact([
      row({ pk: caseKeys.accessByUser(tenant.id, access.actor.sub), sk: `${at}#${id}` }),
      row({ pk: caseKeys.accessBySubject(tenant.id, read.subject), sk: `${at}#${id}` }),
    ]);
  }

  private async openRecorded(access: Access, tenant: Tenant, caseId: string, reason: string, purpose: 'reveal' | 'export') {
    const { actor } = access;
    const { ct, stored, view } = await this.load(access, tenant, caseId);
    // A case that holds nothing sealed (a permit naming its registration) is exported by whoever may read it.
    const allowed = (!stored.sealed && purpose === 'export') || (await access.as(this.permissions(tenant, ct).reveal).allows(caseScope(view)));
    if (allowed && !stored.sealed && purpose === 'reveal') return { view, clear: {} };
    const now = this.clock();
    const at = now.toISOString();
    const id = newId(now.getTime());
    const subject = ct.subjectOf?.(view) ?? view.id;
    const event = {
      at,
      actor: actor.sub,
      roles: actor.roles,
      action: allowed ? purpose : `${purpose}-refused`,
      fields: stored.sealedFields ?? [],
      reason,
      caseId,
      subject,
    };
    const row = (key: { pk: string; sk: string }): WriteAction => ({ kind: 'put', item: { ...key, entity: 'audit', event }, condition: conditions.absent() });
    await this.store.transact([
      row(caseKeys.audit(tenant.id, caseId, at, id)),
      row({ pk: caseKeys.accessByUser(tenant.id, actor.sub), sk: `${at}#${id}` }),
      row({ pk: caseKeys.accessBySubject(tenant.id, subject), sk: `${at}#${id}` }),
    ]);
    if (!allowed) throw problems.forbidden('Reading personal data in clear needs a role allowed to reveal it; the refusal is recorded.');
    return { view, clear: stored.sealed ? this.deps.sealer.open(tenant.id, stored.sealed) : {} };
  }

  /**
   * Everything a case holds on its person, in clear — every department's
   * section, the sealed fields opened, the whole history — for the person's
   * own request for their data: allowed to those who may reveal it, and
   * recorded like a reveal (as an export) before anything is returned.
   */
  async exportOf(access: Access, tenant: Tenant, caseId: string, reason: string): Promise<{ case: CaseView; history: CaseEvent[] }> {
    const { view, clear } = await this.openRecorded(access, tenant, caseId, reason, 'export');
    const history = (await this.eventItems(tenant.id, caseId)).map((e) => e.event as CaseEvent);
    return { case: { ...view, data: { ...view.data, ...clear } }, history };
  }

  /** The reads of personal data one user made, or of one person's data (a case id, or the registration other cases name), newest first. */
  async accessLogOf(
    access: Access,
    tenant: Tenant,
    q: { user?: string; subject?: string; limit: number; cursor?: string },
  ): Promise<{ items: Array<Record<string, unknown>>; nextCursor?: string }> {
    let reaches = false;
    for (const ct of this.caseTypes(tenant)) if (await access.as(this.permissions(tenant, ct).accessLog).may()) reaches = true;
    if (!reaches) throw problems.forbidden('The access log is for admins and auditors.');
    const [pk, name] =
      q.user !== undefined
        ? [caseKeys.accessByUser(tenant.id, q.user), `user:${q.user}`]
        : [caseKeys.accessBySubject(tenant.id, q.subject ?? ''), `subject:${q.subject}`];
    const startKey = decodeCursor(this.deps.cursorSecret, tenant.id, name, q.cursor);
    const page = await this.store.query({ pk, limit: q.limit, startKey, descending: true });
    return {
      items: page.items.map((i) => i.event as Record<string, unknown>),
      nextCursor: encodeCursor(this.deps.cursorSecret, tenant.id, name, page.lastKey),
    };
  }

  async accessLog(access: Access, tenant: Tenant, caseId: string): Promise<Array<Record<string, unknown>>> {
    const { ct, view } = await this.load(access, tenant, caseId);
    if (!(await access.as(this.permissions(tenant, ct).accessLog).allows(caseScope(view)))) {
      throw problems.forbidden('The access log is for admins and auditors.');
    }
    const page = await this.store.query({ pk: caseKeys.partition(tenant.id, caseId), prefix: 'AUDIT#' });
    return page.items.map((i) => i.event as Record<string, unknown>);
  }

  async list(access: Access, tenant: Tenant, q: ListQuery): Promise<{ items: CaseDetail[]; nextCursor?: string }> {
    const { actor } = access;
    const types = this.caseTypes(tenant);
    // Which listing to show (a queue, or one's own) follows the roles; what is in it, the read permission of each case.
    const staff = types.some((ct) => access.holds(ct.staffRoles));
    let listing: { index: 'gsi1' | 'gsi2'; pk: string; name: string };
    if (q.team !== undefined) {
      let reaches = false;
      for (const ct of types) if (await access.as(this.permissions(tenant, ct).read).allows({ team: q.team })) reaches = true;
      if (!reaches) throw problems.forbidden(`You are not a member of team ${q.team}.`);
      listing = { index: 'gsi1', pk: caseKeys.team(tenant.id, q.team), name: `team:${q.team}` };
    } else if (q.mine || !staff) {
      listing = { index: 'gsi2', pk: caseKeys.requester(tenant.id, actor.sub), name: `mine:${actor.sub}` };
    } else {
      listing = { index: 'gsi1', pk: caseKeys.queue(tenant.id, q.queue ?? 'desk'), name: `queue:${q.queue ?? 'desk'}` };
    }
    // A search reads on through the listing (a few pages at most) until a page's worth is found; the cursor goes on from there.
    let startKey = decodeCursor(this.deps.cursorSecret, tenant.id, listing.name, q.cursor);
    const details: CaseDetail[] = [];
    const search = q.q?.trim() ? q.q : undefined;
    for (let read = 0; read < (search ? SEARCH_PAGES : 1); read++) {
      const page = await this.store.query({ index: listing.index, pk: listing.pk, limit: q.limit, startKey });
      startKey = page.lastKey;
      let items: Item[] = page.items;
      if (listing.index === 'gsi2') {
        // A requester's index holds the first event of each case (written once, so a case's changes never rewrite
        // the index); their cases come in one batched read. A case filed before that is its own entry.
        const cases = await this.store.batchGet(items.filter((i) => i.entity === 'event').map((i) => caseKeys.item(tenant.id, i.caseId as string)));
        let n = 0;
        items = items.flatMap((i) => (i.entity === 'event' ? (cases[n++] ?? []) : [i]));
      } else if (q.team !== undefined) {
        // The team index holds task rows; their cases come in one batched read (deduplicated), not one read per row.
        // Projecting the list's fields onto the task rows instead would rewrite every open task at each change of its case.
        const ids = [...new Set(items.map((i) => i.caseId as string))];
        items = (await this.store.batchGet(ids.map((id) => caseKeys.item(tenant.id, id)))).filter((i): i is Item => !!i);
      }
      for (const item of items) {
        const ct = this.caseTypes(tenant).find((c) => c.type === item.type);
        if (!ct) continue;
        const view = this.toView(item as StoredCase, []);
        if (search && !caseMatches(view, search)) continue;
        if (await access.as(this.permissions(tenant, ct).read).allows(caseScope(view))) {
          details.push(await this.detail(tenant, ct, view, access, (item.sealedFields as string[]) ?? []));
        }
      }
      if (!startKey || details.length >= q.limit) break;
    }
    return { items: details, nextCursor: encodeCursor(this.deps.cursorSecret, tenant.id, listing.name, startKey) };
  }

  // ------------------------------------------------------------ service levels

  /**
   * Gives every open case of a tenant the service-level notices it is owed
   * at `now`: its timers' warnings, breaches and escalations, each once (the
   * marks are written with the messages, if the case has not changed since
   * it was read; otherwise the next sweep looks again).
   */
  async sweepSla(tenant: Tenant, now = this.clock()): Promise<{ cases: number; notices: number; closed: number }> {
    const out = { cases: 0, notices: 0, closed: 0 };
    const format = (iso: string) => DateTime.fromISO(iso, { zone: tenant.calendar.timeZone }).toFormat('yyyy-MM-dd HH:mm');
    const types = new Map(this.caseTypes(tenant).map((ct) => [ct.type, ct]));
    // Case types share queues (the desk's): each queue is read once, each case judged by its own type.
    for (const queue of new Set([...types.values()].flatMap((ct) => ct.queues))) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.store.query({ index: 'gsi1', pk: caseKeys.queue(tenant.id, queue), prefix: 'open#', startKey });
        startKey = page.lastKey;
        for (const raw of page.items as StoredCase[]) {
          const ct = types.get(raw.type);
          if (!ct) continue;
          const item = { ...raw, sla: unpackClock(raw.sla) };
          const quiet = ct.autoClose;
          const quietSince = quiet && item.state === quiet.from ? (quiet.since?.(item as unknown as CaseView) ?? item.updatedAt) : undefined;
          if (quiet && quietSince && now.getTime() - Date.parse(quietSince) >= quiet.afterDays * DAY_MS) {
            await this.fireSystem(tenant, item.id, quiet.action, { version: item.version });
            out.closed++;
            continue;
          }
          if (!item.sla) continue;
          const notices = dueNotices(item, now);
          if (notices.length === 0) continue;
          const view = this.toView(item, []);
          const messages: WriteAction[] = [];
          for (const n of notices) {
            for (const to of ct.escalation?.[n.level] ?? []) {
              const recipient = recipientAddress(to, view);
              if (!recipient) continue;
              const label = TIMER_LABELS[n.timer];
              const word = { warn: ['即将超时', 'nearly due'], breach: ['已超时', 'overdue'], escalate: ['严重超时', 'long overdue'] }[n.level];
              messages.push(
                enqueue(
                  tenant.id,
                  {
                    kind: 'message',
                    channel: 'mailbox',
                    recipient,
                    // Chinese, then English, then the case's short reference: a reader's language is the part before the first Latin word.
                    subject: `${label.zh}${word[0]}：${inLanguage(ct.title, 'zh')} ${label.en} ${word[1]}: ${inLanguage(ct.title, 'en')} (${view.id.slice(-6)})`,
                    body: `${ct.title} ${view.id}：${label.zh}时限 ${format(item.sla.timers[n.timer]!.dueAt)}。`,
                    caseId: view.id,
                    event: `sla-${n.level}`,
                  },
                  now,
                  `sla:${view.id}:${n.timer}:${n.level}:${recipient}`,
                ),
              );
            }
          }
          try {
            await this.store.transact([
              {
                kind: 'update',
                key: caseKeys.item(tenant.id, view.id),
                update: 'SET sla = :sla',
                names: { '#version': 'version' },
                values: { ':sla': packClock(markNotices(item.sla, notices)), ':v': item.version },
                condition: { expression: '#version = :v' },
              },
              ...messages,
            ]);
            out.cases++;
            out.notices += messages.length;
          } catch (err) {
            if (!(err instanceof TransactionConflict)) throw err;
          }
        }
      } while (startKey);
    }
    return out;
  }

  /**
   * One page of a queue's cases as the platform reads them (open ones, or
   * those shut), for a kind's nightly work: a registration due for a visit,
   * a person's data past its retention.
   */
  async scan(
    tenant: Tenant,
    queue: string,
    which: 'open' | 'shut',
    startKey?: Record<string, unknown>,
  ): Promise<{ items: CaseView[]; lastKey?: Record<string, unknown> }> {
    const page = await this.store.query({ index: 'gsi1', pk: caseKeys.queue(tenant.id, queue), prefix: `${which}#`, startKey });
    return { items: (page.items as StoredCase[]).map((i) => this.toView(i, [])), lastKey: page.lastKey };
  }

  /** A team's open tasks, earliest due first, each with its case as the platform reads it (a kind decides who sees the list). */
  async teamWork(
    tenant: Tenant,
    team: string,
    opts: { limit: number; startKey?: Record<string, unknown> },
  ): Promise<{ items: Array<{ task: TaskView; case: CaseView }>; lastKey?: Record<string, unknown> }> {
    const page = await this.store.query({ index: 'gsi1', pk: caseKeys.team(tenant.id, team), prefix: 'open#', limit: opts.limit, startKey: opts.startKey });
    // The page's cases in one batched read, not one read per row.
    const cases = await this.store.batchGet(page.items.map((i) => caseKeys.item(tenant.id, i.caseId as string)));
    const items = page.items.flatMap((i, n) => (cases[n] ? [{ task: i.task as TaskView, case: this.toView(cases[n] as StoredCase, []) }] : []));
    return { items, lastKey: page.lastKey };
  }

  /** How many of a team's open tasks were due before an instant: one range read of its task index, no case read. */
  async overdueTasks(tenant: Tenant, team: string, before: Date): Promise<number> {
    let n = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ index: 'gsi1', pk: caseKeys.team(tenant.id, team), between: ['open#', `open#${before.toISOString()}`], startKey });
      n += page.items.length;
      startKey = page.lastKey;
    } while (startKey);
    return n;
  }

  /**
   * Fires one of a case type's `system` actions as the platform — on the
   * version it was judged at, when given, else on the case as it is — once
   * per judgement (`key`: a rerun of the same judgement replays). False when
   * the case moved on or the action is no longer possible.
   */
  async fireSystem(tenant: Tenant, caseId: string, action: string, opts: { version?: number; key?: string } = {}): Promise<boolean> {
    const key = `system:${action}:${caseId}:${opts.key ?? opts.version ?? ''}`;
    try {
      const out = await this.fire(systemAccess(tenant.id), tenant, caseId, { action, expectedVersion: opts.version }, key, true);
      return !out.replayed;
    } catch (err) {
      if (err instanceof Problem && (err.status === 409 || err.status === 422)) return false;
      throw err;
    }
  }

  // ------------------------------------------------------------ figures

  /**
   * Cases opened and closed per day over the last `days` days (in the
   * tenant's zone), and how many closed within their SLA. Read from the
   * queue index: every open case, and the shut ones due since the window
   * began (a case is due after it is opened, so none opened in the window
   * is missed; one closed in the window but due long before it is).
   */
  async stats(access: Access, tenant: Tenant, days: number, now = this.clock()) {
    const types = this.caseTypes(tenant);
    // A kind without case types has nothing to count: its figures are zeros, for whoever the route admits.
    await this.requireStaff(access, tenant, 'Case figures are for staff who see every case.');
    const zone = tenant.calendar.timeZone;
    const first = DateTime.fromJSDate(now, { zone })
      .startOf('day')
      .minus({ days: days - 1 });
    const dates = Array.from({ length: days }, (_, i) => first.plus({ days: i }).toISODate()!);
    const rows = new Map(dates.map((d) => [d, { date: d, opened: 0, closed: 0, closedInSla: 0 }]));
    const dayOf = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
    const since = first.toUTC().toISO()!;
    let reads = 0;
    for (const queue of new Set(types.flatMap((ct) => ct.queues))) {
      const pk = caseKeys.queue(tenant.id, queue);
      for (const range of [{ prefix: 'open#' }, { between: [`shut#${since}`, 'shut#~'] as [string, string] }]) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.store.query({ index: 'gsi1', pk, ...range, startKey });
          reads++;
          for (const item of page.items as StoredCase[]) {
            const opened = rows.get(dayOf(item.createdAt));
            if (opened) opened.opened++;
            const closedAt = item.closedAt as string | undefined;
            const closed = closedAt ? rows.get(dayOf(closedAt)) : undefined;
            if (closed) {
              closed.closed++;
              if (closedAt! <= item.slaDueAt) closed.closedInSla++;
            }
          }
          startKey = page.lastKey;
        } while (startKey);
      }
    }
    const perDay = [...rows.values()];
    const closed = perDay.reduce((n, d) => n + d.closed, 0);
    const inSla = perDay.reduce((n, d) => n + d.closedInSla, 0);
    return {
      timeZone: zone,
      days: perDay,
      closed,
      closedInSla: inSla,
      slaAttainment: closed ? Math.round((inSla / closed) * 1000) / 10 : null,
      queries: reads,
    };
  }

  /** A month's satisfaction and service-level figures, per case type and team (for staff who see every case). */
  async report(access: Access, tenant: Tenant, month: string): Promise<{ month: string; rows: ReportRow[] }> {
    await this.requireStaff(access, tenant, 'Reports are for staff who see every case.');
    const rows: ReportRow[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ pk: reportKeys.month(tenant.id, month), startKey });
      rows.push(...page.items.map(toReportRow));
      startKey = page.lastKey;
    } while (startKey);
    return { month, rows };
  }

  /** Refuses callers who do not see every case of some type of the tenant's (a kind without case types refuses nobody: it has nothing to show). */
  private async requireStaff(access: Access, tenant: Tenant, detail: string) {
    const types = this.caseTypes(tenant);
    for (const ct of types) if (await access.as(this.permissions(tenant, ct).stats).may()) return;
    if (types.length > 0) throw problems.forbidden(detail);
  }

  // --------------------------------------------------------------- helpers

  /** Loads a case the caller may read; anything else, including another tenant's id, is the same 404. */
  private async load(access: Access, tenant: Tenant, caseId: string, bySystem = false) {
    const notFound = problems.notFound(`Case ${caseId}`);
    if (!ID_PATTERN.test(caseId)) throw notFound;
    const page = await this.store.query({ pk: caseKeys.partition(tenant.id, caseId), prefix: 'CASE', consistent: true });
    const stored = page.items.find((i) => i.sk === 'CASE') as StoredCase | undefined;
    if (!stored || stored.tenantId !== tenant.id) throw notFound;
    const ct = this.caseTypes(tenant).find((c) => c.type === stored.type);
    if (!ct) throw notFound;
    const tasks = page.items.filter((i) => i.sk.startsWith('CASE#TASK#')).map((i) => i.task as TaskView);
    const view = this.toView(stored, tasks);
    if (!bySystem && !(await access.as(this.permissions(tenant, ct).read).allows(caseScope(view)))) throw notFound;
    return { ct, stored, view };
  }

  /** The history keeps who did what and when, without what they entered (a purge of personal data). */
  private async forgetHistory(tenantId: string, caseId: string): Promise<WriteAction[]> {
    return (await this.eventItems(tenantId, caseId)).map((e) => {
      const { input: _input, note: _note, ...kept } = e.event as CaseEvent;
      return { kind: 'put', item: { ...e, event: kept } };
    });
  }

  /** A case's history as stored, every page. */
  private async eventItems(tenantId: string, caseId: string): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ pk: caseKeys.partition(tenantId, caseId), prefix: 'EVT#', startKey });
      items.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return items;
  }

  /**
   * Personal data a step writes (a new address) is sealed like what came in
   * at intake: the sealed values are opened, the new ones merged in, sealed
   * again and masked in the data. A value written as null is gone from both.
   */
  private reseal(tenantId: string, ct: CaseType, stored: StoredCase, data: Record<string, unknown>, written: Record<string, unknown> | undefined) {
    const touched = (ct.intake.sensitive ?? []).filter((f) => written !== undefined && f in written);
    if (touched.length === 0) return { data, sealed: stored.sealed, sealedFields: stored.sealedFields ?? [] };
    const clear = { ...(stored.sealed ? this.deps.sealer.open(tenantId, stored.sealed) : {}), ...Object.fromEntries(touched.map((f) => [f, written![f]])) };
    const out = this.protect(tenantId, ct, clear);
    const masked = { ...data };
    for (const f of touched) {
      if (out.sealedFields.includes(f)) masked[f] = out.visible[f];
      else delete masked[f];
    }
    return { data: masked, sealed: out.sealed, sealedFields: out.sealedFields };
  }

  private protect(tenantId: string, ct: CaseType, data: Record<string, unknown>) {
    const fields = (ct.intake.sensitive ?? []).filter((f) => data[f] !== undefined && data[f] !== null);
    if (fields.length === 0) return { visible: data, sealed: undefined, sealedFields: [] as string[] };
    const secret = Object.fromEntries(fields.map((f) => [f, data[f]]));
    const visible = { ...data, ...Object.fromEntries(fields.map((f) => [f, mask(data[f])])) };
    return { visible, sealed: this.deps.sealer.seal(tenantId, secret), sealedFields: fields };
  }

  /** A case as the caller sees it, with the actions they could fire on it now. */
  private async detail(tenant: Tenant, ct: CaseType, view: CaseView, access: Access, sealedFields: string[]): Promise<CaseDetail> {
    const perms = this.permissions(tenant, ct);
    const actions: string[] = [];
    for (const [name, t] of Object.entries(ct.transitions)) {
      if (t.from.includes(view.state) && !t.system && (await access.as(perms.transition(name)).allows(actingScope(view)))) actions.push(name);
    }
    return { ...view, data: this.sectioned(ct, view.data, access), stateLabel: ct.states[view.state]?.label ?? view.state, actions, sealedFields };
  }

  /** The data without the departments' sections the caller is not of. */
  private sectioned(ct: CaseType, data: Record<string, unknown>, access: Access): Record<string, unknown> {
    const hidden = Object.entries(ct.sections ?? {}).filter(([key, roles]) => key in data && !access.holds(roles));
    if (hidden.length === 0) return data;
    const out = { ...data };
    for (const [key] of hidden) delete out[key];
    return out;
  }

  private toItem(
    ct: CaseType,
    view: CaseView,
    extra: { seq: number; sealed?: string; sealedFields?: string[]; openTasks: number; taskCount: number },
  ): StoredCase {
    const { tasks: _tasks, ...rest } = view;
    const open = extra.openTasks > 0 || !ct.states[view.state]?.terminal;
    return {
      ...caseKeys.item(view.tenantId, view.id),
      entity: 'case',
      ...rest,
      seq: extra.seq,
      openTasks: extra.openTasks,
      taskCount: extra.taskCount,
      ...(extra.sealed ? { sealed: extra.sealed, sealedFields: extra.sealedFields } : {}),
      ...(view.sla ? { sla: packClock(view.sla) } : {}),
      gsi1pk: caseKeys.queue(view.tenantId, view.queue),
      gsi1sk: `${open ? 'open' : 'shut'}#${view.slaDueAt}#${view.id}`,
    } as unknown as StoredCase;
  }

  private toView(item: StoredCase, tasks: TaskView[]): CaseView {
    const {
      id,
      tenantId,
      type,
      state,
      version,
      data,
      requester,
      takenBy,
      channel,
      queue,
      team,
      assignee,
      scope,
      priority,
      slaDueAt,
      createdAt,
      updatedAt,
      sla,
      followers,
    } = item;
    return {
      id,
      tenantId,
      type,
      state,
      version,
      data,
      requester,
      ...(takenBy ? { takenBy } : {}),
      ...(channel ? { channel } : {}),
      queue,
      ...(team ? { team } : {}),
      ...(assignee ? { assignee } : {}),
      scope: scope ?? {},
      priority,
      slaDueAt,
      createdAt,
      updatedAt,
      tasks,
      ...(sla ? { sla: unpackClock(sla) } : {}),
      ...(followers?.length ? { followers } : {}),
    };
  }

  private taskItem(view: CaseView, task: TaskView): Item {
    return {
      ...caseKeys.task(view.tenantId, view.id, Number(task.id)),
      entity: 'task',
      caseId: view.id,
      task,
      gsi1pk: caseKeys.team(view.tenantId, task.team),
      gsi1sk: `${task.status === 'open' ? 'open' : 'shut'}#${task.dueAt ?? ''}#${view.id}#${task.id}`,
    };
  }

  private eventAction(view: CaseView, event: CaseEvent, index: Record<string, string> = {}): WriteAction {
    return {
      kind: 'put',
      item: { ...caseKeys.event(view.tenantId, view.id, event.seq), entity: 'event', caseId: view.id, event, ...index },
      condition: conditions.absent(),
    };
  }

  /**
   * A case's entry in its requester's list rides on its first event, which
   * never changes: on the case record, each change of the case would rewrite
   * the index entry too (a write unit per change).
   */
  private requesterEntry(view: Pick<CaseView, 'tenantId' | 'requester' | 'createdAt' | 'id'>) {
    return { gsi2pk: caseKeys.requester(view.tenantId, view.requester), gsi2sk: `${view.createdAt}#${view.id}` };
  }
}
