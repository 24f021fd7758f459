/** Who does what at an NCMS office, and the path parameters its routes share. */
import { z } from '@hono/zod-openapi';

export const OFFICE = ['ncms-office', 'tenant-admin'];
export const ALL = ['ncms-office', 'civil-affairs', 'township-reviewer', 'hospital-operator', 'tenant-admin', 'auditor'];
export const READERS = ['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'];
export const HOSPITAL_SIDE = ['hospital-operator', 'ncms-office', 'tenant-admin'];

export const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const PeriodParam = z.object({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-11')
    .openapi({ param: { name: 'period', in: 'path' }, example: '2026-11' }),
});
export const anyJson = z.record(z.string(), z.unknown());
