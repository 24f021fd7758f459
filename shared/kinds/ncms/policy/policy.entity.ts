/** Policy versions: one record each, never overwritten once a settlement may have used it. */
import { entity } from '../../../store/namespace.ts';
import { policySchema } from './policy.ts';

export const PolicyRecord = entity({
  name: 'ncms-policy',
  attribute: 'policy',
  schema: policySchema,
  key: (version: number) => ({ pk: ['POLICY'], sk: `V#${String(version).padStart(5, '0')}` }),
  keyOf: (p) => p.version,
});

export const POLICIES = ['POLICY'] as const;
