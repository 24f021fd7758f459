/** The request's verified actor and tenant, for handlers past the route's guard. */
import type { Context } from 'hono';
import { problems } from '../kernel/problems.ts';
import type { Actor } from '../kernel/tenancy.ts';
import type { Tenant } from '../pipeline/contract.ts';
import type { AppEnv } from './env.ts';

/** The caller, once the route's guard has let the request through. */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw problems.unauthenticated();
  return actor;
}

/** The caller's tenant, once the guard has let a tenant's credentials through. */
export function tenantOf(c: Context<AppEnv>): Tenant {
  const tenant = c.get('tenant');
  if (!tenant) throw problems.forbidden('This needs a tenant’s credentials.');
  return tenant;
}
