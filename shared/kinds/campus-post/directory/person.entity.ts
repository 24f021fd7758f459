/**
 * The campus directory's records: a person (phone kept masked, its last
 * four digits for the pickup check) and the lookups that find one — by a
 * blind index of the phone or the student/staff number, or by sign-in.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

export const personRecord = z.object({
  id: z.string(),
  name: z.string(),
  sub: z.string().optional(),
  /** Masked. */
  phone: z.string(),
  phoneLast4: z.string(),
  number: z.string(),
  mailbox: z.string(),
  consent: z.object({ notify: z.boolean() }),
  preferredDelivery: z.enum(['pickup', 'door']),
});
export type Person = z.infer<typeof personRecord>;

export const PersonRecord = entity({
  name: 'campus-person',
  attribute: 'person',
  schema: personRecord,
  key: (id: string) => ({ pk: ['PERSON', id], sk: 'PERSON' }),
  keyOf: (p) => p.id,
});

/** A way to find a person: `by` is a blind index of their phone or number, or `sub:<sign-in>`. */
const lookupRecord = z.object({ by: z.string(), personId: z.string() });
export type Lookup = z.infer<typeof lookupRecord>;

export const LookupRecord = entity({ name: 'campus-lookup', schema: lookupRecord, key: (by: string) => ({ pk: ['LOOKUP', by], sk: 'L' }), keyOf: (l) => l.by });
