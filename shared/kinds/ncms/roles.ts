/**
 * Who does what at an NCMS office — each role with how what it touches must
 * relate to it — and the path parameters its routes share.
 */
import { z } from '@hono/zod-openapi';
import { grant } from '../../kit/access.ts';

/** The office and the tenant's admins, anywhere in the county. */
export const OFFICE = grant(['ncms-office', 'tenant-admin'], 'tenant');
/** Everyone who reads the county's figures. */
export const READERS = grant(['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'], 'tenant');
/** Who may see a household's identities in clear (the eligibility case type's reveal roles), anywhere in the county. */
export const REVEALERS = grant(['ncms-office', 'civil-affairs'], 'tenant');
/** Reference data every role works from (policy, hospitals). */
export const ALL = { ...READERS, ...grant(['township-reviewer', 'hospital-operator'], 'tenant') };
/** Work at a hospital: the office anywhere, an operator only at their own hospitals. */
export const HOSPITAL_SIDE = { ...OFFICE, 'hospital-operator': 'hospital' };
/** Reading a hospital's work: as above, and auditors. */
export const HOSPITAL_READERS = { ...HOSPITAL_SIDE, auditor: 'tenant' };

export const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const PeriodParam = z.object({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 年-月（如 2026-11） a month such as 2026-11')
    .openapi({ param: { name: 'period', in: 'path' }, example: '2026-11' }),
});
export const anyJson = z.record(z.string(), z.unknown());
