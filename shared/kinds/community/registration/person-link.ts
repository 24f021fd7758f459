/**
 * Cases about a registered person (a permit, a rights case) name their
 * registration instead of taking the person's details again: the filing
 * reads it (as the caller may), takes the name and area from it, and logs
 * reads of its personal data under that person.
 */
import { z } from 'zod';
import type { CaseView, IntakeContext } from '../../../pipeline/contract.ts';
import { communityProblem } from '../problems.ts';

export const personRef = z.string().min(1).max(40).meta({ title: '登记编号 Registration' });

export interface PersonLink {
  person: string;
  name: string;
  area: string;
}

const LIVING = ['sharing', 'registered', 'visit-due'];

/** The registration a filing names, living; refused (422) when it is not one the caller can see. */
export async function linkPerson(ctx: Pick<IntakeContext<unknown>, 'caseOf'>, registrationId: string): Promise<PersonLink> {
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
