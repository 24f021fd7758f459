/** Designated hospitals (定点医疗机构) and who may work with each. */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';
import type { Office } from '../office.ts';
import { HOSPITAL_LEVELS } from '../policy/policy.ts';

export const hospitalSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  name: z.string().trim().min(1).max(200),
  level: z.enum(HOSPITAL_LEVELS),
  township: z.string().trim().min(1).max(40),
});
export type Hospital = z.infer<typeof hospitalSchema>;

export const HospitalRecord = entity({
  name: 'ncms-hospital',
  attribute: 'hospital',
  schema: hospitalSchema,
  key: (id: string) => ({ pk: ['HOSP'], sk: id }),
  keyOf: (h) => h.id,
});

export async function addHospital(o: Office, h: Hospital): Promise<Hospital> {
  await o.records.put(HospitalRecord, h);
  return h;
}

export function hospital(o: Office, id: string): Promise<Hospital | undefined> {
  return o.records.get(HospitalRecord, id);
}

export function hospitals(o: Office): Promise<Hospital[]> {
  return o.records.list(HospitalRecord, ['HOSP']);
}
