/**
 * The estate directory through the API: households with their areas, found
 * by room or phone, listed a page at a time; people put on record and moved
 * out; a CSV import that reports every row; phones never stored or shown in
 * clear; a resident's own household.
 */
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../shared/store/client.ts';
import { createTestPlatform, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
let manager: string;
let desk: string;

beforeAll(async () => {
  t = await createTestPlatform();
  manager = await t.token(T, ['manager'], 'manager-01');
  desk = await t.token(T, ['desk-agent'], 'desk-01');
}, 60_000);

describe('the demo estate', () => {
  it('has two buildings of forty households, most of them occupied', async () => {
    const all: Array<{ id: string; status: string; area: string }> = [];
    let cursor: string | undefined;
    do {
      const page = await t.call('GET', `/v1/property/households?limit=15${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: desk });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(15);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(40);
    expect(new Set(all.map((h) => h.id)).size).toBe(40);
    expect(all.filter((h) => h.status === 'occupied').length).toBeGreaterThan(30);
    const second = await t.call('GET', '/v1/property/households?building=2&limit=100', { token: desk });
    expect(second.body.items.every((h: { building: string }) => h.building === '2')).toBe(true);
    expect(second.body.items).toHaveLength(20);
  });

  it('shows residents their own household, and no one else’s', async () => {
    const mine = await t.call('GET', '/v1/property/my/household', { token: await t.token(T, ['resident'], 'resident-0101') });
    expect(mine.status).toBe(200);
    expect(mine.body.household.id).toBe('1-1-101');
    expect((await t.call('GET', '/v1/property/my/household', { token: await t.token(T, ['resident'], 'resident-9999') })).status).toBe(404);
  });
});

describe('households and their people', () => {
  it('adds a household, finds it by room and by phone, and keeps the phone masked everywhere', async () => {
    expect((await t.call('POST', '/v1/property/buildings', { token: manager, body: { id: '9', name: '9 号楼' } })).status).toBe(201);
    const h = await t.call('POST', '/v1/property/households', {
      token: manager,
      body: { building: '9', unit: '1', room: '301', area: '88.5', propertyType: 'residential' },
    });
    expect(h.status).toBe(201);
    expect(h.body).toMatchObject({ id: '9-1-301', area: '88.50', status: 'vacant', people: 0 });
    const p = await t.call('POST', '/v1/property/households/9-1-301/people', { token: manager, body: { name: '孙立', role: 'owner', phone: '13911112222' } });
    expect(p.status).toBe(201);
    expect(p.body.phone).not.toContain('13911112222');
    expect(p.body.sealedPhone).toBeUndefined();
    const found = await t.call('GET', '/v1/property/households/lookup?phone=13911112222', { token: desk });
    expect(found.body).toMatchObject({ household: { id: '9-1-301', status: 'occupied', people: 1 }, person: { name: '孙立', role: 'owner' } });
    expect((await t.call('GET', '/v1/property/households/9-1-301', { token: desk })).body.people).toHaveLength(1);
    expect((await t.call('GET', '/v1/property/households/lookup?phone=13900000000', { token: desk })).status).toBe(404);
    const { tableName, endpoint } = t.platform.config.store;
    const client = createDynamoClient({ tableName, endpoint });
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      expect(JSON.stringify(page.Items)).not.toContain('13911112222');
      start = page.LastEvaluatedKey;
    } while (start);
  });

  it('refuses a phone already on another household, a household in no building, and bad areas, naming the field', async () => {
    const taken = await t.call('POST', '/v1/property/households/1-1-102/people', { token: manager, body: { name: 'x', role: 'member', phone: '13911112222' } });
    expect([taken.status, taken.body.type, taken.body.errors?.[0]?.field]).toEqual([409, '/problems/phone-in-use', 'phone']);
    const nowhere = await t.call('POST', '/v1/property/households', {
      token: manager,
      body: { building: '77', room: '101', area: '50.00', propertyType: 'residential' },
    });
    expect([nowhere.status, nowhere.body.errors?.[0]?.field]).toEqual([400, 'building']);
    for (const area of ['0', '-3.00', '1e3', 'abc']) {
      const bad = await t.call('POST', '/v1/property/households', { token: manager, body: { building: '9', room: '102', area, propertyType: 'residential' } });
      expect([area, bad.status, bad.body.errors?.[0]?.field]).toEqual([area, 400, 'area']);
    }
  });

  it('moves a person out: kept on record, no longer found, the household vacant when the last one leaves', async () => {
    const found = await t.call('GET', '/v1/property/households/lookup?phone=13911112222', { token: desk });
    const out = await t.call('POST', `/v1/property/households/9-1-301/people/${found.body.person.id}/move-out`, { token: manager });
    expect(out.status).toBe(200);
    expect(out.body.movedOutAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await t.call('GET', '/v1/property/households/lookup?phone=13911112222', { token: desk })).status).toBe(404);
    const h = await t.call('GET', '/v1/property/households/9-1-301', { token: desk });
    expect(h.body.household).toMatchObject({ status: 'vacant', people: 0 });
    expect(h.body.people).toHaveLength(1);
    // Moving out twice finds no one to move.
    expect((await t.call('POST', `/v1/property/households/9-1-301/people/${found.body.person.id}/move-out`, { token: manager })).status).toBe(404);
    // The phone may now be put on another household.
    expect(
      (await t.call('POST', '/v1/property/households/1-1-102/people', { token: manager, body: { name: '孙立', role: 'tenant', phone: '13911112222' } })).status,
    ).toBe(201);
  });
});

describe('the estate import', () => {
  it('takes the good rows, refuses the bad ones by row, and creates the buildings it names', async () => {
    const csv = [
      'building,unit,room,area,type,name,role,phone',
      '8,1,101,90.00,residential,周一,owner,13700000001',
      '8,1,101,90.00,residential,周二,member,13700000002',
      '8,1,102,abc,residential,吴三,owner,13700000003',
      '8,1,103,60.00,castle,郑四,owner,13700000004',
      '8,1,104,60.00,residential,王五,owner,12345',
      '8,2,201,75.25,shop,冯六,tenant,13700000006',
    ].join('\n');
    const res = await t.call('POST', '/v1/property/estate/import', { token: manager, body: { csv } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ households: 2, people: 3 });
    expect(res.body.rows.map((r: { row: number; outcome: string }) => [r.row, r.outcome])).toEqual([
      [2, 'added'],
      [3, 'updated'],
      [4, 'refused'],
      [5, 'refused'],
      [6, 'refused'],
      [7, 'added'],
    ]);
    expect(res.body.rows[2].message).toMatch(/^area: /);
    expect(res.body.rows[3].message).toMatch(/^propertyType: /);
    expect(res.body.rows[4].message).toMatch(/^phone: /);
    expect((await t.call('GET', '/v1/property/households/8-1-101', { token: desk })).body.people).toHaveLength(2);
    expect((await t.call('GET', '/v1/property/buildings', { token: desk })).body.items.map((b: { id: string }) => b.id)).toContain('8');
    const wrong = await t.call('POST', '/v1/property/estate/import', { token: manager, body: { csv: 'room,area\n101,50' } });
    expect([wrong.status, wrong.body.type]).toEqual([422, '/problems/invalid-estate-csv']);
  });
});
