/**
 * The dynamic register (动态数据库) of assistance beneficiaries: one entry per
 * household member and application, found by the blind index of the
 * person's identity number (never stored in clear). Written by the
 * eligibility case's transitions; read at admission.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';
import type { Office } from '../office.ts';
import { CATEGORIES } from '../policy/policy.ts';

const entrySchema = z.object({
  personKey: z.string(),
  applicationId: z.string(),
  category: z.enum(CATEGORIES),
  validFrom: z.iso.date(),
  validTo: z.iso.date(),
  status: z.enum(['active', 'revoked']),
  township: z.string(),
});
export type RegisterEntry = z.infer<typeof entrySchema>;

export const RegisterRecord = entity({
  name: 'ncms-register-entry',
  attribute: 'entry',
  schema: entrySchema,
  key: (k: { personKey: string; applicationId: string }) => ({ pk: ['PERSON', k.personKey], sk: `REG#${k.applicationId}` }),
  keyOf: (e) => ({ personKey: e.personKey, applicationId: e.applicationId }),
});

/** The person's entry in force on a date, if any. */
export async function registerEntry(o: Office, personKey: string, date: string): Promise<RegisterEntry | undefined> {
  const entries = await o.records.list(RegisterRecord, ['PERSON', personKey], { prefix: 'REG#' });
  return entries.find((e) => e.status === 'active' && e.validFrom <= date && date <= e.validTo);
}
