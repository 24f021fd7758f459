/** Request guards that run before any handler: media type, JSON syntax and rate. */
import type { Context, MiddlewareHandler } from 'hono';
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

/** A rate: a burst, then a steady flow per second. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/** Token buckets by key; a key's bucket refills at its rate. */
export class Buckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private refill(key: string, rate: Rate) {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: rate.burst, at: t };
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((t - bucket.at) / 1000) * rate.perSecond);
    bucket.at = t;
    if (this.buckets.size > 10_000) this.buckets.clear(); // bound memory; a reset only forgives
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Seconds until the key may act again, or 0 when it may act now (nothing is taken). */
  wait(key: string, rate: Rate): number {
    const bucket = this.refill(key, rate);
    return bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / rate.perSecond));
  }

  take(key: string, rate: Rate): void {
    this.refill(key, rate).tokens -= 1;
  }
}

/**
 * Where a request came from, as the network saw it — never from a header the
 * client writes: API Gateway's source address in Lambda, the socket's peer
 * locally.
 */
export function sourceOf(c: Context): string {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Token buckets per caller (the verified principal, or for anonymous
 * requests the source address) and per tenant (its own quota, or the
 * platform's default): per container in Lambda, where API Gateway's
 * throttling is the outer limit.
 */
export function rateLimit(opts: { caller: Rate; tenant: Rate }, buckets = new Buckets()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    const tenant = c.get('tenant');
    const checks: Array<[string, Rate]> = [[actor ? `caller:${actor.tenantId}:${actor.sub}` : `anon:${sourceOf(c)}`, opts.caller]];
    if (tenant) checks.push([`tenant:${tenant.id}`, tenant.quota ?? opts.tenant]);
    const wait = Math.max(...checks.map(([key, rate]) => buckets.wait(key, rate)));
    if (wait > 0) throw problems.tooManyRequests(wait);
    for (const [key, rate] of checks) buckets.take(key, rate);
    await next();
  };
}
