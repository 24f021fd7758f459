/**
 * Pure rules of a case type's state machine: is the declaration sound, and
 * which transition an action names. Who may fire it, and who sees a case,
 * are the case type's permissions (permissions.ts).
 */

import { problems } from '../kernel/problems.ts';
import type { CaseType, Transition } from './contract.ts';

/** Lists what is wrong with a case type declaration (empty when sound). */
export function caseTypeFaults(ct: CaseType): string[] {
  const faults: string[] = [];
  const states = Object.keys(ct.states);
  if (!states.includes(ct.initial)) faults.push(`initial state ${ct.initial} is not declared`);
  for (const [name, t] of Object.entries(ct.transitions)) {
    for (const s of [...t.from, ...(t.to ? [t.to] : [])]) if (!states.includes(s)) faults.push(`transition ${name} names unknown state ${s}`);
    // A terminal state is never left; a step that keeps a case where it is (a purge of its personal data) may still act on it.
    for (const s of t.from) if (ct.states[s]?.terminal && (t.to ?? s) !== s) faults.push(`transition ${name} leaves terminal state ${s}`);
    if (t.roles.length === 0 && !t.system) faults.push(`transition ${name} allows no role`);
    if (t.roles.length > 0 && t.system) faults.push(`transition ${name} is the platform's own; it names no roles`);
  }
  if (ct.onAllTasksDone && !ct.transitions[ct.onAllTasksDone]) faults.push(`onAllTasksDone names unknown transition ${ct.onAllTasksDone}`);
  if (ct.autoClose && !ct.transitions[ct.autoClose.action]?.system) faults.push(`autoClose names ${ct.autoClose.action}, which is not a system transition`);
  for (const event of Object.keys(ct.notify)) {
    if (event !== 'created' && !ct.transitions[event]) faults.push(`notification hangs on unknown event ${event}`);
  }
  // Every state must be reachable from the initial one.
  const reached = new Set([ct.initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of Object.values(ct.transitions)) {
      if (t.to && t.from.some((s) => reached.has(s)) && !reached.has(t.to)) {
        reached.add(t.to);
        grew = true;
      }
    }
  }
  for (const s of states) if (!reached.has(s)) faults.push(`state ${s} is unreachable`);
  return faults;
}

/** The transition an action names, or the 400 that lists the actions there are (who may fire it is the permissions' to decide). */
export function transitionNamed(ct: CaseType, action: string): Transition {
  // An own property only: `valueOf` or `__proto__` names no transition.
  const t = Object.hasOwn(ct.transitions, action) ? ct.transitions[action] : undefined;
  if (!t) {
    throw problems.validation([{ field: 'action', message: `unknown action; one of: ${Object.keys(ct.transitions).join(', ')}` }]);
  }
  return t;
}
