/**
 * The route side of authorization as data (the decision itself is in
 * kernel/access.ts): the guard's middleware that binds a request's access,
 * and how handlers get it.
 */
import type { Context } from 'hono';
import { type Access, type Authority, bind, decide, Holdings, type Permission, relationsOf, type TenantRef } from '../kernel/access.ts';
import { problems } from '../kernel/problems.ts';
import type { Actor } from '../kernel/tenancy.ts';
import type { AppEnv } from './env.ts';

export type { Access, Authority, Decision, Dimension, Permission, Relation, ResourceScope, RoleScoping, TenantRef } from '../kernel/access.ts';
export { accessFor, grant, relationsOf, rolesOf } from '../kernel/access.ts';

/** The access the route's guard bound for this request. */
export function accessOf(c: Context<AppEnv>): Access {
  const access = c.get('access');
  if (!access) throw problems.unauthenticated();
  return access;
}

/** The guard's middleware: 401 without credentials, 403 when no role of the caller's may do this, else binds the access. */
export function authorize(permission: Permission) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const actor = c.get('actor');
    const authority = c.get('authority');
    if (!actor || !authority) throw problems.unauthenticated();
    const tenant = c.get('tenant');
    const holdings = new Holdings(authority, actor, tenant);
    const decision = await decide(authority, holdings, permission);
    if (decision !== 'allow') {
      const roles = Object.keys(permission.roles);
      const hasRole = actor.roles.some((r) => roles.includes(r));
      throw problems.forbidden(
        hasRole
          ? `Your role needs a scope (${scopeNames(authority, tenant, actor, permission)}) to do this.`
          : `This needs one of the roles: ${roles.join(', ')}.`,
      );
    }
    c.set('access', bind(authority, holdings, permission));
    await next();
  };
}

function scopeNames(authority: Authority, tenant: TenantRef | undefined, actor: Actor, permission: Permission): string {
  const names = new Set<string>();
  for (const r of actor.roles) {
    if (!Object.hasOwn(permission.roles, r)) continue;
    for (const d of [...(authority.scoping(tenant, r).scopes ?? []), ...relationsOf(permission.roles[r]!)]) if (d !== 'tenant') names.add(d);
  }
  return [...names].join(', ');
}

/** The declaration as published in the OpenAPI document (`x-authz`), for clients and for the matrix test. */
export const published = (p: Permission) => ({ action: p.action, resource: p.resource, roles: p.roles });
