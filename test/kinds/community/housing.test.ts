/**
 * Rented housing through the API: a house registered with its landlord
 * sealed and its rooms; residents registered into its rooms with their
 * leases and listed on it; a room it does not let refused; the landlord's
 * agreement and inspections recorded (a failed one names the day to come
 * back); a resident who moves out leaves the list; the figures count it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshId, person, type Station, station } from './support.ts';

let s: Station;
let tokens: Record<string, string>;
let house: { id: string; data: Record<string, unknown> };
const landlordId = freshId();

beforeAll(async () => {
  s = await station();
  tokens = s.tokens;
  house = (
    await s.file(
      'rented-house',
      {
        address: '北区 12 号院 North yard 12',
        area: 'north',
        landlordName: '张房东',
        landlordIdNumber: landlordId,
        landlordPhone: '13800001111',
        rooms: ['101', '102', '201'],
      },
      tokens.collector!,
    )
  ).body;
}, 60_000);

const residents = async (token = tokens.collector!) => s.t.call('GET', `/v1/community/houses/${house.id}/residents`, { token });

describe('rented housing', () => {
  it('registers the house with the landlord sealed, and residents into its rooms with their leases', async () => {
    expect([house.data.landlordIdNumber === landlordId, house.data.address === '北区 12 号院 North yard 12', house.data.landlordName]).toEqual([
      false,
      false,
      '张房东',
    ]);
    const lodger = await s.register(person(freshId(), { name: '赵强', lodging: { house: house.id, room: '102', leaseUntil: '2027-06-30' } }));
    expect(lodger.status).toBe(201);
    const list = await residents();
    expect([list.status, list.body.rooms, list.body.items]).toEqual([
      200,
      ['101', '102', '201'],
      [expect.objectContaining({ room: '102', person: lodger.body.id, name: '赵强', until: '2027-06-30' })],
    ]);
    const nowhere = await s.register(person(freshId(), { lodging: { house: house.id, room: '999' } }));
    expect([nowhere.status, nowhere.body.type, nowhere.body.errors?.[0]?.field]).toEqual([422, '/problems/no-such-room', 'input.lodging.room']);
    expect((await residents(tokens.south!)).status).toBe(404); // another area's collector
    // The lodger moves out of the house: off its list.
    await s.act(lodger.body.id, tokens.collector!, 'change-address', { address: '北区 3 号院', area: 'north' });
    expect((await residents()).body.items).toEqual([]);
  });

  it('records the responsibility agreement and inspections; a failed inspection names when to come back', async () => {
    const signed = await s.act(house.id, tokens.police!, 'sign-agreement', { signedOn: '2026-11-20' });
    expect(signed.body.data.agreement).toEqual({ signedOn: '2026-11-20', by: 'police-01' });
    const failed = await s.act(house.id, tokens.governance!, 'inspect', { kind: 'fire', passed: false, findings: '灭火器过期 extinguisher expired' });
    expect([failed.status, failed.body.errors?.[0]?.field]).toEqual([400, 'input.reinspectOn']);
    const noted = await s.act(house.id, tokens.governance!, 'inspect', { kind: 'fire', passed: false, findings: '灭火器过期', reinspectOn: '2026-12-05' });
    expect(noted.body.data.inspections).toEqual([expect.objectContaining({ kind: 'fire', passed: false, reinspectOn: '2026-12-05', by: 'governance-01' })]);
    expect((await s.act(house.id, tokens.collector!, 'inspect', { kind: 'security', passed: true, findings: 'ok' })).status).toBe(403);
  });

  it('counts houses and rooms per area, and a house no longer let takes no one', async () => {
    const figures = async () =>
      (await s.t.call('GET', '/v1/community/statistics', { token: tokens.station! })).body.items.find((f: { area: string }) => f.area === 'north');
    const before = (await figures()).housing;
    const other = (
      await s.file(
        'rented-house',
        { address: '北区 20 号院', area: 'north', landlordName: '李', landlordIdNumber: freshId(), landlordPhone: '13800002222', rooms: ['1', '2'] },
        tokens.station!,
      )
    ).body;
    expect((await figures()).housing).toMatchObject({ houses: before.houses + 1, rooms: before.rooms + 2 });
    await s.act(other.id, tokens.station!, 'withdraw', { on: '2026-11-30' });
    expect((await figures()).housing).toMatchObject({ houses: before.houses, rooms: before.rooms });
    expect((await s.register(person(freshId(), { lodging: { house: other.id, room: '1' } }))).status).toBe(422);
  });
});
