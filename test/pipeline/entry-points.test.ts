/**
 * The Lambda entry points for delivery and the nightly settlement, driven
 * with the events AWS sends them.
 */
import { randomBytes } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../shared/kinds/index.ts';
import type { TenantKind } from '../../shared/pipeline/contract.ts';
import { outboxKeys, mailboxKeys } from '../../shared/capabilities/outbox/keys.ts';
import { enqueue } from '../../shared/capabilities/outbox/outbox.ts';
import { SettlementRunner } from '../../shared/pipeline/settlement.ts';
import { Ledger } from '../../shared/ledger/ledger.ts';
import { UnitDirectory } from '../../shared/capabilities/cash-management/units.ts';
import { TenantDirectory } from '../../shared/platform/tenants.ts';
import type { Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

let store: Store;
let notify: typeof import('../../functions/notify.ts');
let settle: typeof import('../../functions/settle.ts');

beforeAll(async () => {
  const table = await createTestTable('entry');
  store = table.store;
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    CURSOR_SECRET: 'entry-points',
    DATA_KEY: randomBytes(32).toString('base64'),
    JWT_HS256_SECRET: 'entry-points',
  });
  notify = await import('../../functions/notify.ts');
  settle = await import('../../functions/settle.ts');
  const directory = new TenantDirectory(store);
  await directory.create({ id: 'demo-property', kind: 'property', name: 'p', calendar: KINDS.get('property')!.defaultCalendar, status: 'active', createdAt: new Date().toISOString() });
});

describe('notify (table stream)', () => {
  it('delivers outbox inserts, ignores other records, and reports none failed', async () => {
    const put = enqueue('demo-property', { kind: 'message', channel: 'mailbox', recipient: 'r-1', subject: 's', body: 'b', event: 'test' }, new Date());
    if (put.kind !== 'put') throw new Error('expected a put');
    await store.put(put.item, put.condition);
    const record = (image: Record<string, unknown>, seq: string) => ({ eventID: seq, eventName: 'INSERT', dynamodb: { SequenceNumber: seq, NewImage: marshall(image, { removeUndefinedValues: true }) } });
    const out = await notify.handler({ Records: [record(put.item, '1'), record({ pk: 'T#demo-property#CASE#X', sk: 'CASE', entity: 'case' }, '2')] });
    expect(out).toEqual({ batchItemFailures: [] });
    const mail = await store.query({ pk: mailboxKeys.recipient('demo-property', 'r-1') });
    expect(mail.items).toHaveLength(1);
    const item = await store.get(outboxKeys.item('demo-property', put.item.id as string));
    expect(item?.status).toBe('delivered');
  });

  it('sweeps due retries for every tenant when the schedule asks', async () => {
    const put = enqueue('demo-property', { kind: 'message', channel: 'mailbox', recipient: 'r-2', subject: 's', body: 'b', event: 'test' }, new Date());
    if (put.kind !== 'put') throw new Error('expected a put');
    await store.put(put.item, put.condition);
    await notify.handler({ sweep: true });
    expect((await store.query({ pk: mailboxKeys.recipient('demo-property', 'r-2') })).items).toHaveLength(1);
  });
});

describe('nightly settlement', () => {
  it('records a run per tenant for the business date named by the schedule', async () => {
    const out = await settle.handler({ businessDate: '2026-11-26' });
    expect(out.runs).toEqual([{ tenantId: 'demo-property', businessDate: '2026-11-26', status: 'succeeded' }]);
    await expect(settle.handler({ businessDate: '2026-13-40' })).rejects.toThrow(/invalid businessDate/);
  });

  it('posts a module’s daily transfers once, however often the date is rerun', async () => {
    const payroll: TenantKind = {
      ...KINDS.get('campus-post')!,
      kind: 'payroll-test',
      dailySettlement: ({ businessDate }) => [
        { id: `payroll:${businessDate}:worker-01`, debit: 'cost:wages', credit: 'payable:worker-01', amount: '86.40', currency: 'CNY', memo: 'base + piece rate' },
        { id: `payroll:${businessDate}:worker-02`, debit: 'cost:wages', credit: 'payable:worker-02', amount: '120.00', currency: 'CNY', memo: 'base + piece rate' },
      ],
    };
    const tenant = { id: 'payroll-campus', kind: 'payroll-test', name: 'x', calendar: payroll.defaultCalendar, status: 'active' as const, createdAt: '' };
    const units = new UnitDirectory(store);
    const ledger = new Ledger(store, units);
    const runner = new SettlementRunner(store, ledger, units, new Map([[payroll.kind, payroll]]));
    const first = await runner.run(tenant, '2026-11-26', 'operator');
    expect(first.status).toBe('succeeded');
    expect(first.steps.modules.counts).toEqual({ transfers: 2, posted: 2, replayed: 0, messages: 0 });
    const again = await runner.run(tenant, '2026-11-26', 'operator');
    expect(again).toEqual(first);
    expect((await ledger.balance('payroll-campus', 'cost:wages')).net).toBe('206.40');
    expect((await ledger.balance('payroll-campus', 'payable:worker-01')).net).toBe('86.40');
  });

  it('records a failing module, still runs the steps that do not depend on it, and reports the run failed', async () => {
    const broken: TenantKind = { ...KINDS.get('campus-post')!, kind: 'broken-test', dailySettlement: () => { throw new Error('payroll rates missing'); } };
    const units = new UnitDirectory(store);
    const runner = new SettlementRunner(store, new Ledger(store, units), units, new Map([[broken.kind, broken]]));
    const tenant = { id: 'broken-campus', kind: 'broken-test', name: 'x', calendar: broken.defaultCalendar, status: 'active' as const, createdAt: '' };
    const run = await runner.run(tenant, '2026-11-26', 'operator');
    expect(run.status).toBe('failed');
    expect(run.steps.modules).toMatchObject({ status: 'failed', error: 'payroll rates missing' });
    expect([run.steps.sweep.status, run.steps.interest.status, run.steps.reconciliation.status, run.steps.notify.status]).toEqual(['done', 'done', 'done', 'done']);
  });
});
