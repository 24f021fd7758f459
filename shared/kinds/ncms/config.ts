/** The office's figures for reports and alerts: the insured population, the beneficiaries, the fund's alert threshold. */
import { z } from 'zod';
import { amountSchema } from '../../kernel/money.ts';
import { problems } from '../../kernel/problems.ts';
import { entity } from '../../store/namespace.ts';
import type { Office } from './office.ts';

/** A township of the county: its id is what reviewers are scoped to; its name is how people write it. */
export const townshipSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, '小写字母、数字或连字符 lower-case letters, digits or hyphens')
    .meta({ title: '代码 Code' }),
  name: z.string().trim().min(1).max(60).meta({ title: '名称（中文 English） Name (Chinese, then English)' }),
});
export type Township = z.infer<typeof townshipSchema>;
export const townshipsInput = z.strictObject({ townships: z.array(townshipSchema).max(200).meta({ title: '乡镇 Townships' }) });

const configSchema = z.object({
  insuredPopulation: z.number().int().min(0),
  beneficiaryPopulation: z.number().int().min(0),
  /** The assistance advance fund alerts both parties below this balance. */
  lowBalanceThreshold: amountSchema(),
  /** The county's townships; an application names one of them. Empty until the office lists them (then any name is taken as typed). */
  townships: z.array(townshipSchema).default([]),
});
export type NcmsConfig = z.infer<typeof configSchema>;

/** The seed's county: 379,256 insured, 28,006 in the low-income groups. */
export const DEMO_CONFIG: NcmsConfig = {
  insuredPopulation: 379256,
  beneficiaryPopulation: 28006,
  lowBalanceThreshold: '50000.00',
  townships: [
    { id: 'chengguan', name: '城关镇 Chengguan' },
    { id: 'dongguan', name: '东关乡 Dongguan' },
    { id: 'xiguan', name: '西关乡 Xiguan' },
    { id: 'xining', name: '西宁市区 Xining city' },
  ],
};

export const ConfigRecord = entity({
  name: 'ncms-config',
  attribute: 'config',
  schema: configSchema,
  key: () => ({ pk: ['CONFIG'], sk: 'CONFIG' }),
  keyOf: () => undefined,
});

export async function officeConfig(o: Pick<Office, 'records'>): Promise<NcmsConfig> {
  // Until an office keeps its own figures, the seed county's serve for reports; its townships are the demo's alone.
  return (await o.records.get(ConfigRecord, undefined)) ?? { ...DEMO_CONFIG, townships: [] };
}

export async function setTownships(o: Pick<Office, 'records'>, townships: Township[]): Promise<Township[]> {
  const seen = new Set<string>();
  for (const [i, t] of townships.entries()) {
    if (seen.has(t.id)) throw problems.validation([{ field: `townships.${i}.id`, message: `代码重复 ${t.id} is listed twice` }]);
    seen.add(t.id);
  }
  await o.records.put(ConfigRecord, { ...(await officeConfig(o)), townships });
  return townships;
}

/**
 * The township an application names, as its code: typed as the code or as
 * its name (东关乡), it is the same township, so the reviewer scoped to it
 * sees the case. Refused, naming the field, when the office keeps a list
 * and the township is not on it.
 */
export function townshipOf(config: NcmsConfig, typed: string, field = 'township'): string {
  if (!config.townships.length) return typed;
  const wanted = typed.trim().toLowerCase();
  const found = config.townships.find((t) => t.id === wanted || t.name.toLowerCase().split(' ')[0] === wanted || t.name.toLowerCase() === wanted);
  if (!found)
    throw problems.validation([
      { field, message: `应为本县乡镇之一 one of the county's townships: ${config.townships.map((t) => t.name.split(' ')[0]).join('、')}` },
    ]);
  return found.id;
}
