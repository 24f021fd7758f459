/**
 * The estate's records: buildings, households (a room with its area and
 * property type) and the people of each household (owners, tenants,
 * members), with the look-ups that find a household by a person's phone (a
 * blind index) or sign-in. Phones are kept masked, and sealed for the
 * channels that must reach them.
 */
import { z } from 'zod';
import { entity, pattern } from '../../../store/namespace.ts';

export const PROPERTY_TYPES = ['residential', 'shop', 'office', 'parking'] as const;
export const HOUSEHOLD_ROLES = ['owner', 'tenant', 'member'] as const;

export const buildingRecord = z.object({ id: z.string(), name: z.string() });
export type Building = z.infer<typeof buildingRecord>;

export const BuildingRecord = entity({
  name: 'property-building',
  attribute: 'building',
  schema: buildingRecord,
  key: (id: string) => ({ pk: ['BUILDINGS'], sk: id }),
  keyOf: (b) => b.id,
});

export const householdRecord = z.object({
  id: z.string(),
  building: z.string(),
  unit: z.string().optional(),
  room: z.string(),
  /** Floor area in m², two decimals: what the management fee is charged on. */
  area: z.string(),
  propertyType: z.enum(PROPERTY_TYPES),
  status: z.enum(['occupied', 'vacant']),
  /** How many people are on record (owners, tenants, members) who have not moved out. */
  people: z.number().int(),
  updatedAt: z.string(),
});
export type Household = z.infer<typeof householdRecord>;

/** Every household, in the order of building, unit and room. */
export const householdsByPlace = pattern('gsi1', () => ['HOUSEHOLDS']);
export const placeKey = (h: Pick<Household, 'building' | 'unit' | 'room'>) => `${h.building}#${h.unit ?? ''}#${h.room}`;

export const HouseholdRecord = entity({
  name: 'property-household',
  attribute: 'household',
  schema: householdRecord,
  key: (id: string) => ({ pk: ['HOUSEHOLD', id], sk: 'H' }),
  keyOf: (h) => h.id,
  indexes: (h) => [householdsByPlace.at(undefined, placeKey(h))],
});

export const personRecord = z.object({
  id: z.string(),
  householdId: z.string(),
  name: z.string(),
  role: z.enum(HOUSEHOLD_ROLES),
  /** Masked, for display. */
  phone: z.string(),
  /** Sealed, for the channels that call or text. */
  sealedPhone: z.string(),
  sub: z.string().optional(),
  movedOutAt: z.string().optional(),
});
export type HouseholdPerson = z.infer<typeof personRecord>;

export const PersonRecord = entity({
  name: 'property-person',
  attribute: 'person',
  schema: personRecord,
  key: (k: { householdId: string; id: string }) => ({ pk: ['HOUSEHOLD', k.householdId], sk: `PERSON#${k.id}` }),
  keyOf: (p) => ({ householdId: p.householdId, id: p.id }),
});

/** A way to a household's person: `by` is a blind index of a phone, or `sub:<sign-in>`. */
const lookupRecord = z.object({ by: z.string(), householdId: z.string(), personId: z.string() });
export const EstateLookupRecord = entity({
  name: 'property-lookup',
  schema: lookupRecord,
  key: (by: string) => ({ pk: ['ESTATE-LOOKUP', by], sk: 'L' }),
  keyOf: (l) => l.by,
});
