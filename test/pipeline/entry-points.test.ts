/**
 * The Lambda entry points for delivery and the nightly settlement, driven
 * with the events AWS sends them.
 */
import { randomBytes } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeWeek } from '../../shared/capabilities/calendar/index.ts';
import { cashSteps } from '../../shared/capabilities/cash-management/nightly.ts';
import { cashServices } from '../../shared/capabilities/cash-management/services.ts';
import { mailboxKeys, outboxKeys } from '../../shared/capabilities/outbox/keys.ts';
import { enqueue } from '../../shared/capabilities/outbox/outbox.ts';
import { Ledger } from '../../shared/ledger/ledger.ts';
import type { NightlyStep } from '../../shared/pipeline/contract.ts';
import { SettlementRunner } from '../../shared/pipeline/settlement.ts';
import { TenantDirectory } from '../../shared/platform/tenants.ts';
import type { Store } from '../../shared/store/store.ts';
import { createTestPlatform as createTestPlatformFor } from '../support/platform.ts';
import { type SqsStandIn, startSqsStandIn } from '../support/sqs-stand-in.ts';
import { createTestTable } from '../support/table.ts';

let store: Store;
let sqs: SqsStandIn;
let notify: typeof import('../../functions/notify.ts');
let settle: typeof import('../../functions/settle.ts');

beforeAll(async () => {
  const table = await createTestTable('entry');
  store = table.store;
  sqs = await startSqsStandIn();
  Object.assign(process.env, {
    WORK_QUEUE_URL: `${sqs.endpoint}/000000000000/work`,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_REGION: 'ap-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    CURSOR_SECRET: 'entry-points',
    DATA_KEY: randomBytes(32).toString('base64'),
    JWT_HS256_SECRET: 'entry-points',
  });
  notify = await import('../../functions/notify.ts');
  settle = await import('../../functions/settle.ts');
  const directory = new TenantDirectory(store);
  await directory.create({ id: 'demo-property', kind: 'property', name: 'p', calendar: officeWeek, status: 'active', createdAt: new Date().toISOString() });
});

afterAll(() => sqs.close());

/** What SQS would hand the consumer: the messages sent so far, as Lambda's records. */
const delivered = (attempt = 1) =>
  sqs.take().map((m) => ({ eventSource: 'aws:sqs' as const, messageId: m.messageId, body: m.body, attributes: { ApproximateReceiveCount: String(attempt) } }));

describe('notify (table stream)', () => {
  it('delivers outbox inserts, passes new mailbox messages on (nowhere, with no channel), ignores other records, and reports none failed', async () => {
    const put = enqueue(
      'demo-property',
      { kind: 'message', channel: 'mailbox', recipient: 'r-1', subject: 's', body: 'b', event: 'test' },
      new Date(),
      'notice-r-1',
    );
    const mail = enqueue(
      'demo-property',
      { kind: 'message', channel: 'mailbox', recipient: 'r-1', subject: 's', body: 'in the change', event: 'test' },
      new Date(),
    );
    if (put.kind !== 'put') throw new Error('expected a put');
    await store.put(put.item, put.condition);
    const record = (image: Record<string, unknown>, seq: string) => ({
      eventID: seq,
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: seq, NewImage: marshall(image, { removeUndefinedValues: true }) },
    });
    if (put.kind !== 'put' || mail.kind !== 'put') throw new Error('expected puts');
    expect([put.item.entity, mail.item.entity]).toEqual(['outbox', 'mail']);
    const out = await notify.handler({
      Records: [record(put.item, '1'), record(mail.item, '2'), record({ pk: 'T#demo-property#CASE#X', sk: 'CASE', entity: 'case' }, '3')],
    });
    expect(out).toEqual({ batchItemFailures: [] });
    const delivered = await store.query({ pk: mailboxKeys.recipient('demo-property', 'r-1') });
    expect(delivered.items.map((i) => (i.message as { body: string }).body)).toEqual(['b']);
    const item = await store.get(outboxKeys.item('demo-property', put.item.id as string));
    expect(item?.status).toBe('delivered');
  });

  it('hands out a retry sweep per tenant when the schedule asks, and drains the tenant of each job', async () => {
    const put = enqueue(
      'demo-property',
      { kind: 'message', channel: 'mailbox', recipient: 'r-2', subject: 's', body: 'b', event: 'test' },
      new Date(),
      'notice-r-2',
    );
    if (put.kind !== 'put') throw new Error('expected a put');
    await store.put(put.item, put.condition);
    expect(await notify.handler({ sweep: true })).toEqual({ kind: 'outbox', tenants: 1 });
    const jobs = delivered();
    expect(jobs.map((j) => JSON.parse(j.body))).toEqual([{ kind: 'outbox', tenantId: 'demo-property' }]);
    expect(await notify.handler({ Records: jobs })).toEqual({ batchItemFailures: [] });
    expect((await store.query({ pk: mailboxKeys.recipient('demo-property', 'r-2') })).items).toHaveLength(1);
  });
});

