import type { Access, Authority } from '../kernel/access.ts';
import type { Actor, Tenant } from '../pipeline/contract.ts';

/** Request-scoped values the middleware chain sets for handlers. */
export interface AppEnv {
  Variables: {
    requestId: string;
    actor?: Actor;
    tenant?: Tenant;
    /** What the one authorization decision consults (set for every /v1 request). */
    authority?: Authority;
    /** The route's permission bound to the caller (set by its guard). */
    access?: Access;
  };
}
