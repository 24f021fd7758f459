/**
 * A stay's records, all in the stay's partition: the stay itself (with its
 * settlement once discharged) and one record per bill line; and a person's
 * annual usage of the caps, in the person's partition (found by blind index).
 */
import { z } from 'zod';
import { entity, pattern } from '../../../store/namespace.ts';
import { CATEGORIES, HOSPITAL_LEVELS } from '../policy/policy.ts';

const traceStep = z.object({ step: z.string(), zh: z.string(), en: z.string(), amount: z.string().optional() });

export const settlementSchema = z.object({
  n: z.number().int(),
  ncms: z.string(),
  assistance: z.string(),
  selfPay: z.string(),
  policyVersion: z.number().int(),
  trace: z.array(traceStep),
  dischargedOn: z.iso.date(),
  year: z.string(),
  totalCost: z.string(),
  eligibleCost: z.string(),
  settledAt: z.string(),
  entryIds: z.array(z.string()),
});
export type Settlement = z.infer<typeof settlementSchema>;

export const staySchema = z.object({
  id: z.string(),
  hospitalId: z.string(),
  hospitalLevel: z.enum(HOSPITAL_LEVELS),
  /** Blind index of the patient's identity number. */
  personKey: z.string(),
  /** Masked; the clear values are sealed. */
  patient: z.object({ name: z.string(), idNumber: z.string() }),
  category: z.enum(CATEGORIES),
  registerEntry: z.object({ applicationId: z.string(), validFrom: z.string(), validTo: z.string() }).optional(),
  admittedOn: z.iso.date(),
  status: z.enum(['admitted', 'settled']),
  version: z.number().int(),
  lines: z.number().int(),
  settlement: settlementSchema.optional(),
  voided: z.array(z.object({ at: z.string(), by: z.string(), reason: z.string(), settlement: settlementSchema })),
  survey: z.object({ score: z.number().int(), comment: z.string().optional(), at: z.string() }).optional(),
  /** The patient's name and identity number, sealed. */
  sealed: z.string(),
});
export type Stay = z.infer<typeof staySchema>;

export const billLineSchema = z.object({
  stayId: z.string(),
  n: z.number().int(),
  code: z.string(),
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  amount: z.string(),
  eligible: z.boolean(),
});
export type BillLine = z.infer<typeof billLineSchema>;

const period = (date: string) => date.slice(0, 7);

/** A hospital's stays, by admission date. */
export const stayOfHospital = pattern('gsi1', (p: { hospitalId: string }) => ['HOSPSTAYS', p.hospitalId]);
/** A hospital's settled stays of one month, by discharge date (sparse: only settled stays). */
export const settledInMonth = pattern('gsi2', (p: { hospitalId: string; period: string }) => ['SETTLED', p.hospitalId, p.period]);

/** What leaves the API about a stay: never the sealed patient data or the blind index. */
export const publicStaySchema = staySchema.omit({ sealed: true, personKey: true });
export type PublicStay = z.infer<typeof publicStaySchema>;
export const publicStay = ({ sealed: _sealed, personKey: _key, ...stay }: Stay): PublicStay => stay;

/** A settlement's arithmetic for a bill, as the pre-settlement and quotes report it. */
export const outcomeSchema = z.object({
  ncms: z.string(),
  assistance: z.string(),
  selfPay: z.string(),
  policyVersion: z.number().int(),
  trace: z.array(traceStep),
  totalCost: z.string(),
  eligibleCost: z.string(),
});

export const StayRecord = entity({
  name: 'ncms-stay',
  attribute: 'stay',
  schema: staySchema,
  key: (id: string) => ({ pk: ['STAY', id], sk: 'STAY' }),
  keyOf: (s) => s.id,
  version: (s) => s.version,
  indexes: (s) => [
    stayOfHospital.at({ hospitalId: s.hospitalId }, `${s.admittedOn}#${s.id}`),
    s.status === 'settled' && s.settlement
      ? settledInMonth.at({ hospitalId: s.hospitalId, period: period(s.settlement.dischargedOn) }, `${s.settlement.dischargedOn}#${s.id}`)
      : undefined,
  ],
});

export const BillLineRecord = entity({
  name: 'ncms-bill-line',
  attribute: 'line',
  schema: billLineSchema,
  key: (k: { stayId: string; n: number }) => ({ pk: ['STAY', k.stayId], sk: `LINE#${String(k.n).padStart(5, '0')}` }),
  keyOf: (l) => ({ stayId: l.stayId, n: l.n }),
});

const usageSchema = z.object({ personKey: z.string(), year: z.string(), ncmsPaid: z.string(), assistancePaid: z.string(), version: z.number().int() });
export type Usage = z.infer<typeof usageSchema>;

/** What a person has been paid this calendar year, against the annual caps; versioned so concurrent discharges cannot both use the same room. */
export const UsageRecord = entity({
  name: 'ncms-annual-usage',
  attribute: 'usage',
  schema: usageSchema,
  key: (k: { personKey: string; year: string }) => ({ pk: ['PERSON', k.personKey], sk: `CAPS#${k.year}` }),
  keyOf: (u) => ({ personKey: u.personKey, year: u.year }),
  version: (u) => u.version,
});
