/**
 * The authority the one decision consults: how each role of a tenant's kind
 * is narrowed, and the scope dimensions its kind and capabilities declare —
 * plus the platform's own `requester` (what the caller asked for, or what is
 * theirs).
 */
import type { AnyCapability } from '../capabilities/contract.ts';
import { addressesOf } from '../capabilities/outbox/index.ts';
import type { COMMON_ROLES } from '../kernel/tenancy.ts';
import type { Authority, Dimension, RoleScoping } from '../kit/access.ts';
import type { AnyKind } from '../kit/plugin.ts';
import type { Tenant } from '../pipeline/contract.ts';

/** Roles every tenant has: finance is narrowed to a unit when its credentials name one. */
export const COMMON_SCOPING: Readonly<Record<(typeof COMMON_ROLES)[number], RoleScoping>> = {
  'tenant-admin': {},
  auditor: {},
  finance: { narrowedBy: ['unit', 'unit-below', 'own-unit'] },
};

const PLATFORM_DIMENSIONS: Readonly<Record<string, Dimension>> = {
  /** What the caller asked for, or what is theirs. */
  requester: { label: { zh: '本人', en: 'Requester' }, held: (actor) => [actor.sub] },
  /** The mailbox addresses a caller is: themselves, their teams, their roles. */
  mailbox: { label: { zh: '收件地址', en: 'Mailbox' }, held: (actor) => addressesOf(actor) },
  /** The teams working a case (dispatched to it, or holding a sub-task of it). */
  team: { label: { zh: '班组/部门', en: 'Team' } },
  /** The team a case is dispatched to (its sub-task teams reach it through `team`, not this). */
  'case-team': { label: { zh: '受派班组', en: 'Dispatched team' }, held: (actor) => (Object.hasOwn(actor.scopes, 'team') ? actor.scopes.team : undefined) },
};

export function buildAuthority(
  kinds: ReadonlyMap<string, AnyKind>,
  capabilitiesOf: (tenant: Pick<Tenant, 'capabilities'>) => AnyCapability[],
  services: ReadonlyMap<string, unknown>,
): Authority {
  // The decision hands a dimension the tenant it was given: a whole Tenant, as plugins declare.
  const bound = new Map<string, Readonly<Record<string, Dimension>>>();
  const dimensionsOf = (id: string, declare: ((s: unknown) => Readonly<Record<string, Dimension<Tenant>>>) | undefined) => {
    if (!declare) return {};
    const dims = bound.get(id) ?? (declare(services.get(id)) as Readonly<Record<string, Dimension>>);
    bound.set(id, dims);
    return dims;
  };
  return {
    scoping(tenant, role) {
      if (Object.hasOwn(COMMON_SCOPING, role)) return COMMON_SCOPING[role as keyof typeof COMMON_SCOPING];
      const roles = tenant ? kinds.get(tenant.kind)?.roles : undefined;
      const spec = roles && Object.hasOwn(roles, role) ? roles[role] : undefined;
      return spec ? { scopes: spec.scopes ?? [], narrowedBy: spec.narrowedBy ?? [] } : {};
    },
    dimension(tenant, name) {
      if (Object.hasOwn(PLATFORM_DIMENSIONS, name)) return PLATFORM_DIMENSIONS[name];
      if (!tenant) return undefined;
      const kind = kinds.get(tenant.kind);
      const own = kind ? dimensionsOf(kind.kind, kind.dimensions) : {};
      if (Object.hasOwn(own, name)) return own[name];
      for (const c of capabilitiesOf(tenant as Pick<Tenant, 'capabilities'>)) {
        const dims = dimensionsOf(c.id, c.dimensions);
        if (Object.hasOwn(dims, name)) return dims[name];
      }
      return undefined;
    },
  };
}
