/**
 * A registered rented house as the other steps see it — its area and rooms,
 * so a registration can name a room that exists — and who lives in which
 * room, from when to when (the lease), linked to their registrations.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

export const house = z.object({ id: z.string(), area: z.string(), rooms: z.array(z.string()), withdrawn: z.boolean().optional() });
export type House = z.infer<typeof house>;

export const HouseRecord = entity({
  name: 'community-house',
  attribute: 'house',
  schema: house,
  key: (id: string) => ({ pk: ['HOUSE', id], sk: 'HOUSE' }),
  keyOf: (h) => h.id,
});

export const occupancy = z.object({
  house: z.string(),
  room: z.string(),
  /** The resident's registration. */
  person: z.string(),
  name: z.string(),
  from: z.string(),
  until: z.string().optional(),
});
export type Occupancy = z.infer<typeof occupancy>;

/** Under the house: its page lists who lives there in one query. */
export const OccupancyRecord = entity({
  name: 'community-occupancy',
  attribute: 'occupancy',
  schema: occupancy,
  key: (k: Pick<Occupancy, 'house' | 'person'>) => ({ pk: ['HOUSE', k.house], sk: `LIVES#${k.person}` }),
  keyOf: (o) => o,
});
