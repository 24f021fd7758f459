/** Renders Problems (and anything unexpected) as RFC 9457 problem+json. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodType } from 'zod';
import { fieldInWords } from '../kernel/field-words.ts';
import type { Lang } from '../kernel/labels.ts';
import { log } from '../kernel/log.ts';
import { type FieldError, fieldErrors, type Issue, Problem, problem, problems } from '../kernel/problems.ts';
import { titleAt } from '../kernel/schema-titles.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The caller's language for problems: Chinese when the first language
 * `Accept-Language` prefers is Chinese, English otherwise (and by default).
 */
export function problemLanguage(acceptLanguage: string | undefined): Lang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((x) => x.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag.startsWith('zh') ? 'zh' : 'en';
}

/** Field errors in the caller's language: each names its field in words (`label`) beside its path. */
function localErrors(errors: FieldError[], lang: Lang) {
  return errors.map(({ field, message, label, messageZh }) => ({
    field,
    label: label?.[lang] ?? fieldInWords(field, lang),
    message: lang === 'zh' ? (messageZh ?? message) : message,
  }));
}

export function problemResponse(c: Context, p: Problem): Response {
  const lang = problemLanguage(c.req.header('accept-language'));
  const errors = p.errors ? localErrors(p.errors, lang) : undefined;
  // A refused form reads as what to fix, field by field, in words.
  const listed = errors?.length ? errors.map((e) => `${e.label}${lang === 'zh' ? '：' : ': '}${e.message}`).join(lang === 'zh' ? '；' : '; ') : undefined;
  const detail = lang === 'zh' ? (listed ?? p.words?.detailZh ?? p.detail) : listed ? `${p.detail} ${listed}.` : p.detail;
  const body = {
    type: `/problems/${p.slug}`,
    title: p.words?.title[lang] ?? p.title,
    status: p.status,
    detail,
    instance: c.req.path,
    ...(errors ? { errors } : {}),
    ...p.extensions,
    requestId: c.get('requestId'),
  };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'content-language': lang === 'zh' ? 'zh-CN' : 'en', vary: 'Accept-Language', ...p.headers },
  });
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

/** Where a route's request schemas are found: the target (`json`, `query`, …) of a method and route path, if any. */
export type RequestSchemas = (method: string, routePath: string, target: string) => ZodType | undefined;

/**
 * zod-openapi's validation hook: a 400 naming every offending field, in
 * words where the route's schema titles it (`schemas` finds the schema that
 * refused the request, so its titles name the fields).
 */
export function validationHook(schemas?: RequestSchemas) {
  return (result: { success: boolean; data?: unknown; error?: { issues: ReadonlyArray<Issue> }; target?: string }, c: Context): Response | undefined => {
    if (result.success) return undefined;
    const prefix = result.target === 'query' ? 'query' : result.target === 'param' ? 'path' : result.target === 'header' ? 'header' : '';
    const schema = schemas?.(c.req.method, c.req.routePath, result.target ?? 'json');
    const errors = fieldErrors(result.error!.issues, prefix, schema ? (path) => titleAt(schema, path, result.data) : undefined);
    return problemResponse(c, problems.validation(errors));
  };
}
