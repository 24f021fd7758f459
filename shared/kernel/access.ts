/**
 * Authorization as data. Every operation declares a permission: what it does
 * (`action`), to what (`resource`), and for each role that may do it, how
 * the resource must relate to the caller — anywhere in the tenant, or through
 * a scope dimension (unit subtree, hospital, township, team, area, the
 * requester, …). Each role of a kind declares the dimensions it cannot act
 * without (a hospital operator without a hospital acts nowhere); kinds and
 * capabilities declare their dimensions with how a caller's values cover a
 * resource's. One function, `decide`, answers for routes and for lists alike;
 * handlers hand it the resource's scope and never decide themselves.
 */
import type { Label } from './labels.ts';
import { problems } from './problems.ts';
import type { Actor, Role } from './tenancy.ts';

/** What the decision needs of a tenant: which it is, of what kind, with which capabilities. */
export interface TenantRef {
  id: string;
  kind: string;
  capabilities?: readonly string[];
}
type Tenant = TenantRef;

/** How a resource must relate to the caller: `tenant` (anywhere in it), or a dimension by name; a list means any of them. */
export type Relation = 'tenant' | (string & {}) | readonly string[];

export interface Permission {
  /** What is done, e.g. `stay.discharge`. */
  action: string;
  /** To what, e.g. `stay`. */
  resource: string;
  /** The roles that may do it, each with the relation it needs. */
  roles: Readonly<Record<Role, Relation>>;
}

/** A resource's place in its tenant: its value (or values) in each dimension it carries. */
export type ResourceScope = Readonly<Record<string, string | readonly string[] | undefined>>;

/** How a role is narrowed, whatever the operation. */
export interface RoleScoping {
  /** Dimensions the role cannot act without: holding no value in one, it grants nothing. */
  scopes?: readonly string[];
  /** Dimensions that narrow the role only when the credentials name them (finance, by unit). */
  narrowedBy?: readonly string[];
}

/** A scope dimension as a kind or capability declares it, bound to the tenant at hand. */
export interface Dimension<T extends TenantRef = TenantRef> {
  label: Label;
  /**
   * The caller's values; `undefined` when the credentials do not name the
   * dimension at all. Default: the credentials' `scopes[name]`.
   */
  held?(actor: Actor, tenant: T): readonly string[] | undefined | Promise<readonly string[] | undefined>;
  /** Whether the held values cover a resource's value. Default: one of them is it. */
  covers?(held: readonly string[], value: string, tenant: T): boolean | Promise<boolean>;
}

/** What the platform knows about roles and dimensions, for one tenant (from the kinds and capabilities it has). */
export interface Authority {
  scoping(tenant: Tenant | undefined, role: Role): RoleScoping;
  dimension(tenant: Tenant | undefined, name: string): Dimension | undefined;
}

/** `allow`: go on. `forbidden`: the caller may not do this at all (403). `hidden`: not this resource (the same 404 as a missing one). */
export type Decision = 'allow' | 'forbidden' | 'hidden';

/** The relation helpers a declaration is written with: `grant(OFFICE, 'tenant')`. */
export const grant = <R extends Relation>(roles: readonly Role[], relation: R): Record<Role, R> =>
  Object.fromEntries(roles.map((r) => [r, relation])) as Record<Role, R>;

/** The roles a declaration names (who sees the screens built on it). */
export const rolesOf = (roles: Permission['roles']): Role[] => Object.keys(roles);

export const relationsOf = (r: Relation): readonly string[] => (typeof r === 'string' ? [r] : r);

/** Per request: a caller's held values, looked up once per dimension. */
export class Holdings {
  private readonly cache = new Map<string, Promise<readonly string[] | undefined>>();

  constructor(
    private readonly authority: Authority,
    readonly actor: Actor,
    readonly tenant: Tenant | undefined,
  ) {}

  held(name: string): Promise<readonly string[] | undefined> {
    let values = this.cache.get(name);
    if (!values) {
      const dim = this.authority.dimension(this.tenant, name);
      const named = Object.hasOwn(this.actor.scopes, name) ? this.actor.scopes[name] : undefined;
      values = Promise.resolve(dim?.held && this.tenant ? dim.held(this.actor, this.tenant) : named);
      this.cache.set(name, values);
    }
    return values;
  }
}

/**
 * The one decision. Without a resource it answers whether the caller may
 * attempt the operation at all; with one, whether on this resource.
 */
