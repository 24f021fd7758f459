/**
 * The nightly settlement: one run per tenant per business date, in steps —
 * those the tenant's kind contributes (takings, payroll, reminders), then
 * those of the capabilities it enabled (postal cash management: sweep,
 * overdraft cover, interest, reconciliation), then the notice of the run.
 * A property or NCMS tenant runs no sweep.
 *
 * Every step is idempotent (deterministic entry ids, write-once records), so
 * a run can be repeated or resumed: the run record checkpoints each step,
 * and a run killed halfway picks up at the step it was in and ends with the
 * same postings as an uninterrupted run. A step that fails is recorded and
 * the steps that do not depend on it still run.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { enqueue } from '../capabilities/outbox/index.ts';
import { problem, problems } from '../kernel/problems.ts';
import { type Ledger, transferEntry } from '../ledger/index.ts';
import { PLATFORM, tenantKey } from '../store/schema.ts';
import { ConditionFailed, conditions, type Store, type WriteAction } from '../store/store.ts';
import type { NightlyContext, NightlyStep, StepMessage, Tenant } from './contract.ts';

export interface StepRecord {
  status: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  startedAt?: string;
  finishedAt?: string;
  counts?: Record<string, number | string>;
  error?: string;
}

export interface RunRecord {
  tenantId: string;
  businessDate: string;
  /** Queued: asked for, waiting for a worker; the API answers 202 with it. */
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  trigger: 'schedule' | 'operator' | 'cli';
  attempts: number;
  startedAt: string;
  finishedAt?: string;
  /** The steps in the order they run. */
  order: string[];
  steps: Record<string, StepRecord>;
  /** Findings worth a person's attention, by the name the step reported them under (shortfalls, reconciliation differences). */
  findings: Record<string, unknown[]>;
}

/** Raised by a test's fault hook to stand for the process dying: nothing more is recorded. */
export class RunInterrupted extends Error {}

export interface RunnerHooks {
  /** Called before each write of a step; throwing here simulates a crash. */
  beforeWrite?: (step: string) => void;
  /** How often a live run renews its hold (default HEARTBEAT_MS). */
  heartbeatMs?: number;
}

/** Which steps a tenant's nightly run has (its kind's, then its capabilities'). */
export type StepsFor = (tenant: Tenant) => readonly NightlyStep[];

const runKey = (t: string, date: string) => ({ pk: tenantKey(t, 'RUN', date), sk: 'RUN' });
const historyKey = (t: string) => tenantKey(t, 'RUNS');
const summaryKey = (zone: string, date: string) => ({ pk: tenantKey(PLATFORM, 'NIGHTLY', zone), sk: date });
/**
 * A run holds its date for a minute at a time and renews the hold every
 * twenty seconds while it is alive, so a run whose process died can be
 * resumed within a minute, and a live one is never taken over.
 */
export const LEASE_MS = 60_000;
export const HEARTBEAT_MS = 20_000;

/** The run's own last step: a notice to finance and a webhook event, sent once per date. */
const NOTIFY = 'notify';

export class SettlementRunner {
  constructor(
    private readonly store: Store,
    private readonly ledger: Ledger,
    private readonly stepsFor: StepsFor,
    private readonly clock: () => Date = () => new Date(),
    private readonly hooks: RunnerHooks = {},
  ) {}

  async get(tenantId: string, date: string): Promise<RunRecord | undefined> {
    return (await this.store.get(runKey(tenantId, date)))?.run as RunRecord | undefined;
  }

  async history(tenantId: string, limit = 30): Promise<RunRecord[]> {
    const page = await this.store.query({ index: 'gsi1', pk: historyKey(tenantId), descending: true, limit });
    return page.items.map((i) => i.run as RunRecord);
  }

