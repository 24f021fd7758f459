/**
 * A store confined to a tenant reaches only that tenant's keys: every other
 * key is refused before anything is sent, for reads, queries, writes and
 * transactions alike — the same rule DynamoDB enforces in AWS on the tenant
 * data role's credentials. And confined work goes through the tenant's own
 * client (in AWS, the one holding that tenant's credentials), one per tenant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../shared/store/client.ts';
import { OutsideTenant, withinTenant } from '../../shared/store/scope.ts';
import type { Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

let store: Store;
let tableName: string;
let endpoint: string;
const a = (rest: string) => ({ pk: `T#tenant-a#${rest}`, sk: 'X' });
const b = (rest: string) => ({ pk: `T#tenant-b#${rest}`, sk: 'X' });

beforeAll(async () => {
  ({ store, tableName, endpoint } = await createTestTable('confine'));
  await store.put({ ...a('ONE'), v: 1 });
  await store.put({ ...b('ONE'), v: 2 });
});

describe('a store confined to tenant A', () => {
  it('reads, queries and writes A’s keys', async () => {
    await withinTenant('tenant-a', async () => {
      expect((await store.get(a('ONE')))?.v).toBe(1);
      expect((await store.query({ pk: a('ONE').pk })).items).toHaveLength(1);
      await store.put({ ...a('TWO'), v: 3 });
      await store.transact([{ kind: 'put', item: { ...a('THREE'), v: 4 } }]);
    });
    expect((await store.get(a('THREE')))?.v).toBe(4);
  });

  it('cannot read, query, write, update, delete or transact B’s keys — nor a key outside every tenant', async () => {
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['get', () => store.get(b('ONE'))],
      ['query', () => store.query({ pk: b('ONE').pk })],
      ['query an index', () => store.query({ index: 'gsi1', pk: 'T#tenant-b#JOURNAL' })],
      ['put', () => store.put({ ...b('NEW'), v: 9 })],
      ['update', () => store.update({ kind: 'update', key: b('ONE'), update: 'SET v = :v', values: { ':v': 9 } })],
      ['delete', () => store.delete(b('ONE'))],
      [
        'transact one of two',
        () =>
          store.transact([
            { kind: 'put', item: { ...a('MIXED'), v: 1 } },
            { kind: 'put', item: { ...b('MIXED'), v: 1 } },
          ]),
      ],
      ['platform records', () => store.get({ pk: 'T#_platform#TENANTS', sk: 'X' })],
      ['a prefix that only starts alike', () => store.get({ pk: 'T#tenant-ab#ONE', sk: 'X' })],
    ];
    for (const [name, attempt] of attempts) {
      await expect(withinTenant('tenant-a', attempt), name).rejects.toBeInstanceOf(OutsideTenant);
    }
    // Nothing of B changed, and the mixed transaction wrote nothing of A either.
    expect((await store.get(b('ONE')))?.v).toBe(2);
    expect(await store.get(b('NEW'))).toBeUndefined();
    expect(await store.get(a('MIXED'))).toBeUndefined();
  });

  it('is not confined outside the work, nor in another tenant’s work running at the same time', async () => {
    const [inA, inB] = await Promise.allSettled([withinTenant('tenant-a', () => store.get(b('ONE'))), withinTenant('tenant-b', () => store.get(b('ONE')))]);
    expect(inA.status).toBe('rejected');
    expect(inB.status === 'fulfilled' && inB.value?.v).toBe(2);
    expect((await store.get(b('ONE')))?.v).toBe(2);
  });

  it('sends confined work through the tenant’s own client, made once per tenant', async () => {
    const made: string[] = [];
    const sent: Record<string, number> = {};
    const confined = (await createTestTable('confine-clients')).store.confineWith((tenantId) => {
      made.push(tenantId);
      const client = createDynamoClient({ tableName, endpoint });
      client.middlewareStack.add(
        (next) => async (args) => {
          sent[tenantId] = (sent[tenantId] ?? 0) + 1;
          return next(args);
        },
        { step: 'initialize' },
      );
      return client;
    });
    for (let i = 0; i < 3; i++) await withinTenant('tenant-a', () => confined.put({ ...a(`C${i}`), v: i }));
    await withinTenant('tenant-b', () => confined.get(b('ONE')));
    await confined.get(b('ONE')); // not confined: the store's own client
    expect(made).toEqual(['tenant-a', 'tenant-b']);
    expect(sent).toEqual({ 'tenant-a': 3, 'tenant-b': 1 });
  });
});
