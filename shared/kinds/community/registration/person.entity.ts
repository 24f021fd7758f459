/**
 * One record per person the station has registered, found by the blind
 * index of their identity number (the number itself is never a key): a
 * second registration of the same number finds it instead of making a
 * second person.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

export const registeredPerson = z.object({
  /** The blind index of the identity number. */
  index: z.string(),
  /** The registration that recorded the person. */
  caseId: z.string(),
  area: z.string(),
  registeredAt: z.string(),
});
export type RegisteredPerson = z.infer<typeof registeredPerson>;

export const RegisteredPersonRecord = entity({
  name: 'community-person',
  attribute: 'person',
  schema: registeredPerson,
  key: (index: string) => ({ pk: ['PERSON', index], sk: 'P' }),
  keyOf: (p) => p.index,
});
