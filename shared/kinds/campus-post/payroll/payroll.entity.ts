/**
 * Payroll's records: the base wage and piece rate per work type (one
 * record per tenant), and the disputes workers raise against payslip lines.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';
import type { WorkType } from '../roster/worker.entity.ts';

const rates = z.object({
  checkin: z.string(),
  release: z.string(),
  'mail-batch': z.string(),
  'door-delivery': z.string(),
  'counter-order': z.string(),
} satisfies Record<WorkType, z.ZodString>);

export const payrollRecord = z.object({ baseWage: z.string(), rates });
export type PayrollConfig = z.infer<typeof payrollRecord>;

export const PayrollConfigRecord = entity({
  name: 'campus-payroll',
  attribute: 'config',
  schema: payrollRecord,
  key: () => ({ pk: ['CONFIG'], sk: 'PAYROLL' }),
  keyOf: () => undefined,
});

const disputeRecord = z.object({
  month: z.string(),
  worker: z.string(),
  /** The payslip line disputed (its `n`). */
  line: z.number().int(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  status: z.enum(['open']),
});
export type Dispute = z.infer<typeof disputeRecord>;

export const DisputeRecord = entity({
  name: 'campus-dispute',
  attribute: 'dispute',
  schema: disputeRecord,
  key: (k: { month: string; worker: string; at: string; line: number }) => ({ pk: ['DISPUTES', k.month, k.worker], sk: `${k.at}#${k.line}` }),
  keyOf: (d) => ({ month: d.month, worker: d.worker, at: d.at, line: d.line }),
});
