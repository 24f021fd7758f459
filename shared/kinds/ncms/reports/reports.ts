/**
 * Period reports: the figures the seed reports — stays, total cost, NCMS
 * and assistance paid, self-pay, the effective compensation ratio
 * ((NCMS + assistance) / total) — per category, hospital level and
 * hospital; beneficiaries' hospitalisation rate against the ordinary
 * insured; and the satisfaction surveys.
 */
import { z } from 'zod';
import { Dec, formatAmount } from '../../../kernel/money.ts';
import { officeConfig } from '../config.ts';
import { hospitals } from '../hospitals/hospitals.ts';
import type { Office } from '../office.ts';
import type { Stay } from '../stays/stay.entity.ts';
import { settledStays } from '../stays/stays.ts';

const reportRow = z.object({
  key: z.string(),
  stays: z.number().int(),
  totalCost: z.string(),
  ncms: z.string(),
  assistance: z.string(),
  selfPay: z.string(),
  /** (NCMS + assistance) / total, as a percentage with two places. */
  compensationRatio: z.string(),
});
export type ReportRow = z.infer<typeof reportRow>;

const rate = z.object({ stays: z.number().int(), population: z.number().int(), rate: z.string() });

/** The period report as the API returns it. */
export const reportSchema = z.object({
  period: z.string(),
  totals: reportRow,
  byCategory: z.array(reportRow),
  byHospitalLevel: z.array(reportRow),
  byHospital: z.array(reportRow),
  hospitalization: z.object({ unit: z.string(), beneficiaries: rate, ordinary: rate }),
  satisfaction: z.object({ responses: z.number().int(), averageScore: z.string().nullable() }),
});
export type PeriodReport = z.infer<typeof reportSchema>;

function row(key: string, stays: Stay[]): ReportRow {
  const sum = (k: 'totalCost' | 'ncms' | 'assistance' | 'selfPay') => stays.reduce((s, x) => s.plus(x.settlement![k]), new Dec(0));
  const total = sum('totalCost');
  const paid = sum('ncms').plus(sum('assistance'));
  return {
    key,
    stays: stays.length,
    totalCost: formatAmount(total),
    ncms: formatAmount(sum('ncms')),
    assistance: formatAmount(sum('assistance')),
    selfPay: formatAmount(sum('selfPay')),
    compensationRatio: total.isZero() ? '0.00' : paid.div(total).times(100).toDecimalPlaces(2).toFixed(2),
  };
}

function group(stays: Stay[], by: (s: Stay) => string): ReportRow[] {
  const groups = new Map<string, Stay[]>();
  for (const s of stays) groups.set(by(s), [...(groups.get(by(s)) ?? []), s]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => row(k, v));
}

export async function periodReport(o: Office, period: string): Promise<PeriodReport> {
  const stays = (await Promise.all((await hospitals(o)).map((h) => settledStays(o, h.id, period)))).flat();
  const config = await officeConfig(o);
  const beneficiaries = stays.filter((s) => s.category !== 'ordinary');
  const rate = (n: number, population: number) => (population > 0 ? new Dec(n).div(population).times(1000).toDecimalPlaces(3).toFixed(3) : '0.000');
  const answered = stays.filter((s) => s.survey);
  return {
    period,
    totals: row('all', stays),
    byCategory: group(stays, (s) => s.category),
    byHospitalLevel: group(stays, (s) => s.hospitalLevel),
    byHospital: group(stays, (s) => s.hospitalId),
    hospitalization: {
      unit: 'stays per 1,000 people in the period',
      beneficiaries: { stays: beneficiaries.length, population: config.beneficiaryPopulation, rate: rate(beneficiaries.length, config.beneficiaryPopulation) },
      ordinary: {
        stays: stays.length - beneficiaries.length,
        population: config.insuredPopulation - config.beneficiaryPopulation,
        rate: rate(stays.length - beneficiaries.length, config.insuredPopulation - config.beneficiaryPopulation),
      },
    },
    satisfaction: {
      responses: answered.length,
      averageScore: answered.length ? new Dec(answered.reduce((s, x) => s + x.survey!.score, 0)).div(answered.length).toDecimalPlaces(2).toFixed(2) : null,
    },
  };
}

export function reportCsv(report: PeriodReport): string {
  const lines = ['section,key,stays,total_cost,ncms,assistance,self_pay,compensation_ratio_pct'];
  const add = (section: string, rows: ReportRow[]) => {
    for (const r of rows) lines.push([section, r.key, r.stays, r.totalCost, r.ncms, r.assistance, r.selfPay, r.compensationRatio].join(','));
  };
  add('total', [report.totals]);
  add('category', report.byCategory);
  add('hospital_level', report.byHospitalLevel);
  add('hospital', report.byHospital);
  return `${lines.join('\n')}\n`;
}
