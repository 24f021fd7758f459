/** What the property office's request types share: who works them, notes and ratings, the household they are for. */
import { z } from 'zod';

/** The desk and the manager see every request; auditors read them. */
export const STAFF = ['desk-agent', 'manager', 'tenant-admin', 'auditor'] as const;
export const INTAKE = { roles: ['resident', 'desk-agent'], onBehalf: ['desk-agent'] } as const;
export const note = z.string().trim().min(1).max(500).meta({ title: '说明 Note' });
export const rating = z.number().int().min(1).max(5).meta({ title: '满意度评分 Rating (1–5)' });
/** Set by the desk's door (the household the request is for), never typed by hand. */
export const householdField = z.string().max(64).meta({ title: '住户 Household' }).optional();
/** A working day at the desk, in minutes of its business hours. */
export const DESK_DAY = 8 * 60;

/** Who hears of a request's service level: the team (or the desk) at 80 %, the team leads and the desk on breach, the manager when it is overdue again. */
export const ESCALATION = {
  warn: ['team', { role: 'desk-agent' }],
  breach: [{ role: 'team-lead' }, { role: 'desk-agent' }],
  escalate: [{ role: 'manager' }],
} as const;
