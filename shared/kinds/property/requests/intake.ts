/**
 * One door for every request (一站式): the desk files any request type for a
 * named household and person — the person becomes the requester (notified,
 * confirms, rates, is billed), the agent its taker and first-contact owner
 * (首问负责), and the channel is kept; a resident files for their own
 * household. Either way the case knows its household.
 */
import { z } from 'zod';
import { problems } from '../../../kernel/problems.ts';
import type { Access } from '../../../kit/access.ts';
import type { Channel, Tenant } from '../../../pipeline/contract.ts';
import type { Household, HouseholdPerson } from '../estate/estate.entity.ts';
import { findHousehold, householdWithPeople } from '../estate/estate.ts';
import type { PropertyServices } from '../office.ts';

export const requestInput = z.strictObject({
  type: z.string().min(1).max(40),
  input: z.record(z.string(), z.unknown()),
  /** The household the request is for (the desk names it; a resident's is their own). */
  household: z.string().max(64).optional(),
  /** The person of the household who asked (default: its first owner on record). */
  person: z.string().max(64).optional(),
  channel: z.enum(['phone', 'walk-in', 'app']).optional(),
});
export type RequestInput = z.infer<typeof requestInput>;

/** Where a person's messages go: their sign-in's mailbox, or one kept under their place on the estate's record. */
export const requesterOf = (p: Pick<HouseholdPerson, 'id' | 'householdId' | 'sub'>) => p.sub ?? `person:${p.householdId}:${p.id}`;

/** The household's place, as a repair's location. */
const placeOf = (h: Household) => ({ building: h.building, ...(h.unit ? { unit: h.unit } : {}), room: h.room });

export async function fileRequest(s: PropertyServices, access: Access, tenant: Tenant, body: RequestInput, idempotencyKey?: string) {
  const o = s.forTenant(tenant);
  let household: Household;
  let person: HouseholdPerson;
  let channel: Channel;
  if (body.household !== undefined) {
    const found = await householdWithPeople(o, body.household).catch(() => undefined);
    if (!found) throw problems.validation([{ field: 'household', message: `no household ${body.household} in this estate` }]);
    const living = found.people.filter((p) => !p.movedOutAt);
    const chosen = body.person ? living.find((p) => p.id === body.person) : (living.find((p) => p.role === 'owner') ?? living[0]);
    if (!chosen) {
      throw problems.validation([
        { field: body.person ? 'person' : 'household', message: body.person ? 'no such person living in the household' : 'nobody lives in the household' },
      ]);
    }
    household = found.household;
    person = chosen;
    channel = body.channel ?? 'walk-in';
  } else {
    const mine = await findHousehold(o, { sub: access.actor.sub });
    if (!mine) throw problems.validation([{ field: 'household', message: 'name the household (you are not on any household’s record)' }]);
    household = mine.household;
    person = mine.person;
    channel = body.channel ?? 'app';
  }
  // A repair's location defaults to the household's place; every request knows its household.
  const input = { ...(body.type === 'repair' ? { location: placeOf(household) } : {}), ...body.input, household: household.id };
  return o.parts.cases.submit(access, tenant, { type: body.type, input }, idempotencyKey, { requester: requesterOf(person), channel });
}