export async function decide(authority: Authority, holdings: Holdings, permission: Permission, resource?: ResourceScope): Promise<Decision> {
  const { actor, tenant } = holdings;
  const candidates = actor.roles.filter((r) => Object.hasOwn(permission.roles, r));
  if (candidates.length === 0) return 'forbidden';
  let usable = false;
  for (const role of candidates) {
    const scoping = authority.scoping(tenant, role);
    // A role that needs a scope and holds none grants nothing, on any operation.
    let holds = true;
    for (const d of scoping.scopes ?? []) if (((await holdings.held(d)) ?? []).length === 0) holds = false;
    if (!holds) continue;
    const relations = relationsOf(permission.roles[role]!);
    if (relations.includes('tenant')) return 'allow';
    const reachable: string[] = [];
    for (const d of relations) {
      const held = await holdings.held(d);
      const optional = (scoping.narrowedBy ?? []).includes(d) && !(scoping.scopes ?? []).includes(d);
      // An optional narrowing the credentials do not name leaves the role tenant-wide.
      if (held === undefined && optional) return 'allow';
      if (held && held.length > 0) reachable.push(d);
    }
    if (reachable.length === 0) continue;
    usable = true;
    if (!resource) continue;
    for (const d of reachable) if (await covered(authority, tenant!, d, (await holdings.held(d))!, resource[d])) return 'allow';
  }
  if (!resource) return usable ? 'allow' : 'forbidden';
  return 'hidden';
}

async function covered(authority: Authority, tenant: Tenant, name: string, held: readonly string[], value: ResourceScope[string]): Promise<boolean> {
  const dim = authority.dimension(tenant, name);
  if (!dim || value === undefined) return false;
  for (const v of typeof value === 'string' ? [value] : value) {
    if (dim.covers ? await dim.covers(held, v, tenant) : held.includes(v)) return true;
  }
  return false;
}

/** A request's authorization, bound to its caller, tenant and operation: what handlers and services consult. */
export interface Access {
  readonly actor: Actor;
  readonly permission: Permission;
  /** Whether the caller may attempt the operation at all (a role of theirs may, holding the scope it needs). */
  may(): Promise<boolean>;
  /** Whether the caller may act on a resource with this scope. */
  allows(resource: ResourceScope): Promise<boolean>;
  /** Raises the 404 for `what` unless the caller may act on it. */
  require(resource: ResourceScope, what: string): Promise<void>;
  /** The items of a list the caller may see. */
  filter<T>(items: readonly T[], scopeOf: (item: T) => ResourceScope): Promise<T[]>;
  /**
   * The values of one dimension the caller's list is limited to, to query by:
   * `'all'` when a role reaches every resource, else the values (none: an empty list).
   */
  reach(dimension: string): Promise<'all' | readonly string[]>;
  /** The same caller under another operation's permission (a case type's own, say). */
  as(permission: Permission): Access;
  /** Whether the caller holds one of these roles (for what a response shows, never for what it allows). */
  holds(roles: readonly Role[]): boolean;
}

export function accessFor(authority: Authority, actor: Actor, tenant: Tenant | undefined, permission: Permission): Access {
  return bind(authority, new Holdings(authority, actor, tenant), permission);
}

export function bind(authority: Authority, holdings: Holdings, permission: Permission): Access {
  const access: Access = {
    actor: holdings.actor,
    permission,
    may: async () => (await decide(authority, holdings, permission)) === 'allow',
    allows: async (resource) => (await decide(authority, holdings, permission, resource)) === 'allow',
    async require(resource, what) {
      if (!(await access.allows(resource))) throw problems.notFound(what);
    },
    async filter(items, scopeOf) {
      const kept: (typeof items)[number][] = [];
      for (const item of items) if (await access.allows(scopeOf(item))) kept.push(item);
      return kept;
    },
    async reach(name) {
      const values = new Set<string>();
      for (const role of holdings.actor.roles) {
        if (!Object.hasOwn(permission.roles, role)) continue;
        const one = bind(authority, holdings, { ...permission, roles: { [role]: permission.roles[role]! } });
        if ((await decide(authority, holdings, one.permission)) !== 'allow') continue;
        const relations = relationsOf(permission.roles[role]!);
        if (!relations.includes(name)) return 'all';
        const held = await holdings.held(name);
        if (held === undefined) return 'all'; // an optional narrowing not named
        for (const v of held) values.add(v);
      }
      return [...values];
    },
    as: (other) => bind(authority, holdings, other),
    holds: (roles) => holdings.actor.roles.some((r) => roles.includes(r)),
  };
  return access;
}
