/**
 * Who does what at a campus post office — each role with how what it
 * touches must relate to it — and the path parameters its routes share. A
 * student worker acts only while on the roster (trained, exam passed,
 * contract in force): the kind's `roster` dimension, which the role needs.
 */
import { z } from '@hono/zod-openapi';
import { grant } from '../../kit/access.ts';

/** The supervisor and the tenant's admins: the board, the directory, payroll rates. */
export const SUPERVISE = grant(['supervisor', 'tenant-admin'], 'tenant');
/** Who works the counter: parcels, mail, orders. */
export const COUNTER = grant(['student-worker', 'supervisor', 'tenant-admin'], 'tenant');
/** Staff who may read the counter's records. */
export const STAFF_READ = { ...COUNTER, auditor: 'tenant' };
/** Who keeps the student-worker roster (the student union manages people). */
export const ROSTER = grant(['student-union', 'supervisor', 'tenant-admin'], 'tenant');
/** Who may read payslips: the keepers and auditors any, each worker their own. */
/** Who reads the roster of workers. */
export const ROSTER_READERS = { ...ROSTER, auditor: 'tenant' };
export const PAYSLIP_READERS = { ...ROSTER_READERS, 'student-worker': 'requester' };
/** Who may dispute a payslip line: the worker their own, or the roster's keepers on their behalf. */
export const DISPUTERS = { ...ROSTER, 'student-worker': 'requester' };

export const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const anyJson = z.record(z.string(), z.unknown());
