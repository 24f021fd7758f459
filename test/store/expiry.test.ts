/**
 * Rows past their TTL, which DynamoDB deletes only lazily (often days
 * late): the store never shows them, and a page they fill does not hide the
 * live rows after it — a limited query reads on until its page is full or
 * the partition ends. (Waiting outbox rows once sat behind a page of expired
 * ones, and the dispatcher delivered nothing.)
 */
import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../shared/store/client.ts';
import { Store } from '../../shared/store/store.ts';
import { createTestTable } from '../support/table.ts';

describe('expired rows', () => {
  it('are skipped without hiding the live rows behind them in a limited page', async () => {
    const { tableName, endpoint } = await createTestTable('expiry');
    const now = Date.parse('2026-11-27T00:00:00Z');
    const store = new Store(tableName, createDynamoClient({ tableName, endpoint }), () => now);
    const past = Math.floor(now / 1000) - 60;
    for (let i = 0; i < 30; i++) await store.put({ pk: 'T#x#P', sk: `A#${String(i).padStart(3, '0')}`, expiresAt: past });
    for (let i = 0; i < 3; i++) await store.put({ pk: 'T#x#P', sk: `B#${i}` });
    const page = await store.query({ pk: 'T#x#P', limit: 10 });
    expect(page.items.map((i) => i.sk)).toEqual(['B#0', 'B#1', 'B#2']);
    const first = await store.query({ pk: 'T#x#P', limit: 2 });
    expect(first.items.map((i) => i.sk)).toEqual(['B#0', 'B#1']);
    const rest = await store.query({ pk: 'T#x#P', limit: 2, startKey: first.lastKey });
    expect(rest.items.map((i) => i.sk)).toEqual(['B#2']);
  });
});
