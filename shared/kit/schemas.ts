/** Response and parameter schemas shared by the routes (named components in OpenAPI). */
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { CHANNELS } from '../pipeline/contract.ts';
import { authorize, type Permission, published } from './access.ts';
import type { AppEnv } from './env.ts';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({ content: { 'application/problem+json': { schema: ProblemSchema } }, description });

/** The error responses every authenticated route can give. */
export const commonErrors = {
  400: problem('Invalid request: the fields at fault are listed in `errors`.'),
  401: problem('Missing or invalid credentials.'),
  403: problem('The caller lacks a role (or a scope) this needs.'),
  404: problem('Not found (also for another tenant\u2019s resources).'),
  429: problem('Rate limited.'),
} as const;

export const writeErrors = {
  ...commonErrors,
  409: problem('Conflict with the current state or version.'),
  413: problem('Body too large.'),
  415: problem('Body is not JSON.'),
  422: problem('Understood but refused by a business rule, or an Idempotency-Key reused with a different request.'),
} as const;

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'Opaque cursor from a previous page' }),
});

export const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: '01JD3ZQ5V9N8M7K6J5H4G3F2E1' }),
});

export const idempotencyHeader = (required: boolean) =>
  z.object({
    'idempotency-key': (required ? z.string() : z.string().optional()).openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Unique per logical request (8–128 chars). A retry with the same key and body returns the first response; a different body is a 422.',
    }),
  });

const bearer: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];

/** What every secured route declares: its OpenAPI tag, its security schemes, and its permission (published as `x-authz`). */
export function guard(tag: string, permission: Permission, ...before: MiddlewareHandler<AppEnv>[]) {
  return { tags: [tag], security: bearer, middleware: [...before, authorize(permission)] as never[], 'x-authz': published(permission) };
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/**
 * Names a schema as an OpenAPI component. A schema made before
 * @hono/zod-openapi was first imported (a kind's entity schema, say) has no
 * `.openapi`; a clone made now does.
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  return (schema.clone() as T).openapi(name) as T;
}

/** A case as the API shows it: the case pipeline's view, with what the caller may do now. */
const TaskSchema = z.object({
  id: z.string(),
  team: z.string(),
  title: z.string(),
  status: z.enum(['open', 'done', 'cancelled']),
  dueAt: z.string().optional(),
  doneBy: z.string().optional(),
  doneAt: z.string().optional(),
});

const SlaTimerSchema = z.object({
  startedAt: z.string(),
  minutes: z.number().openapi({ description: 'Its length, in minutes on the clock basis' }),
  pausedMinutes: z.number(),
  dueAt: z.string(),
  warnAt: z.string().openapi({ description: 'When the team is warned (80 % of the way)' }),
  metAt: z.string().optional().openapi({ description: 'When it was kept (or the case ended)' }),
  warned: z.boolean().optional(),
  breached: z.boolean().optional(),
  escalated: z.boolean().optional(),
});

/** The service-level clock: first response, next update and resolution, paused while the case waits on its requester. */
const SlaSchema = z
  .object({
    basis: z.enum(['business', 'clock']).openapi({ description: 'Business hours of the tenant calendar, or round the clock' }),
    timers: z.object({ firstResponse: SlaTimerSchema.optional(), nextUpdate: SlaTimerSchema.optional(), resolution: SlaTimerSchema.optional() }),
    nextUpdateMinutes: z.number().optional(),
    pausedAt: z.string().optional().openapi({ description: 'Set while the case waits on the requester: no timer runs' }),
    pausedMinutes: z.number(),
    pauses: z.array(z.object({ from: z.string(), to: z.string() })).optional(),
  })
  .openapi('ServiceLevel');

export const CaseSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    type: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    version: z.number().int(),
    data: z.record(z.string(), z.unknown()),
    requester: z.string().openapi({ description: 'Whose request it is: notified, confirms, rates, is billed' }),
    takenBy: z.string().optional().openapi({ description: 'Who took it for the requester (the first-contact owner), when filed on their behalf' }),
    channel: z.enum(CHANNELS).optional(),
    queue: z.string(),
    team: z.string().optional(),
    assignee: z.string().optional(),
    scope: z.record(z.string(), z.string()),
    priority: z.string(),
    slaDueAt: z.string().openapi({ description: 'When the desk promised to resolve it (ISO 8601)' }),
    sla: SlaSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    tasks: z.array(TaskSchema),
    actions: z.array(z.string()).openapi({ description: 'Actions the caller may fire now' }),
    sealedFields: z.array(z.string()).openapi({ description: 'Personal-data fields stored sealed; `data` shows them masked' }),
  })
  .openapi('Case');
