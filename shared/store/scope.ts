/**
 * The tenant a piece of work acts for, carried through its async calls. Once
 * set, the store touches only keys under that tenant's prefix (`T#<tenant>#`):
 * locally it checks every key itself; in AWS it also sends the requests with
 * credentials that DynamoDB itself confines to that prefix
 * (`dynamodb:LeadingKeys`), so a bug in a handler cannot reach another
 * tenant's records either way.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string | undefined>();

export const tenantPrefix = (tenantId: string) => `T#${tenantId}#`;

/** Runs `work` as the tenant's: every store call inside it is confined to the tenant's keys. */
export function withinTenant<T>(tenantId: string, work: () => T): T {
  return scope.run(tenantId, work);
}

/**
 * Confines the rest of the current request to the tenant (for a public
 * route that names its tenant in the path). Only inside `isolated`, which
 * keeps the confinement to the request that asked for it.
 */
export function enterTenant(tenantId: string): void {
  scope.enterWith(tenantId);
}

/** Runs one request in a context of its own: nothing it confines outlives it. */
export function isolated<T>(work: () => T): T {
  return scope.run(undefined, work);
}

export function currentTenant(): string | undefined {
  return scope.getStore();
}

/** A key outside the tenant the work is confined to: a bug, refused before anything is sent (as DynamoDB would refuse it in AWS). */
export class OutsideTenant extends Error {
  constructor(
    readonly tenantId: string,
    readonly key: string,
  ) {
    super(`a store call confined to tenant ${tenantId} named key ${key}`);
    this.name = 'OutsideTenant';
  }
}

/** Checks partition-key values against the current confinement, if any. */
export function assertWithin(keys: ReadonlyArray<unknown>): string | undefined {
  const tenantId = scope.getStore();
  if (tenantId === undefined) return undefined;
  const prefix = tenantPrefix(tenantId);
  for (const key of keys) if (typeof key !== 'string' || !key.startsWith(prefix)) throw new OutsideTenant(tenantId, String(key));
  return tenantId;
}
