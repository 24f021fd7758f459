/**
 * The nightly settlement: one run per tenant per business date, in steps —
 * the module's daily transfers, the end-of-day sweep, overdraft cover,
 * internal interest, reconciliation, then the notifications the run causes.
 *
 * Every step is idempotent (deterministic entry ids, write-once records), so
 * a run can be repeated or resumed: the run record checkpoints each step,
 * and a run killed halfway picks up at the step it was in and ends with the
 * same postings as an uninterrupted run. A step that fails is recorded and
 * the steps that do not depend on it still run.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { CashManagement } from '../ledger/cash-management.ts';
import { InternalPricing } from '../ledger/internal-pricing.ts';
import { transferEntry, type Ledger } from '../ledger/ledger.ts';
import { Reconciliation } from '../ledger/reconciliation.ts';
import type { UnitDirectory } from '../ledger/units.ts';
import type { Tenant } from './contract.ts';
import { problems, problem } from '../kernel/problems.ts';
import { ModuleStore } from '../store/module-store.ts';
import { tenantKey } from '../store/schema.ts';
import { ConditionFailed, conditions, type Store } from '../store/store.ts';
import type { TenantKind } from './contract.ts';
import { enqueue } from '../capabilities/outbox/outbox.ts';

export const STEPS = ['modules', 'sweep', 'overdraft-cover', 'interest', 'reconciliation', 'notify'] as const;
export type StepName = (typeof STEPS)[number];

/** A step runs only if these earlier steps succeeded. */
const NEEDS: Partial<Record<StepName, StepName[]>> = { interest: ['sweep', 'overdraft-cover'] };

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
  status: 'running' | 'succeeded' | 'failed';
  trigger: 'schedule' | 'operator' | 'cli';
  attempts: number;
  startedAt: string;
  finishedAt?: string;
  steps: Record<StepName, StepRecord>;
  /** Findings worth a person's attention: shortfalls, reconciliation differences. */
  findings: Record<string, unknown>;
}

/** Raised by a test's fault hook to stand for the process dying: nothing more is recorded. */
export class RunInterrupted extends Error {}

export interface RunnerHooks {
  /** Called before each write of a step; throwing here simulates a crash. */
  beforeWrite?: (step: StepName) => void;
}

const runKey = (t: string, date: string) => ({ pk: tenantKey(t, 'RUN', date), sk: 'RUN' });
const historyKey = (t: string) => tenantKey(t, 'RUNS');
const LEASE_MS = 15 * 60_000;

export class SettlementRunner {
  private readonly cash: CashManagement;
  private readonly pricing: InternalPricing;
  private readonly reconciliation: Reconciliation;

  constructor(
    private readonly store: Store,
    private readonly ledger: Ledger,
    units: UnitDirectory,
    private readonly kinds: ReadonlyMap<string, TenantKind>,
    private readonly clock: () => Date = () => new Date(),
    private readonly hooks: RunnerHooks = {},
  ) {
    this.cash = new CashManagement(ledger, units);
    this.pricing = new InternalPricing(store, ledger, units);
    this.reconciliation = new Reconciliation(store);
  }

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
    const { run, token } = await this.acquire(tenant.id, businessDate, trigger);
    if (run.status === 'succeeded') return run;

