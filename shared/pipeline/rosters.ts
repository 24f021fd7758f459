/**
 * Team rosters and fair automatic assignment. A team's roster names its
 * members and how work dispatched to it is handed out: by turn
 * (round-robin), to whoever has the least open work, or by hand. Open work
 * is counted by the case pipeline itself — one counter per person, moved in
 * the same transaction as the case — so the count cannot drift from the
 * cases. Every automatic pick bumps the roster's version under a condition:
 * two dispatches at once cannot both take the same turn.
 */
import { problem } from '../kernel/problems.ts';
import { ConditionFailed, conditions, type Item, type Store, type WriteAction } from '../store/store.ts';
import type { Roster, RosterInput } from './contract.ts';
import { rosterKeys } from './keys.ts';

export { ASSIGNMENT_POLICIES, type AssignmentPolicy, MAX_MEMBERS, type Roster, type RosterInput } from './contract.ts';

/**
 * The member who gets the next case, and the turn after. Round-robin takes
 * the member at the turn; least-open the member with the least open work,
 * the first such from the turn onwards (so ties rotate too). Nobody when the
 * team assigns by hand or has no members.
 */
export function pickAssignee(
  roster: Pick<Roster, 'members' | 'policy' | 'turn'>,
  openWork: Readonly<Record<string, number>>,
): { assignee: string; turn: number } | undefined {
  const n = roster.members.length;
  if (roster.policy === 'manual' || n === 0) return undefined;
  const start = ((roster.turn % n) + n) % n;
  let best = start;
  if (roster.policy === 'least-open') {
    for (let i = 1; i < n; i++) {
      const j = (start + i) % n;
      if ((openWork[roster.members[j]!] ?? 0) < (openWork[roster.members[best]!] ?? 0)) best = j;
    }
  }
  return { assignee: roster.members[best]!, turn: (best + 1) % n };
}

export class Rosters {
  constructor(private readonly store: Store) {}

  async get(tenantId: string, team: string): Promise<Roster | undefined> {
    const item = await this.store.get(rosterKeys.roster(tenantId, team));
    return item ? toRoster(item) : undefined;
  }

  async list(tenantId: string): Promise<Roster[]> {
    const out: Roster[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ pk: rosterKeys.rosters(tenantId), startKey });
      out.push(...page.items.map(toRoster));
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }

  /** Sets a team's roster; with `expectedVersion`, only over that version (else 409). */
  async put(tenantId: string, team: string, input: RosterInput, now: Date, expectedVersion?: number): Promise<Roster> {
    const members = [...new Set(input.members)];
    const leads = [...new Set(input.leads ?? [])];
    const current = await this.get(tenantId, team);
    if (expectedVersion !== undefined && (current?.version ?? 0) !== expectedVersion) {
      throw problem('version-conflict', `The roster is at version ${current?.version ?? 0}, not ${expectedVersion}; reload it and try again.`);
    }
    const whoseTurn = current?.members.length ? current.members[current.turn % current.members.length] : undefined;
    const roster: Roster = {
      team,
      members,
      leads,
      policy: input.policy,
      // The turn stays with the member whose turn it was, if they are still on the team.
      turn: Math.max(0, whoseTurn ? members.indexOf(whoseTurn) : 0),
      version: (current?.version ?? 0) + 1,
      updatedAt: now.toISOString(),
    };
    const item = { ...rosterKeys.roster(tenantId, team), entity: 'roster', ...roster };
    try {
      await this.store.put(item, current ? conditions.version(current.version) : conditions.absent());
    } catch (err) {
      if (err instanceof ConditionFailed) throw problem('version-conflict', 'The roster was changed meanwhile; reload it and try again.');
      throw err;
    }
    return roster;
  }

  /** Open cases per person of the tenant (one Query: the counters share a partition). */
  async openWork(tenantId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.store.query({ pk: rosterKeys.workloads(tenantId), startKey });
      for (const item of page.items) out[item.member as string] = Number(item.open ?? 0);
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }

  /** The pick for a case dispatched to `team` now, with the write that takes the turn (conditioned on the roster not having moved). */
  async assign(tenantId: string, team: string): Promise<{ assignee: string; action: WriteAction } | undefined> {
    const roster = await this.get(tenantId, team);
    if (!roster) return undefined;
    const pick = pickAssignee(roster, roster.policy === 'least-open' ? await this.openWork(tenantId) : {});
    if (!pick) return undefined;
    return {
      assignee: pick.assignee,
      action: {
        kind: 'update',
        key: rosterKeys.roster(tenantId, team),
        update: 'SET #turn = :turn, #version = :next',
        names: { '#turn': 'turn', '#version': 'version' },
        values: { ':turn': pick.turn, ':next': roster.version + 1, ':v': roster.version },
        condition: { expression: '#version = :v' },
      },
    };
  }

  /** Moves one open case from one person's count to another's (either may be absent), in the case's own transaction. */
  static moveWork(tenantId: string, from: string | undefined, to: string | undefined): WriteAction[] {
    if (from === to) return [];
    const bump = (member: string, by: number): WriteAction => ({
      kind: 'update',
      key: rosterKeys.workload(tenantId, member),
      update: 'SET entity = :e, #member = :m ADD #open :by',
      names: { '#member': 'member', '#open': 'open' },
      values: { ':e': 'workload', ':m': member, ':by': by },
    });
    return [...(from ? [bump(from, -1)] : []), ...(to ? [bump(to, 1)] : [])];
  }
}

function toRoster(item: Item): Roster {
  const { team, members, leads, policy, turn, version, updatedAt } = item as unknown as Roster;
  return { team, members, leads: leads ?? [], policy, turn: Number(turn), version: Number(version), updatedAt };
}
