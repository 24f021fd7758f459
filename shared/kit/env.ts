import type { Actor, Tenant } from '../pipeline/contract.ts';

/** Request-scoped values the middleware chain sets for handlers. */
export interface AppEnv {
  Variables: {
    requestId: string;
    actor?: Actor;
    tenant?: Tenant;
  };
}
