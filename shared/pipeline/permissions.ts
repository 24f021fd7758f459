/**
 * The permissions of a case type, derived from its declaration: who reads
 * its cases, submits them, fires each action, reveals their sealed data —
 * and how each role must relate to a case. A role narrowed by a dimension
 * (a team member by team, a township reviewer by township, a resident as the
 * requester) reaches the cases it relates to that way; a staff role that is
 * not narrowed reaches every case; any other role only the cases it asked
 * for. The one decision (kernel/access.ts) applies them; nothing here decides.
 */
import { type Permission, type Relation, type ResourceScope, relationsOf } from '../kernel/access.ts';
import type { Role } from '../kernel/tenancy.ts';
import type { CaseType, CaseView, TenantKind } from './contract.ts';

export interface CasePermissions {
  read: Permission;
  submit: Permission;
  reveal: Permission;
  /** Case figures: staff who reach every case. */
  stats: Permission;
  /** Who read the sealed data: admins and auditors (who must also be able to read the case). */
  accessLog: Permission;
  transition(action: string): Permission;
}

function relationOf(kind: TenantKind, ct: CaseType, role: Role): Relation {
  const scopes = Object.hasOwn(kind.roles, role) ? (kind.roles[role]!.scopes ?? []) : [];
  if (scopes.length > 0) return scopes;
  return ct.staffRoles.includes(role) ? 'tenant' : 'requester';
}

const cache = new WeakMap<CaseType, CasePermissions>();

export function casePermissions(kind: TenantKind, ct: CaseType): CasePermissions {
  const known = cache.get(ct);
  if (known) return known;
  const map = (roles: readonly Role[], relation: (r: Role) => Relation = (r) => relationOf(kind, ct, r)) =>
    Object.fromEntries([...new Set(roles)].map((r) => [r, relation(r)]));
  const readers = [...ct.staffRoles, ...ct.intake.roles, ...Object.values(ct.transitions).flatMap((t) => t.roles), ...(ct.revealRoles ?? [])];
  const transitions = new Map<string, Permission>();
  for (const [name, t] of Object.entries(ct.transitions)) {
    transitions.set(name, {
      action: `case.${ct.type}.${name}`,
      resource: 'case',
      roles: map(t.roles, (r) => (t.actor === 'requester' ? 'requester' : t.actor === 'team' ? 'case-team' : relationOf(kind, ct, r))),
    });
  }
  const perms: CasePermissions = {
    read: { action: `case.${ct.type}.read`, resource: 'case', roles: map(readers) },
    submit: { action: `case.${ct.type}.submit`, resource: 'case', roles: map(ct.intake.roles) },
    reveal: { action: `case.${ct.type}.reveal`, resource: 'case', roles: map(ct.revealRoles ?? []) },
    stats: { action: `case.${ct.type}.stats`, resource: 'case', roles: map(ct.staffRoles.filter((r) => relationOf(kind, ct, r) === 'tenant')) },
    accessLog: { action: `case.${ct.type}.access-log`, resource: 'case', roles: map(['tenant-admin', 'auditor'].filter((r) => readers.includes(r))) },
    transition: (action) => transitions.get(action) ?? { action: `case.${ct.type}.${action}`, resource: 'case', roles: {} },
  };
  cache.set(ct, perms);
  return perms;
}

/**
 * Where a case sits: its requester, the teams working it (the one it is
 * dispatched to, and any holding a sub-task of it that was not withdrawn), its routing scope
 * (township, hospital…) — and, for the actions a dispatched team takes, the
 * team it is dispatched to alone.
 */
export function caseScope(c: Pick<CaseView, 'requester' | 'team' | 'tasks' | 'scope' | 'followers'>): ResourceScope {
  // A team whose task was withdrawn (the case went elsewhere) no longer reaches it.
  const teams = [...new Set([...(c.team ? [c.team] : []), ...c.tasks.filter((t) => t.status !== 'cancelled').map((t) => t.team)])];
  return { ...c.scope, requester: c.followers?.length ? [c.requester, ...c.followers] : c.requester, team: teams, 'case-team': c.team };
}

/** One permission for a route that serves every case type of every kind: each role with every relation it has in any of them. */
export function unionOf(permissions: readonly Permission[], action: string): Permission {
  const roles: Record<Role, string[]> = {};
  for (const p of permissions) {
    for (const [role, relation] of Object.entries(p.roles)) {
      const list = roles[role] ?? [];
      roles[role] = list;
      for (const r of relationsOf(relation)) if (!list.includes(r)) list.push(r);
    }
  }
  return { action, resource: 'case', roles: Object.fromEntries(Object.entries(roles).map(([r, l]) => [r, l.length === 1 ? l[0]! : l])) };
}

/** Where a case sits for acting on it: as `caseScope`, but only its own requester — a follower sees the case and is told of it, and does not confirm or rate it. */
export function actingScope(c: Pick<CaseView, 'requester' | 'team' | 'tasks' | 'scope'>): ResourceScope {
  return caseScope({ ...c, followers: [] });
}
