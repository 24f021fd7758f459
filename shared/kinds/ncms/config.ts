/** The office's figures for reports and alerts: the insured population, the beneficiaries, the fund's alert threshold. */
import { z } from 'zod';
import { amountSchema } from '../../kernel/money.ts';
import { entity } from '../../store/namespace.ts';
import type { Office } from './office.ts';

const configSchema = z.object({
  insuredPopulation: z.number().int().min(0),
  beneficiaryPopulation: z.number().int().min(0),
  /** The assistance advance fund alerts both parties below this balance. */
  lowBalanceThreshold: amountSchema(),
});
export type NcmsConfig = z.infer<typeof configSchema>;

/** The seed's county: 379,256 insured, 28,006 in the low-income groups. */
export const DEMO_CONFIG: NcmsConfig = { insuredPopulation: 379256, beneficiaryPopulation: 28006, lowBalanceThreshold: '50000.00' };

export const ConfigRecord = entity({
  name: 'ncms-config',
  attribute: 'config',
  schema: configSchema,
  key: () => ({ pk: ['CONFIG'], sk: 'CONFIG' }),
  keyOf: () => undefined,
});

export async function officeConfig(o: Office): Promise<NcmsConfig> {
  return (await o.records.get(ConfigRecord, undefined)) ?? DEMO_CONFIG;
}
