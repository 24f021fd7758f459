/** Who does what at a campus post office, and the path parameters its routes share. */
import { z } from '@hono/zod-openapi';

/** The supervisor and the tenant's admins: the board, the directory, payroll rates. */
export const SUPERVISE = ['supervisor', 'tenant-admin'];
/** Who works the counter: parcels, mail, orders. */
export const COUNTER = ['student-worker', 'supervisor', 'tenant-admin'];
/** Staff who may read the counter's records. */
export const STAFF_READ = ['student-worker', 'supervisor', 'tenant-admin', 'auditor'];
/** Who keeps the student-worker roster (the student union manages people). */
export const ROSTER = ['student-union', 'supervisor', 'tenant-admin'];
/** Who may read any worker's payslip. */
export const SLIP_KEEPERS = [...ROSTER, 'auditor'];
/** Who may read payslips: the keepers, and each worker their own. */
export const PAYSLIP_READERS = [...ROSTER, 'student-worker', 'auditor'];
/** Who may dispute a payslip line: the worker, or the roster's keepers on their behalf. */
export const DISPUTERS = ['student-worker', ...ROSTER];

export const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const anyJson = z.record(z.string(), z.unknown());