    for (const step of STEPS) {
      const record = run.steps[step];
      if (record.status === 'done') continue;
      const unmet = (NEEDS[step] ?? []).filter((s) => run.steps[s].status !== 'done');
      if (unmet.length) {
        run.steps[step] = { status: 'skipped', error: `needs ${unmet.join(', ')}` };
        await this.save(run, token);
        continue;
      }
      run.steps[step] = { status: 'running', startedAt: this.now() };
      await this.save(run, token);
      try {
        const counts = await this.step(step, tenant, businessDate, run);
        run.steps[step] = { ...run.steps[step], status: 'done', finishedAt: this.now(), counts };
      } catch (err) {
        if (err instanceof RunInterrupted) throw err;
        run.steps[step] = { ...run.steps[step], status: 'failed', finishedAt: this.now(), error: err instanceof Error ? err.message : String(err) };
      }
      await this.save(run, token);
    }
    run.status = STEPS.every((s) => run.steps[s].status === 'done') ? 'succeeded' : 'failed';
    run.finishedAt = this.now();
    await this.save(run, token, true);
    return run;
  }

  private async step(step: StepName, tenant: Tenant, date: string, run: RunRecord): Promise<Record<string, number | string>> {
    const tz = tenant.calendar.timeZone;
    const guard = () => {
      try {
        this.hooks.beforeWrite?.(step);
      } catch (err) {
        throw new RunInterrupted(String(err));
      }
    };
    switch (step) {
      case 'modules': {
        const kind = this.kinds.get(tenant.kind);
        if (!kind?.dailySettlement) return { transfers: 0, posted: 0, replayed: 0 };
        const out = await kind.dailySettlement({ tenantId: tenant.id, businessDate: date, now: this.clock(), records: new ModuleStore(this.store, tenant.kind) });
        const result = Array.isArray(out) ? { transfers: out } : out;
        let posted = 0;
        let replayed = 0;
        for (const t of result.transfers) {
          guard();
          const r = await this.ledger.execute(tenant.id, [transferEntry(t)], { timeZone: tz });
          posted += r.entries.length;
          replayed += r.replayed.length;
        }
        for (const m of result.messages ?? []) {
          const action = enqueue(tenant.id, { kind: 'message', channel: 'mailbox', recipient: m.recipient, subject: m.subject, body: m.body, event: m.event }, this.clock(), m.id);
          if (action.kind !== 'put') continue;
          try {
            await this.store.put(action.item, action.condition);
          } catch (err) {
            if (!(err instanceof ConditionFailed)) throw err;
          }
        }
        return { transfers: result.transfers.length, posted, replayed, messages: result.messages?.length ?? 0, ...result.counts };
      }
      case 'sweep': {
        const reports = await this.cash.sweep(tenant.id, date, { timeZone: tz, beforeBatch: guard });
        // What reached the region: every level moves the same money once more, so levels are not summed.
        return { batches: reports.reduce((n, r) => n + r.batches, 0), postings: reports.reduce((n, r) => n + r.postings, 0), intoRegion: reports.at(-1)?.swept ?? '0.00' };
      }
      case 'overdraft-cover': {
        guard();
        const report = await this.cash.coverOverdrafts(tenant.id, date, { timeZone: tz });
        run.findings.shortfalls = report.shortfalls;
        return { covered: report.covered.length, shortfalls: report.shortfalls.length };
      }
      case 'interest': {
        guard();
        const r = await this.pricing.run(tenant.id, date, tz);
        return { accrued: r.accrued, posted: r.posted, total: r.total };
      }
      case 'reconciliation': {
        const r = await this.reconciliation.run(tenant.id, date);
        run.findings.reconciliation = r.differences;
        return { units: r.units, differences: r.differences.length };
      }
      case 'notify': {
        guard();
        const failed = STEPS.filter((s) => run.steps[s].status === 'failed');
        const shortfalls = (run.findings.shortfalls as unknown[] | undefined)?.length ?? 0;
        const differences = (run.findings.reconciliation as unknown[] | undefined)?.length ?? 0;
        const body = `${date} 日终结算：${failed.length ? `失败步骤 ${failed.join(', ')}；` : ''}透支补足缺口 ${shortfalls} 项，应缴/实缴差异 ${differences} 项。`;
        const now = this.clock();
        const messages = [
          enqueue(tenant.id, { kind: 'message', channel: 'mailbox', recipient: 'role:finance', subject: `日终结算 Settlement ${date}`, body, event: 'settlement' }, now, `settlement-${date}-finance`),
          enqueue(tenant.id, { kind: 'event', eventType: 'settlement.completed', data: { businessDate: date, failedSteps: failed, shortfalls, differences } }, now, `settlement-${date}-event`),
        ];
        for (const m of messages) {
          if (m.kind !== 'put') continue;
          try {
            await this.store.put(m.item, m.condition);
          } catch (err) {
            if (!(err instanceof ConditionFailed)) throw err;
          }
        }
        return { messages: messages.length };
      }
    }
  }

  /** Takes the run for this attempt: new, resumed after a crash (lease expired), or already finished. */
  private async acquire(tenantId: string, date: string, trigger: RunRecord['trigger']): Promise<{ run: RunRecord; token: string }> {
    const token = randomUUID();
    const now = this.clock();
    const item = await this.store.get(runKey(tenantId, date));
    const existing = item?.run as RunRecord | undefined;
    if (existing?.status === 'succeeded') return { run: existing, token };
    if (existing?.status === 'running' && item && String(item.leaseUntil) > now.toISOString()) {
      throw problem('settlement-running', `The settlement of ${date} is already running (since ${existing.startedAt}).`);
    }
    const run: RunRecord = existing
      ? { ...existing, status: 'running', trigger, attempts: existing.attempts + 1, finishedAt: undefined }
      : {
          tenantId,
          businessDate: date,
          status: 'running',
          trigger,
          attempts: 1,
          startedAt: now.toISOString(),
          steps: Object.fromEntries(STEPS.map((s) => [s, { status: 'pending' }])) as RunRecord['steps'],
          findings: {},
        };
    try {
      await this.store.put(this.runItem(run, token), existing ? { expression: '#token = :previous', names: { '#token': 'token' }, values: { ':previous': item!.token } } : conditions.absent());
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

/** What the nightly schedule sends: its scheduled time and zone, or a business date for a manual rerun. */
export interface SettleEvent {
  businessDate?: string;
  scheduledTime?: string;
  timeZone?: string;
  tenantId?: string;
}

export function businessDateOf(event: SettleEvent, timeZone: string, now = new Date()): string {
  if (event.businessDate !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(event.businessDate) || !DateTime.fromISO(event.businessDate).isValid) throw new Error(`invalid businessDate ${event.businessDate}`);
    return event.businessDate;
  }
  const at = event.scheduledTime ? DateTime.fromISO(event.scheduledTime, { zone: 'utc' }) : DateTime.fromJSDate(now);
  if (!at.isValid) throw new Error(`invalid scheduledTime ${event.scheduledTime}`);
  return at.setZone(timeZone).minus({ days: 1 }).toISODate()!;
}
