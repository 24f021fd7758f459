/** Authorization helpers every route uses: who may call it, and the request's verified actor and tenant. */
import type { Context, MiddlewareHandler } from 'hono';
import { problems } from '../kernel/problems.ts';
import type { Actor } from '../kernel/tenancy.ts';
import type { Tenant } from '../pipeline/contract.ts';
import type { AppEnv } from './env.ts';

/** Declares who may call a route: 401 without credentials, 403 without one of the roles. */
export function allow(roles: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw problems.unauthenticated();
    if (!actor.roles.some((r) => roles.includes(r))) throw problems.forbidden(`This needs one of the roles: ${roles.join(', ')}.`);
    await next();
  };
}

/** The caller, once `allow` has let the request through. */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw problems.unauthenticated();
  return actor;
}

/** The caller's tenant, once `allow` has let a tenant's credentials through. */
export function tenantOf(c: Context<AppEnv>): Tenant {
  const tenant = c.get('tenant');
  if (!tenant) throw problems.forbidden('This needs a tenant’s credentials.');
  return tenant;
}