  /** Runs (or resumes, or confirms) the settlement of one tenant's business date. */
  async run(tenant: Tenant, businessDate: string, trigger: RunRecord['trigger']): Promise<RunRecord> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(businessDate) || !DateTime.fromISO(businessDate).isValid) {
      throw problems.validation([{ field: 'businessDate', message: 'expected a date such as 2026-11-26' }]);
    }
    const steps = this.stepsFor(tenant);
    const order = [...steps.map((s) => s.name), NOTIFY];
    const { run, token } = await this.acquire(tenant.id, businessDate, trigger, order);
    if (run.status === 'succeeded') return run;
    const heartbeat = setInterval(() => void this.renew(run, token).catch(() => undefined), this.hooks.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    try {
      return await this.steps(tenant, businessDate, run, token, steps, order);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Asks for a run without waiting for it: the date is recorded as queued
   * (a finished or running date is returned as it is) for a worker to take.
   * The caller hands the worker the job; a queued record is also what the
   * table stream forwards to the queue in AWS.
   */
  async request(tenant: Tenant, businessDate: string, trigger: RunRecord['trigger']): Promise<{ run: RunRecord; queued: boolean }> {
    const item = await this.store.get(runKey(tenant.id, businessDate));
    const existing = item?.run as RunRecord | undefined;
    const now = this.clock();
    if (existing?.status === 'succeeded' || existing?.status === 'queued') return { run: existing, queued: existing.status === 'queued' };
    if (existing?.status === 'running' && String(item!.leaseUntil) > now.toISOString()) return { run: existing, queued: false };
    const order = [...this.stepsFor(tenant).map((s) => s.name), NOTIFY];
    const run: RunRecord = existing ? { ...existing, status: 'queued', trigger } : freshRun(tenant.id, businessDate, 'queued', trigger, now, order);
    try {
      await this.store.put(
        { ...this.runItem(run, String(item?.token ?? 'queued'), true), status: 'queued' },
        existing ? { expression: '#token = :previous', names: { '#token': 'token' }, values: { ':previous': item!.token } } : conditions.absent(),
      );
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      // Someone else asked or started it at the same moment: theirs stands.
      return { run: (await this.get(tenant.id, businessDate)) ?? run, queued: false };
    }
    return { run, queued: true };
  }

  /** The night's summary for one time zone: how many tenants were handed out, and how each ended. */
  async summary(zone: string, date: string): Promise<Record<string, unknown> | undefined> {
    const item = await this.store.get(summaryKey(zone, date));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = item;
    return rest;
  }

  /** Records that a zone's night was handed out to `tenants` workers (a rerun of the schedule adds nothing twice). */
  async planned(zone: string, date: string, tenants: number): Promise<void> {
    await this.store.update({
      kind: 'update',
      key: summaryKey(zone, date),
      update: 'SET entity = :e, #zone = :zone, businessDate = :date, tenants = :n, plannedAt = if_not_exists(plannedAt, :at)',
      names: { '#zone': 'zone' },
      values: { ':e': 'nightly-summary', ':zone': zone, ':date': date, ':n': tenants, ':at': this.now() },
    });
  }

  /** Counts a tenant's outcome in its zone's summary: succeeded, or failed for good (after its last attempt). */
  async counted(zone: string, date: string, outcome: 'succeeded' | 'failed', tenantId: string): Promise<void> {
    await this.store.update({
      kind: 'update',
      key: summaryKey(zone, date),
      update: outcome === 'failed' ? 'ADD #outcome :one, failedTenants :who' : 'ADD #outcome :one',
      names: { '#outcome': outcome },
      values: { ':one': 1, ...(outcome === 'failed' ? { ':who': new Set([tenantId]) } : {}) },
    });
  }

  private async steps(tenant: Tenant, businessDate: string, run: RunRecord, token: string, steps: readonly NightlyStep[], order: string[]) {
    for (const name of order) {
      if (run.steps[name]?.status === 'done') continue;
      const step = steps.find((s) => s.name === name);
      const unmet = (step?.needs ?? []).filter((s) => run.steps[s]?.status !== 'done');
      if (unmet.length) {
        run.steps[name] = { status: 'skipped', error: `needs ${unmet.join(', ')}` };
        await this.save(run, token);
        continue;
      }
      run.steps[name] = { status: 'running', startedAt: this.now() };
      await this.save(run, token);
      try {
        const counts = step ? await step.run(this.context(tenant, businessDate, run, name)) : await this.notify(tenant, businessDate, run);
        run.steps[name] = { ...run.steps[name], status: 'done', finishedAt: this.now(), counts };
      } catch (err) {
        if (err instanceof RunInterrupted) throw err;
        run.steps[name] = { ...run.steps[name], status: 'failed', finishedAt: this.now(), error: err instanceof Error ? err.message : String(err) };
      }
      await this.save(run, token);
    }
    run.status = order.every((s) => run.steps[s]?.status === 'done') ? 'succeeded' : 'failed';
    run.finishedAt = this.now();
    await this.save(run, token, true);
    return run;
  }

  private checkpoint(step: string): void {
    try {
      this.hooks.beforeWrite?.(step);
    } catch (err) {
      throw new RunInterrupted(String(err));
    }
  }

  private context(tenant: Tenant, businessDate: string, run: RunRecord, step: string): NightlyContext {
    const checkpoint = () => this.checkpoint(step);
    return {
      tenant,
      businessDate,
      now: this.clock(),
      checkpoint,
      post: async (transfers) => {
        let posted = 0;
        let replayed = 0;
        for (const t of transfers) {
          checkpoint();
          const r = await this.ledger.execute(tenant.id, [transferEntry(t)], { timeZone: tenant.calendar.timeZone, origin: 'system' });
          posted += r.entries.length;
          replayed += r.replayed.length;
        }
        return { posted, replayed };
      },
      send: async (messages) => {
        await this.sendOnce(messages.map((m) => message(tenant.id, m, this.clock())));
        return messages.length;
      },
      report: (name, findings) => {
        run.findings[name] = findings;
      },
    };
  }

  private async notify(tenant: Tenant, date: string, run: RunRecord): Promise<Record<string, number>> {
    this.checkpoint(NOTIFY);
    const failed = run.order.filter((s) => run.steps[s]?.status === 'failed');
    const findings = Object.fromEntries(Object.entries(run.findings).map(([name, list]) => [name, list.length]));
    const attention = Object.values(findings).reduce((n, c) => n + c, 0);
    const body = `${date} 日终结算：${failed.length ? `失败步骤 ${failed.join(', ')}；` : ''}需关注事项 ${attention} 项。Settlement of ${date}: ${failed.length} failed steps, ${attention} findings.`;
    const now = this.clock();
    await this.sendOnce([
      message(
        tenant.id,
        { id: `settlement-${date}-finance`, recipient: 'role:finance', subject: `日终结算 Settlement ${date}`, body, event: 'settlement' },
        now,
      ),
      enqueue(
        tenant.id,
        { kind: 'event', eventType: 'settlement.completed', data: { businessDate: date, failedSteps: failed, findings } },
        now,
        `settlement-${date}-event`,
      ),
    ]);
    return { messages: 2 };
  }

  /** Outbox items with derived ids: a rerun finds them written and sends nothing again. */
  private async sendOnce(actions: WriteAction[]): Promise<void> {
    for (const m of actions) {
      if (m.kind !== 'put') continue;
      try {
        await this.store.put(m.item, m.condition);
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err;
      }
    }
  }

  /** Extends the hold of a run still alive; a run another attempt took over is left to it. */
  private async renew(run: RunRecord, token: string): Promise<void> {
    await this.store.update({
      kind: 'update',
      key: runKey(run.tenantId, run.businessDate),
      update: 'SET leaseUntil = :lease',
      values: { ':lease': new Date(this.clock().getTime() + LEASE_MS).toISOString() },
      condition: { expression: '#token = :token', names: { '#token': 'token' }, values: { ':token': token } },
    });
  }

  /** Takes the run for this attempt: new, queued, resumed after a crash (lease expired), or already finished. */
  private async acquire(tenantId: string, date: string, trigger: RunRecord['trigger'], order: string[]): Promise<{ run: RunRecord; token: string }> {
    const token = randomUUID();
    const now = this.clock();
    const item = await this.store.get(runKey(tenantId, date));
    const existing = item?.run as RunRecord | undefined;
    if (existing?.status === 'succeeded') return { run: existing, token };
    if (existing?.status === 'running' && item && String(item.leaseUntil) > now.toISOString()) {
      throw problem('settlement-running', `The settlement of ${date} is already running (since ${existing.startedAt}).`);
    }
    const run: RunRecord = existing
      ? {
          ...existing,
          status: 'running',
          trigger: existing.status === 'queued' ? existing.trigger : trigger,
          attempts: existing.attempts + 1,
          finishedAt: undefined,
          order,
          steps: { ...pendingSteps(order), ...existing.steps },
        }
      : freshRun(tenantId, date, 'running', trigger, now, order);
    try {
      await this.store.put(
        this.runItem(run, token),
        existing ? { expression: '#token = :previous', names: { '#token': 'token' }, values: { ':previous': item!.token } } : conditions.absent(),
      );
    } catch (err) {
      if (err instanceof ConditionFailed) throw problem('settlement-running', `Another run of ${date} started at the same time.`);
      throw err;
    }
    return { run, token };
  }

  private async save(run: RunRecord, token: string, final = false): Promise<void> {
    try {
      await this.store.put(this.runItem(run, token, final), { expression: '#token = :token', names: { '#token': 'token' }, values: { ':token': token } });
    } catch (err) {
      if (err instanceof ConditionFailed) throw new RunInterrupted('another attempt took over this run');
      throw err;
    }
  }

  private runItem(run: RunRecord, token: string, final = false) {
    return {
      ...runKey(run.tenantId, run.businessDate),
      entity: 'settlement-run',
      run: JSON.parse(JSON.stringify(run)) as RunRecord,
      // On top too, for the stream's filter: a queued run is handed to a worker.
      status: run.status,
      token,
      leaseUntil: final ? '' : new Date(this.clock().getTime() + LEASE_MS).toISOString(),
      gsi1pk: historyKey(run.tenantId),
      gsi1sk: run.businessDate,
    };
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

const pendingSteps = (order: readonly string[]) => Object.fromEntries(order.map((s) => [s, { status: 'pending' as const }]));

/** A date's first run record: queued for a worker, or taken by this attempt at once (counted as its first). */
function freshRun(tenantId: string, businessDate: string, status: 'queued' | 'running', trigger: RunRecord['trigger'], now: Date, order: string[]): RunRecord {
  return {
    tenantId,
    businessDate,
    status,
    trigger,
    attempts: status === 'running' ? 1 : 0,
    startedAt: now.toISOString(),
    order,
    steps: pendingSteps(order),
    findings: {},
  };
}

/** What the nightly schedule sends: its scheduled time and zone, or a business date for a manual rerun. */
export interface SettleEvent {
  businessDate?: string;
  scheduledTime?: string;
  timeZone?: string;
  tenantId?: string;
}

export function businessDateOf(event: SettleEvent, timeZone: string, now = new Date()): string {
  if (event.businessDate !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(event.businessDate) || !DateTime.fromISO(event.businessDate).isValid)
      throw new Error(`invalid businessDate ${event.businessDate}`);
    return event.businessDate;
  }
  const at = event.scheduledTime ? DateTime.fromISO(event.scheduledTime, { zone: 'utc' }) : DateTime.fromJSDate(now);
  if (!at.isValid) throw new Error(`invalid scheduledTime ${event.scheduledTime}`);
  return at.setZone(timeZone).minus({ days: 1 }).toISODate()!;
}

const message = (tenantId: string, m: StepMessage, now: Date) =>
  enqueue(tenantId, { kind: 'message', channel: 'mailbox', recipient: m.recipient, subject: m.subject, body: m.body, event: m.event }, now, m.id);
