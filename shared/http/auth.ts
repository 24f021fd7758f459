/**
 * Authentication and authorization. The tenant comes only from verified
 * credentials: a JWT (HS256 from the local dev issuer, or the production
 * issuer's JWKS, algorithms pinned, expiry required) or an API key. Every
 * route declares its permission (kit/access.ts); a tenant's credentials
 * carry only roles that tenant has.
 */
import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { Problem, problems } from '../kernel/problems.ts';
import { PLATFORM, TENANT_ID_PATTERN } from '../kernel/tenancy.ts';
import type { AppEnv } from '../kit/env.ts';
import { type Actor, PLATFORM_OPERATOR } from '../pipeline/contract.ts';
import type { ApiKeys } from '../platform/api-keys.ts';
import type { AuthConfig } from '../platform/config.ts';
import type { Tenant, TenantDirectory } from '../platform/tenants.ts';
import { type Buckets, type Rate, sourceOf } from './guards.ts';

export interface Authenticator {
  /** The actor behind the request's credentials; throws 401 for bad credentials, undefined for none. */
  authenticate(headers: { authorization?: string; apiKey?: string }): Promise<Actor | undefined>;
}

/** No token outlives this, whatever its own expiry says (the dev issuer's last 12 h; Cognito's ID tokens 1 h). */
export const MAX_TOKEN_AGE = '24h';

export function createAuthenticator(config: AuthConfig, apiKeys: ApiKeys): Authenticator {
  const secret = config.hs256Secret ? new TextEncoder().encode(config.hs256Secret) : undefined;
  const jwks: JWTVerifyGetKey | undefined = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;
  // Without a way to verify tokens the platform must not start: there is no default key to fall back on.
  if (!secret && !jwks) throw new Error('no token verifier is configured: set JWT_JWKS_URL (AWS) or JWT_HS256_SECRET (local)');

  async function verifyJwt(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      const options = { issuer: config.issuer, audience: config.audience, requiredClaims: ['exp', 'iat', 'sub'], maxTokenAge: MAX_TOKEN_AGE };
      payload = jwks
        ? (await jwtVerify(token, jwks, { ...options, algorithms: ['RS256'] })).payload
        : (await jwtVerify(token, secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch {
      throw problems.unauthenticated('The bearer token is invalid or expired.');
    }
    return actorFromClaims(payload);
  }

  return {
    async authenticate({ authorization, apiKey }) {
      if (apiKey) return verifyKey(apiKey);
      if (!authorization) return undefined;
      const [scheme, value, extra] = authorization.trim().split(/\s+/);
      if (!value || extra !== undefined) throw problems.unauthenticated('Malformed Authorization header.');
      if (/^bearer$/i.test(scheme!)) return verifyJwt(value);
      if (/^apikey$/i.test(scheme!)) return verifyKey(value);
      throw problems.unauthenticated('Unsupported authorization scheme; use Bearer or ApiKey.');
    },
  };

  async function verifyKey(key: string): Promise<Actor> {
    const actor = await apiKeys.verify(key);
    if (!actor) throw problems.unauthenticated('The API key is invalid or revoked.');
    return actor;
  }
}

/** Maps token claims to an actor; accepts both the dev issuer's and Cognito's claim names. */
export function actorFromClaims(p: JWTPayload): Actor {
  const tenantId = (p.tenant ?? p['custom:tenant']) as unknown;
  const rawRoles = (p.roles ?? p['cognito:groups'] ?? p['custom:roles']) as unknown;
  const roles = Array.isArray(rawRoles) ? rawRoles.map(String) : typeof rawRoles === 'string' ? rawRoles.split(',').map((r) => r.trim()) : [];
  let scopes = (p.scopes ?? p['custom:scopes']) as unknown;
  if (typeof scopes === 'string') {
    try {
      scopes = JSON.parse(scopes);
    } catch {
      scopes = {};
    }
  }
  if (typeof tenantId !== 'string' || (tenantId !== PLATFORM && !TENANT_ID_PATTERN.test(tenantId))) {
    throw problems.unauthenticated('The token names no valid tenant.');
  }
  const cleanScopes: Record<string, string[]> = {};
  if (scopes && typeof scopes === 'object') {
    for (const [k, v] of Object.entries(scopes as Record<string, unknown>)) if (Array.isArray(v)) cleanScopes[k] = v.map(String);
  }
  return { sub: String(p.sub), tenantId, roles, scopes: cleanScopes };
}

/**
 * Resolves credentials on every request; routes decide with `allow` whether
 * they are required. Failed attempts are limited per source address: past
 * the limit a source gets 429 before its credentials are even checked.
 */
export function authenticate(
  authenticator: Authenticator,
  tenants: TenantDirectory,
  failures: { rate: Rate; buckets: Buckets },
  /** The roles a tenant has (the common ones and its kind's): credentials naming others carry only these. */
  rolesOf: (tenant: Tenant) => ReadonlySet<string>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = { authorization: c.req.header('authorization'), apiKey: c.req.header('x-api-key') };
    const source = `authfail:${sourceOf(c)}`;
    if (presented.authorization || presented.apiKey) {
      const wait = failures.buckets.wait(source, failures.rate);
      if (wait > 0) throw problems.tooManyRequests(wait);
    }
    let actor: Actor | undefined;
    try {
      actor = await authenticator.authenticate(presented);
    } catch (err) {
      if (err instanceof Problem && err.status === 401) failures.buckets.take(source, failures.rate);
      throw err;
    }
    if (actor) {
      if (actor.tenantId === PLATFORM) {
        if (!actor.roles.includes(PLATFORM_OPERATOR)) throw problems.unauthenticated('Platform credentials must carry the platform-operator role.');
      } else {
        const tenant = await tenants.get(actor.tenantId);
        if (tenant?.status !== 'active') throw problems.unauthenticated('The credentials name an unknown or suspended tenant.');
        c.set('tenant', tenant);
      }
      // The platform-operator role means something only on platform credentials, and platform credentials carry nothing else:
      // a tenant role without a tenant would reach a tenant's routes with no tenant to act in.
      const tenant = c.get('tenant');
      const known = tenant ? rolesOf(tenant) : undefined;
      const roles = actor.tenantId === PLATFORM ? [PLATFORM_OPERATOR] : actor.roles.filter((r) => known?.has(r));
      c.set('actor', { ...actor, roles });
    }
    await next();
  };
}
