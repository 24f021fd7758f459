/**
 * Pure rules of a case type's state machine: is the declaration sound, which
 * actions may this actor fire now, and can this actor see this case at all.
 */

import { problem, problems } from '../kernel/problems.ts';
import type { Actor, CaseType, CaseView, Transition } from './contract.ts';

/** Lists what is wrong with a case type declaration (empty when sound). */
export function caseTypeFaults(ct: CaseType): string[] {
  const faults: string[] = [];
  const states = Object.keys(ct.states);
  if (!states.includes(ct.initial)) faults.push(`initial state ${ct.initial} is not declared`);
  for (const [name, t] of Object.entries(ct.transitions)) {
    for (const s of [...t.from, t.to]) if (!states.includes(s)) faults.push(`transition ${name} names unknown state ${s}`);
    for (const s of t.from) if (ct.states[s]?.terminal) faults.push(`transition ${name} leaves terminal state ${s}`);
    if (t.roles.length === 0) faults.push(`transition ${name} allows no role`);
  }
  if (ct.onAllTasksDone && !ct.transitions[ct.onAllTasksDone]) faults.push(`onAllTasksDone names unknown transition ${ct.onAllTasksDone}`);
  for (const event of Object.keys(ct.notify)) {
    if (event !== 'created' && !ct.transitions[event]) faults.push(`notification hangs on unknown event ${event}`);
  }
  // Every state must be reachable from the initial one.
  const reached = new Set([ct.initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of Object.values(ct.transitions)) {
      if (t.from.some((s) => reached.has(s)) && !reached.has(t.to)) {
        reached.add(t.to);
        grew = true;
      }
    }
  }
  for (const s of states) if (!reached.has(s)) faults.push(`state ${s} is unreachable`);
  return faults;
}

export function hasAnyRole(actor: Actor, roles: readonly string[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Staff see every case; others see what they requested or what their scopes cover. */
export function canSee(ct: CaseType, c: Pick<CaseView, 'requester' | 'scope' | 'team' | 'tasks'>, actor: Actor): boolean {
  if (hasAnyRole(actor, ct.staffRoles)) return scopeAllows(c.scope, actor);
  if (c.requester === actor.sub) return true;
  // A team sees the cases dispatched to it, including those it holds a sub-task of.
  const teams = actor.scopes.team ?? [];
  return (c.team !== undefined && teams.includes(c.team)) || c.tasks.some((t) => teams.includes(t.team));
}

/**
 * A case scoped by an attribute (hospital, township) is visible to a scoped
 * actor only when the actor carries that scope; unscoped actors are not limited.
 */
function scopeAllows(scope: Record<string, string>, actor: Actor): boolean {
  return Object.entries(scope).every(([k, v]) => actor.scopes[k] === undefined || actor.scopes[k]!.includes(v));
}

function actorFits(t: Transition, c: CaseView, actor: Actor): boolean {
  if (!hasAnyRole(actor, t.roles)) return false;
  if (t.actor === 'requester') return c.requester === actor.sub;
  if (t.actor === 'team') return c.team !== undefined && (actor.scopes.team ?? []).includes(c.team);
  return true;
}

/** Actions this actor could fire on the case in its current state. */
export function availableActions(ct: CaseType, c: CaseView, actor: Actor): string[] {
  return Object.entries(ct.transitions)
    .filter(([, t]) => t.from.includes(c.state) && actorFits(t, c, actor))
    .map(([name]) => name);
}

/** Resolves an action or raises the problem that explains why it cannot fire. */
export function authorizeTransition(ct: CaseType, c: CaseView, action: string, actor: Actor): Transition {
  // An own property only: `valueOf` or `__proto__` names no transition.
  const t = Object.hasOwn(ct.transitions, action) ? ct.transitions[action] : undefined;
  if (!t) {
    throw problems.validation([{ field: 'action', message: `unknown action; one of: ${Object.keys(ct.transitions).join(', ')}` }]);
  }
  if (!hasAnyRole(actor, t.roles)) throw problems.forbidden(`Action ${action} needs one of the roles: ${t.roles.join(', ')}.`);
  if (!actorFits(t, c, actor)) {
    throw problems.forbidden(
      t.actor === 'requester' ? `Only the person who submitted the case may ${action} it.` : `Action ${action} belongs to the team the case is dispatched to.`,
    );
  }
  if (!t.from.includes(c.state)) {
    throw problem('invalid-transition', `Action ${action} is not possible while the case is ${c.state}; possible from: ${t.from.join(', ')}.`);
  }
  return t;
}
