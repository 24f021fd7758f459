/** Key layout of the pipeline's records (see the key-design table in the README). */
import { tenantKey } from '../store/schema.ts';

const pad = (n: number) => String(n).padStart(6, '0');

export const caseKeys = {
  partition: (t: string, caseId: string) => tenantKey(t, 'CASE', caseId),
  item: (t: string, caseId: string) => ({ pk: tenantKey(t, 'CASE', caseId), sk: 'CASE' }),
  event: (t: string, caseId: string, seq: number) => ({ pk: tenantKey(t, 'CASE', caseId), sk: `EVT#${pad(seq)}` }),
  /** Tasks sort right after the case item, so one Query reads a case with its tasks. */
  task: (t: string, caseId: string, n: number) => ({ pk: tenantKey(t, 'CASE', caseId), sk: `CASE#TASK#${pad(n)}` }),
  /** A read of sealed personal data. */
  audit: (t: string, caseId: string, at: string, id: string) => ({ pk: tenantKey(t, 'CASE', caseId), sk: `AUDIT#${at}#${id}` }),
  /** The same read in the log of the user who made it, and in that of the person whose data it was, by time. */
  accessByUser: (t: string, sub: string) => tenantKey(t, 'ACCESS', 'USER', sub),
  accessBySubject: (t: string, subject: string) => tenantKey(t, 'ACCESS', 'SUBJECT', subject),
  /** GSI1: a queue's cases, open first, by SLA due time. */
  queue: (t: string, queue: string) => tenantKey(t, 'QUEUE', queue),
  /** GSI2: the cases a person submitted, newest last. */
  requester: (t: string, sub: string) => tenantKey(t, 'REQUESTER', sub),
  /** GSI1: a team's tasks, open first, by due time. */
  team: (t: string, team: string) => tenantKey(t, 'TEAM', team),
};

export const rosterKeys = {
  /** All of a tenant's team rosters share one partition: the desk lists them in one Query. */
  rosters: (t: string) => tenantKey(t, 'ROSTERS'),
  roster: (t: string, team: string) => ({ pk: tenantKey(t, 'ROSTERS'), sk: team }),
  /** Open cases per person, one counter each, in one partition: least-open reads them in one Query. */
  workloads: (t: string) => tenantKey(t, 'WORKLOAD'),
  workload: (t: string, member: string) => ({ pk: tenantKey(t, 'WORKLOAD'), sk: member }),
};

export const reportKeys = {
  /** A month's satisfaction and service-level counters, one row per case type and team: the report is one Query. */
  month: (t: string, month: string) => tenantKey(t, 'REPORT', month),
  row: (t: string, month: string, type: string, team: string) => ({ pk: tenantKey(t, 'REPORT', month), sk: `${type}#${team}` }),
};
