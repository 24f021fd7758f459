/** Renders Problems (and anything unexpected) as RFC 9457 problem+json. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { log } from '../kernel/log.ts';
import { fieldErrors, Problem, problem, problems } from '../kernel/problems.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemResponse(c: Context, p: Problem): Response {
  const body = {
    type: `/problems/${p.slug}`,
    title: p.title,
    status: p.status,
    detail: p.detail,
    instance: c.req.path,
    ...(p.errors ? { errors: p.errors } : {}),
    ...p.extensions,
    requestId: c.get('requestId'),
  };
  return new Response(JSON.stringify(body), { status: p.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...p.headers } });
}

/** The app's onError: known failures keep their meaning; anything else is a bare 500 with no internals. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof Problem) return problemResponse(c, err);
  if (err instanceof HTTPException) {
    if (err.status === 400 && /malformed json/i.test(err.message))
      return problemResponse(c, problems.badRequest('malformed-json', 'The request body is not valid JSON.'));
    if (err.status === 415) return problemResponse(c, problems.unsupportedMediaType());
    return problemResponse(c, problem('http-error', err.message || 'The request could not be processed.', { status: err.status }));
  }
  log('error', 'unhandled error', { requestId: c.get('requestId'), path: c.req.path, error: err.message, stack: err.stack });
  return problemResponse(c, problem('internal', 'Something went wrong on our side; the request id identifies it in our logs.'));
}

/** zod-openapi's validation hook: a 400 naming every offending field. */
export function validationHook(
  result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }> }; target?: string },
  c: Context,
) {
  if (result.success) return undefined;
  const prefix = result.target === 'query' ? 'query' : result.target === 'param' ? 'path' : result.target === 'header' ? 'header' : '';
  const errors = fieldErrors(result.error!.issues as never, prefix);
  return problemResponse(c, problems.validation(errors, `Invalid ${errors.map((e) => e.field).join(', ')}.`));
}
