/**
 * Who does what at a property office — each role with how what it touches
 * must relate to it — and the path parameters its routes share.
 */
import { z } from '@hono/zod-openapi';
import { grant } from '../../kit/access.ts';

/** The manager and the tenant's admins: the estate's records, prices, approvals. */
export const MANAGE = grant(['manager', 'tenant-admin'], 'tenant');
/** The service desk and the manager: who takes and follows requests, anywhere in the estate. */
export const DESK = grant(['desk-agent', 'manager', 'tenant-admin'], 'tenant');
/** Who reads the estate's records. */
export const DESK_READ = { ...DESK, auditor: 'tenant' };

export const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
