/** Request guards that run before any handler: media type, JSON syntax and rate. */
import type { MiddlewareHandler } from 'hono';
import { nestingDepth } from '../kernel/json.ts';
import { problems } from '../kernel/problems.ts';
import type { AppEnv } from '../kit/env.ts';

const MAX_DEPTH = 32;
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

/** A body must be JSON, and well-formed: 415 and 400 say which rule it broke. */
export function jsonBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      // Read once (Hono caches it for the validators); Content-Length is not always present.
      const text = await c.req.text();
      const media = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
      if (text.length > 0 && !JSON_MEDIA.test(media)) throw problems.unsupportedMediaType();
      if (text.length > 0) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw problems.badRequest('malformed-json', 'The request body is not valid JSON.');
        }
        // Bodies are hashed and canonicalised recursively further on; no real request nests this deep.
        if (nestingDepth(body, MAX_DEPTH) > MAX_DEPTH) throw problems.badRequest('too-deep', `The JSON body nests deeper than ${MAX_DEPTH} levels.`);
      }
    }
    await next();
  };
}

/**
 * A token bucket per caller (per container in Lambda, where API Gateway's
 * throttling is the outer limit): a burst, then a steady rate.
 */
export function rateLimit(opts: { perSecond: number; burst: number }, now: () => number = Date.now): MiddlewareHandler<AppEnv> {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    const actor = c.get('actor');
    const who = actor ? `${actor.tenantId}:${actor.sub}` : `anon:${c.req.header('x-forwarded-for') ?? 'local'}`;
    const t = now();
    const bucket = buckets.get(who) ?? { tokens: opts.burst, at: t };
    bucket.tokens = Math.min(opts.burst, bucket.tokens + ((t - bucket.at) / 1000) * opts.perSecond);
    bucket.at = t;
    if (bucket.tokens < 1) {
      buckets.set(who, bucket);
      throw problems.tooManyRequests(Math.max(1, Math.ceil((1 - bucket.tokens) / opts.perSecond)));
    }
    bucket.tokens -= 1;
    buckets.set(who, bucket);
    if (buckets.size > 10_000) buckets.clear(); // bound memory; a reset only forgives
    await next();
  };
}
