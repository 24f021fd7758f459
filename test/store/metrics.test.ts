/**
 * The store's own count of capacity units follows what DynamoDB reports:
 * a transaction replayed with the same token changed nothing, so it adds
 * read units, not another round of write units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

let store: Store;

beforeAll(async () => {
  ({ store } = await createTestTable('metrics'));
});

describe('store metrics', () => {
  it('counts a replayed transaction as reads', async () => {
    const actions = [
      { kind: 'put' as const, item: { pk: 'T#acme#M1', sk: 'X', v: 1 } },
      { kind: 'put' as const, item: { pk: 'T#acme#M2', sk: 'X', v: 2 } },
    ];
    store.resetMetrics();
    await store.transact(actions, { token: 'metrics-replay' });
    expect(store.metrics.writeUnits).toBe(4);
    expect(store.metrics.readUnits).toBe(0);
    await store.transact(actions, { token: 'metrics-replay' });
    expect(store.metrics.writeUnits).toBe(4);
    expect(store.metrics.readUnits).toBeGreaterThan(0);
  });
});
