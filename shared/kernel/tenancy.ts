/**
 * Who is acting and on whose behalf: the actor from verified credentials,
 * the shape of a tenant id, and the pseudo-tenant of platform-wide records.
 */
export type Role = string;

/** Who is acting: always from verified credentials. */
export interface Actor {
  sub: string;
  tenantId: string;
  roles: Role[];
  /** Attribute scopes from the credentials, e.g. { team: ['maintenance'] } or { hospital: ['h-01'] }. */
  scopes: Record<string, string[]>;
}

/** Every partition key begins with the tenant, so a tenant's data is a key prefix. */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

/** Pseudo-tenant for platform-wide records (the tenant registry); never a valid tenant id. */
export const PLATFORM = '_platform';

/** Roles every tenant has, whatever its kind (finance: the ledger, scoped to a unit by `scopes.unit`). */
export const COMMON_ROLES = ['tenant-admin', 'auditor', 'finance'] as const;
export const PLATFORM_OPERATOR = 'platform-operator';
