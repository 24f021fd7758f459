/**
 * What falls due on a date, one partition per kind of due, sorted by the
 * date: a registration whose check should be renewed, a deregistered
 * person whose data is to be purged, a permit that expires. The nightly run
 * reads exactly what is due by then in one range query, instead of every
 * living registration; the step that settles a due removes it.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

export const DUE_KINDS = ['verification', 'retention', 'expiry'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export const due = z.object({
  kind: z.enum(DUE_KINDS),
  /** The instant (or date) from which it is counted: the last check, the deregistration, the end of validity. */
  from: z.string(),
  caseId: z.string(),
  area: z.string(),
});
export type Due = z.infer<typeof due>;

export const DueRecord = entity({
  name: 'community-due',
  attribute: 'due',
  schema: due,
  key: (k: Pick<Due, 'kind' | 'from' | 'caseId'>) => ({ pk: ['DUE', k.kind], sk: `${k.from}#${k.caseId}` }),
  keyOf: (d) => d,
});

/** The entry of a due, and the removal of one, as a case step writes them. */
export const dueDraft = (d: Due) => DueRecord.draft(d);
export const dueRemoval = (k: Pick<Due, 'kind' | 'from' | 'caseId'>) => ({ entity: DueRecord, key: k });
