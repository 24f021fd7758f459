/**
 * The station's own settings and areas (片区): how often a person's
 * documents are checked again, how long the data of a person who left is
 * kept, how early a permit's renewal is reminded; each area's name, its
 * collectors (协管员) and the person responsible for it.
 */
import { z } from 'zod';
import { entity, type Records } from '../../../store/namespace.ts';

const person = z.string().regex(/^[\w.@:-]{1,64}$/, 'a sign-in id (letters, digits, . _ @ : -)');

export const settingsInput = z.strictObject({
  reverifyMonths: z.number().int().min(1).max(60).meta({ title: '核查周期（月） Re-verify every (months)' }),
  retentionMonths: z.number().int().min(1).max(240).meta({ title: '注销后保留（月） Keep after deregistration (months)' }),
  renewalNoticeDays: z.number().int().min(1).max(180).meta({ title: '换证提前提醒（天） Remind renewals (days before)' }),
});
export type StationSettings = z.infer<typeof settingsInput> & { updatedAt?: string };

export const DEFAULT_SETTINGS: StationSettings = { reverifyMonths: 6, retentionMonths: 24, renewalNoticeDays: 30 };

export const SettingsRecord = entity({
  name: 'community-settings',
  attribute: 'settings',
  schema: settingsInput.extend({ updatedAt: z.string().optional() }),
  key: () => ({ pk: ['SETTINGS'], sk: 'STATION' }),
  keyOf: () => undefined,
});

export const areaInput = z.strictObject({
  name: z.string().trim().min(1).max(50).meta({ title: '片区名称 Name' }),
  responsible: person.meta({ title: '片区负责人 Responsible' }),
  collectors: z.array(person).max(50).meta({ title: '协管员 Collectors' }),
});
export const areaRecord = areaInput.extend({ area: z.string(), updatedAt: z.string() });
export type Area = z.infer<typeof areaRecord>;

/** All areas in one partition: the station lists them in one query. */
export const AreaRecord = entity({
  name: 'community-area',
  attribute: 'area',
  schema: areaRecord,
  key: (area: string) => ({ pk: ['AREAS'], sk: area }),
  keyOf: (a) => a.area,
});

export const settingsOf = async (records: Records): Promise<StationSettings> => (await records.get(SettingsRecord, undefined)) ?? DEFAULT_SETTINGS;
export const areasOf = (records: Records): Promise<Area[]> => records.list(AreaRecord, ['AREAS']);
