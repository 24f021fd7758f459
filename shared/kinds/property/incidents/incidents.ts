/**
 * Incidents (e.g. 3 号楼停水): the desk posts a notice for the buildings it
 * affects; every resident living there is told, once (the messages have the
 * incident's and the person's ids, so a retried broadcast adds none); new
 * reports from those buildings are linked to it while it lasts; resolving it
 * tells them again.
 */
import { z } from 'zod';
import { enqueue } from '../../../capabilities/outbox/index.ts';
import { newId } from '../../../kernel/ids.ts';
import { problems } from '../../../kernel/problems.ts';
import { entity, pattern, type Records } from '../../../store/namespace.ts';
import { BuildingRecord, HouseholdRecord, householdsByPlace, PersonRecord } from '../estate/estate.entity.ts';
import type { Office } from '../office.ts';
import { requesterOf } from '../requests/intake.ts';

export const incidentInput = z.strictObject({
  title: z.string().trim().min(2).max(100).meta({ title: '标题 Title' }),
  body: z.string().trim().min(2).max(1000).meta({ title: '内容 Notice' }),
  buildings: z.array(z.string().min(1).max(20)).min(1).max(50).meta({ title: '影响楼栋 Buildings affected' }),
  expectedEnd: z.iso.datetime({ offset: true }).meta({ title: '预计恢复 Expected end' }).optional(),
});

export const incidentRecord = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  buildings: z.array(z.string()),
  expectedEnd: z.string().optional(),
  status: z.enum(['active', 'resolved']),
  postedBy: z.string(),
  postedAt: z.string(),
  resolvedAt: z.string().optional(),
  resolution: z.string().optional(),
  /** People told (each once). */
  notified: z.number().int(),
  version: z.number().int(),
});
export type Incident = z.infer<typeof incidentRecord>;

/** Active incidents, newest last (sparse: a resolved one leaves it). */
export const activeIncidents = pattern('gsi1', () => ['INCIDENTS-ACTIVE']);

export const IncidentRecord = entity({
  name: 'property-incident',
  attribute: 'incident',
  schema: incidentRecord,
  key: (id: string) => ({ pk: ['INCIDENT', id], sk: 'I' }),
  keyOf: (i) => i.id,
  indexes: (i) => [i.status === 'active' ? activeIncidents.at(undefined, `${i.postedAt}#${i.id}`) : undefined],
  version: (i) => i.version,
});

export const listActive = (records: Records) => records.find(IncidentRecord, activeIncidents, undefined);

/** The active incidents a household's building is under (what a new report from it is linked to). */
export async function incidentsFor(records: Records, household: string | undefined): Promise<Incident[]> {
  if (!household) return [];
  // Most days nothing is going on: the household is read only when something is.
  const active = await listActive(records);
  if (active.length === 0) return [];
  const h = await records.get(HouseholdRecord, household);
  return h ? active.filter((i) => i.buildings.includes(h.building)) : [];
}

/** Tells every living person of the incident's buildings, once each; returns how many were told by this call. */
async function broadcast(o: Office, incident: Incident, what: 'posted' | 'resolved'): Promise<number> {
  let told = 0;
  for (const building of incident.buildings) {
    const households = await o.records.find(HouseholdRecord, householdsByPlace, undefined, { prefix: `${building}#` });
    for (const h of households) {
      const people = (await o.records.list(PersonRecord, ['HOUSEHOLD', h.id], { prefix: 'PERSON#' })).filter((p) => !p.movedOutAt);
      for (const p of people) {
        await o.records.writeOnce(
          enqueue(
            o.tenant.id,
            {
              kind: 'message',
              channel: 'mailbox',
              recipient: requesterOf(p),
              subject: what === 'posted' ? `【通知 Notice】${incident.title}` : `【已恢复 Resolved】${incident.title}`,
              body: what === 'posted' ? incident.body : (incident.resolution ?? '已恢复正常。 Back to normal.'),
              event: `incident-${what}`,
            },
            o.now(),
            `incident:${incident.id}:${what}:${p.householdId}:${p.id}`,
          ),
        );
        told++;
      }
    }
  }
  return told;
}

export async function postIncident(o: Office, by: string, input: z.infer<typeof incidentInput>): Promise<Incident> {
  const buildings = [...new Set(input.buildings)];
  for (const [i, b] of buildings.entries()) {
    if (!(await o.records.get(BuildingRecord, b))) throw problems.validation([{ field: `buildings.${i}`, message: `no building ${b} in this estate` }]);
  }
  const now = o.now();
  const incident: Incident = {
    id: newId(now.getTime()),
    title: input.title,
    body: input.body,
    buildings,
    ...(input.expectedEnd ? { expectedEnd: input.expectedEnd } : {}),
    status: 'active',
    postedBy: by,
    postedAt: now.toISOString(),
    notified: 0,
    version: 1,
  };
  await o.records.put(IncidentRecord, incident, 'absent');
  const notified = await broadcast(o, incident, 'posted');
  const told = { ...incident, notified, version: 2 };
  await o.records.put(IncidentRecord, told, { version: 1 });
  return told;
}

export async function resolveIncident(o: Office, id: string, resolution: string | undefined): Promise<Incident> {
  const incident = await o.records.get(IncidentRecord, id);
  if (!incident) throw problems.notFound(`Incident ${id}`);
  if (incident.status === 'resolved') return incident;
  const resolved: Incident = {
    ...incident,
    status: 'resolved',
    resolvedAt: o.now().toISOString(),
    ...(resolution ? { resolution } : {}),
    version: incident.version + 1,
  };
  if (!(await o.records.putIf(IncidentRecord, resolved, { version: incident.version }))) return resolveIncident(o, id, resolution);
  await broadcast(o, resolved, 'resolved');
  return resolved;
}
