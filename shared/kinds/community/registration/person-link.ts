/**
 * Cases about a registered person (a permit, a rights case) name their
 * registration instead of taking the person's details again: the filing
 * reads it (as the caller may), takes the name and area from it, and logs
 * reads of its personal data under that person.
 */
import { z } from 'zod';
import type { CaseView, IntakeContext, RecordWrite } from '../../../pipeline/contract.ts';
import { entity } from '../../../store/namespace.ts';
import { communityProblem } from '../problems.ts';

export const personRef = z.string().min(1).max(40).meta({ title: '登记编号 Registration' });

export interface PersonLink {
  person: string;
  name: string;
  area: string;
}

const LIVING = ['sharing', 'registered', 'visit-due'];

export const personCase = z.object({ person: z.string(), caseId: z.string(), type: z.string(), at: z.string() });
export type PersonCase = z.infer<typeof personCase>;

/** The cases filed for a person, under their registration: their page and their data export find them in one query. */
export const PersonCaseRecord = entity({
  name: 'community-person-case',
  attribute: 'personCase',
  schema: personCase,
  key: (k: Pick<PersonCase, 'person' | 'caseId'>) => ({ pk: ['PERSON-CASES', k.person], sk: k.caseId }),
  keyOf: (p) => p,
});

/** A filing's claim on a person: their name and area for the case, and the case listed under them. */
export async function claimPerson(
  ctx: Pick<IntakeContext<{ person: string }>, 'caseOf' | 'input' | 'caseId' | 'now'>,
  type: string,
): Promise<{ data: PersonLink & Record<string, unknown>; records: RecordWrite[] }> {
  const link = await linkPerson(ctx, ctx.input.person);
  return { data: { ...link }, records: [PersonCaseRecord.draft({ person: link.person, caseId: ctx.caseId, type, at: ctx.now.toISOString() })] };
}

/** The registration a filing names, living; refused (422) when it is not one the caller can see. */
async function linkPerson(ctx: Pick<IntakeContext<unknown>, 'caseOf'>, registrationId: string): Promise<PersonLink> {
  const found = await ctx.caseOf(registrationId);
  if (found?.type !== 'registration' || !LIVING.includes(found.state)) {
    throw communityProblem('person-not-registered', `No living registration ${registrationId} that you can see.`, {
      errors: [{ field: 'input.person', message: 'not a living registration you can see' }],
    });
  }
  const data = found.data as { name: string; area: string };
  return { person: found.id, name: data.name, area: data.area };
}

/** Reads of such a case's personal data are the person's too. */
export const subjectOfLinked = (c: CaseView<Partial<PersonLink>>) => c.data.person;
