/** The versioned, effective-dated compensation policy of an office. */
import { fieldErrors } from '../../../kernel/problems.ts';
import type { Office } from '../office.ts';
import { ncmsProblem } from '../problems.ts';
import { POLICIES, PolicyRecord } from './policy.entity.ts';
import { DEMO_POLICY, type Policy, policySchema } from './policy.ts';

/** The policy in force on a date (the demo policy when none is stored). */
export async function policyFor(o: Office, date: string): Promise<Policy> {
  const versions = await o.records.list(PolicyRecord, POLICIES, { descending: true });
  return versions.find((p) => p.effectiveFrom <= date) ?? DEMO_POLICY;
}

export function policies(o: Office): Promise<Policy[]> {
  return o.records.list(PolicyRecord, POLICIES);
}

/** A new version: numbered one above the latest, never overwriting one a settlement may have used. */
export async function addPolicy(o: Office, input: unknown): Promise<Policy> {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) throw ncmsProblem('invalid-policy', 'The policy does not make sense.', { errors: fieldErrors(parsed.error.issues) });
  const latest = (await policies(o)).at(-1);
  const expected = (latest?.version ?? 0) + 1;
  if (parsed.data.version !== expected)
    throw ncmsProblem('invalid-policy', `The next policy version is ${expected}.`, { errors: [{ field: 'version', message: `must be ${expected}` }] });
  if (!(await o.records.putIf(PolicyRecord, parsed.data, 'absent')))
    throw ncmsProblem('policy-exists', `Policy version ${expected} was just added by someone else.`);
  return parsed.data;
}
