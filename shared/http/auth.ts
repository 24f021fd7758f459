/**
 * Authentication and authorization. The tenant comes only from verified
 * credentials: a JWT (HS256 from the local dev issuer, or the production
 * issuer's JWKS, algorithms pinned, expiry required) or an API key. Every
 * route declares the roles it allows with `allow(...)`.
 */
import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { problems } from '../kernel/problems.ts';
import { PLATFORM, TENANT_ID_PATTERN } from '../kernel/tenancy.ts';
import type { AppEnv } from '../kit/env.ts';
import { type Actor, PLATFORM_OPERATOR } from '../pipeline/contract.ts';
import type { ApiKeys } from '../platform/api-keys.ts';
import type { AuthConfig } from '../platform/config.ts';
import type { TenantDirectory } from '../platform/tenants.ts';

export interface Authenticator {
  /** The actor behind the request's credentials; throws 401 for bad credentials, undefined for none. */
  authenticate(headers: { authorization?: string; apiKey?: string }): Promise<Actor | undefined>;
}

export function createAuthenticator(config: AuthConfig, apiKeys: ApiKeys): Authenticator {
  const secret = config.hs256Secret ? new TextEncoder().encode(config.hs256Secret) : undefined;
  const jwks: JWTVerifyGetKey | undefined = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;

  async function verifyJwt(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      const options = { issuer: config.issuer, audience: config.audience, requiredClaims: ['exp', 'sub'] };
      payload = jwks
        ? (await jwtVerify(token, jwks, { ...options, algorithms: ['RS256'] })).payload
        : (await jwtVerify(token, secret ?? new Uint8Array(32), { ...options, algorithms: ['HS256'] })).payload;
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

/** Resolves credentials on every request; routes decide with `allow` whether they are required. */
export function authenticate(authenticator: Authenticator, tenants: TenantDirectory): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = await authenticator.authenticate({ authorization: c.req.header('authorization'), apiKey: c.req.header('x-api-key') });
    if (actor) {
      if (actor.tenantId === PLATFORM) {
        if (!actor.roles.includes(PLATFORM_OPERATOR)) throw problems.unauthenticated('Platform credentials must carry the platform-operator role.');
      } else {
        const tenant = await tenants.get(actor.tenantId);
        if (tenant?.status !== 'active') throw problems.unauthenticated('The credentials name an unknown or suspended tenant.');
        c.set('tenant', tenant);
      }
      // The platform-operator role means something only on platform credentials.
      const roles = actor.tenantId === PLATFORM ? actor.roles : actor.roles.filter((r) => r !== PLATFORM_OPERATOR);
      c.set('actor', { ...actor, roles });
    }
    await next();
  };
}