describe('nightly settlement', () => {
  it('hands out a settle job per tenant of the zone, settles each job as its own invocation, and counts it in the night’s summary', async () => {
    const zone = officeWeek.timeZone;
    const out = await settle.handler({ timeZone: zone, scheduledTime: '2026-11-26T17:00:00Z' });
    expect(out).toEqual({ zone, businessDate: '2026-11-26', tenants: 1 });
    const jobs = delivered();
    expect(jobs.map((j) => JSON.parse(j.body))).toEqual([{ kind: 'settle', tenantId: 'demo-property', businessDate: '2026-11-26', trigger: 'schedule', zone }]);
    expect(await settle.handler({ Records: jobs })).toEqual({ batchItemFailures: [] });
    const runner = new SettlementRunner(store, new Ledger(store), () => []);
    expect((await runner.get('demo-property', '2026-11-26'))?.status).toBe('succeeded');
    expect(await runner.summary(zone, '2026-11-26')).toMatchObject({ tenants: 1, succeeded: 1 });
    // A tenant of another zone is not this zone's work.
    expect(await settle.handler({ timeZone: 'Europe/Berlin', scheduledTime: '2026-11-26T00:00:00Z' })).toMatchObject({ tenants: 0 });
    expect(sqs.take()).toEqual([]);
    await expect(settle.handler({ businessDate: '2026-13-40' })).rejects.toThrow(/invalid businessDate/);
  });

  it('hands a run an operator queued through the API from the table stream to the queue', async () => {
    const image = (status: string) => ({
      eventSource: 'aws:dynamodb' as const,
      dynamodb: {
        NewImage: marshall({ entity: 'settlement-run', status, run: { tenantId: 'demo-property', businessDate: '2026-11-25', trigger: 'operator' } }),
      },
    });
    expect(await settle.handler({ Records: [image('queued'), image('running')] as never })).toEqual({ queued: 1 });
    expect(delivered().map((j) => JSON.parse(j.body))).toEqual([
      { kind: 'settle', tenantId: 'demo-property', businessDate: '2026-11-25', trigger: 'operator' },
    ]);
  });

  it('posts a step’s transfers once, however often the date is rerun', async () => {
    const payroll: NightlyStep = {
      name: 'payroll',
      label: { zh: '工资', en: 'Payroll' },
      async run(ctx) {
        const { posted, replayed } = await ctx.post([
          {
            id: `payroll:${ctx.businessDate}:worker-01`,
            debit: 'cost:wages',
            credit: 'payable:worker:worker-01',
            amount: '86.40',
            currency: 'CNY',
            memo: 'base + piece rate',
          },
          {
            id: `payroll:${ctx.businessDate}:worker-02`,
            debit: 'cost:wages',
            credit: 'payable:worker:worker-02',
            amount: '120.00',
            currency: 'CNY',
            memo: 'base + piece rate',
          },
        ]);
        return { transfers: 2, posted, replayed };
      },
    };
    const tenant = { id: 'payroll-campus', kind: 'payroll-test', name: 'x', calendar: officeWeek, status: 'active' as const, createdAt: '' };
    const ledger = new Ledger(store, {
      accounts: [
        { id: 'cost:wages', kind: 'cost', name: 'wages' },
        { id: 'payable:worker:*', kind: 'payable', name: 'owed to a worker' },
      ],
    });
    const runner = new SettlementRunner(store, ledger, () => [payroll]);
    const first = await runner.run(tenant, '2026-11-26', 'operator');
    expect(first.status).toBe('succeeded');
    expect(first.order).toEqual(['payroll', 'notify']);
    expect(first.steps.payroll?.counts).toEqual({ transfers: 2, posted: 2, replayed: 0 });
    const again = await runner.run(tenant, '2026-11-26', 'operator');
    expect(again).toEqual(first);
    expect((await ledger.balance('payroll-campus', 'cost:wages')).net).toBe('206.40');
    expect((await ledger.balance('payroll-campus', 'payable:worker:worker-01')).net).toBe('86.40');
  });

  it('records a failing step, still runs the steps that do not depend on it, and reports the run failed', async () => {
    const broken: NightlyStep = {
      name: 'payroll',
      label: { zh: '工资', en: 'Payroll' },
      run: async () => {
        throw new Error('payroll rates missing');
      },
    };
    const ledger = new Ledger(store);
    const cash = cashSteps(cashServices({ store, ledger, clock: () => new Date(), dateWindow: { pastDays: 400, futureDays: 1 }, secret: () => 's' }));
    const runner = new SettlementRunner(store, ledger, () => [broken, ...cash]);
    const tenant = { id: 'broken-campus', kind: 'broken-test', name: 'x', calendar: officeWeek, status: 'active' as const, createdAt: '' };
    const run = await runner.run(tenant, '2026-11-26', 'operator');
    expect(run.status).toBe('failed');
    expect(run.steps.payroll).toMatchObject({ status: 'failed', error: 'payroll rates missing' });
    expect(['sweep', 'overdraft-cover', 'interest', 'reconciliation', 'notify'].map((s) => run.steps[s]?.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
  });

  it('runs no sweep for a tenant that did not enable cash management', async () => {
    const t = await createTestPlatformFor();
    const property = (await t.platform.tenants.get('demo-property'))!;
    const run = await t.platform.settlement.run(property, '2026-11-26', 'operator');
    expect(run.status).toBe('succeeded');
    // Its own kind's steps and the notice; no cash-management step.
    expect(run.order).toEqual(['property-billing', 'property-reminders', 'notify']);
    const campusLike = { ...property, id: 'demo-property', capabilities: ['cash-management'] };
    expect(t.platform.stepsFor(campusLike).map((s) => s.name)).toEqual([
      'property-billing',
      'property-reminders',
      'sweep',
      'overdraft-cover',
      'interest',
      'reconciliation',
    ]);
  });
});
