/** Where a campus's takings are posted: its revenue account in the postal company's books. */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

const campusConfigRecord = z.object({ revenueAccount: z.string() });
export type CampusConfig = z.infer<typeof campusConfigRecord>;

export const CampusConfigRecord = entity({
  name: 'campus-config',
  schema: campusConfigRecord,
  key: () => ({ pk: ['CONFIG'], sk: 'CAMPUS' }),
  keyOf: () => undefined,
});
