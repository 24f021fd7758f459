/**
 * The dynamic register (动态数据库) of assistance beneficiaries: one entry per
 * household member and application, found by the blind index of the
 * person's identity number (never stored in clear). Written by the
 * eligibility case's transitions; read at admission.
 */
import { z } from 'zod';
import { entity, pattern } from '../../../store/namespace.ts';
import type { Office } from '../office.ts';
import { CATEGORIES } from '../policy/policy.ts';

/** The whole register, by township then application: what the office browses and exports. */
const registerListing = pattern<void>('gsi1', () => ['REGISTER']);

const entrySchema = z.object({
  personKey: z.string(),
  applicationId: z.string(),
  category: z.enum(CATEGORIES),
  validFrom: z.iso.date(),
  validTo: z.iso.date(),
  status: z.enum(['active', 'revoked']),
  township: z.string(),
  /** The person's place on the application: 1 is the household head. */
  member: z.number().int().min(1).optional(),
});
export type RegisterEntry = z.infer<typeof entrySchema>;

export const RegisterRecord = entity({
  name: 'ncms-register-entry',
  attribute: 'entry',
  schema: entrySchema,
  key: (k: { personKey: string; applicationId: string }) => ({ pk: ['PERSON', k.personKey], sk: `REG#${k.applicationId}` }),
  keyOf: (e) => ({ personKey: e.personKey, applicationId: e.applicationId }),
  indexes: (e) => [registerListing.at(undefined, `${e.township}#${e.applicationId}#${e.personKey}`)],
});

/** The register as a roll (花名册): one entry per person, by township then application, without the person's key. */
export const registerRow = entrySchema.omit({ personKey: true });
export type RegisterRow = z.infer<typeof registerRow>;

/** A page of the roll, narrowed to one township when given. */
export async function registerPage(
  o: Office,
  q: { township?: string; limit: number; cursor?: string },
): Promise<{ items: RegisterRow[]; nextCursor?: string }> {
  const cursors = o.cursors(`register:${q.township ?? '*'}`);
  const startKey = cursors.decode(q.cursor);
  const page = await o.records.page(RegisterRecord, registerListing, undefined, {
    limit: q.limit,
    ...(startKey ? { startKey } : {}),
    ...(q.township ? { prefix: `${q.township}#` } : {}),
  });
  return { items: page.items.map(({ personKey: _key, ...row }) => row), nextCursor: cursors.encode(page.lastKey) };
}

/** The person's entry in force on a date, if any. */
export async function registerEntry(o: Office, personKey: string, date: string): Promise<RegisterEntry | undefined> {
  const entries = await o.records.list(RegisterRecord, ['PERSON', personKey], { prefix: 'REG#' });
  return entries.find((e) => e.status === 'active' && e.validFrom <= date && date <= e.validTo);
}
