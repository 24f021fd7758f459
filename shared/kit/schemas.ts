/** Response and parameter schemas shared by the routes (named components in OpenAPI). */
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
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
