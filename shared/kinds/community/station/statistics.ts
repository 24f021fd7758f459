/**
 * Figures without personal data: per area, residents by origin province,
 * age band and sex, how they are housed, permits issued, people who left,
 * and visits due and overdue. Read from the counters each registration and
 * permit step adds to in its own transaction — one query, however many
 * residents — and from the areas' visit lists for what is overdue now.
 */
import { formatCsv } from '../../../kernel/csv.ts';
import type { Records } from '../../../store/namespace.ts';

export const AGE_BANDS = ['0-17', '18-34', '35-49', '50-59', '60+'] as const;

export interface AreaFigures {
  area: string;
  residents: number;
  byProvince: Record<string, number>;
  byAgeBand: Record<(typeof AGE_BANDS)[number], number>;
  bySex: { male: number; female: number };
  /** Registered rented houses and their rooms; residents living in one of them, or elsewhere. */
  housing: { houses: number; rooms: number; residentsRented: number; residentsOther: number };
  permits: Record<string, number>;
  deregistered: number;
  visits: { due: number; overdue: number };
}

function band(age: number): (typeof AGE_BANDS)[number] {
  if (age < 18) return '0-17';
  if (age < 35) return '18-34';
  if (age < 50) return '35-49';
  if (age < 60) return '50-59';
  return '60+';
}

const prefixed = (counts: Record<string, number>, prefix: string) =>
  Object.fromEntries(Object.entries(counts).flatMap(([k, n]) => (k.startsWith(prefix) && n !== 0 ? [[k.slice(prefix.length), n]] : [])));

/** The figures of every area that has any, as of `year` (ages are counted by year of birth). */
export async function areaFigures(records: Records, year: number, overdue: (area: string) => Promise<number>): Promise<AreaFigures[]> {
  const rows = (await records.tallies()).filter((r) => r.row.startsWith('area#'));
  return Promise.all(
    rows.map(async ({ row, counts }) => {
      const area = row.slice('area#'.length);
      const byAgeBand = Object.fromEntries(AGE_BANDS.map((b) => [b, 0])) as AreaFigures['byAgeBand'];
      for (const [born, n] of Object.entries(prefixed(counts, 'born:'))) byAgeBand[band(year - Number(born))] += n;
      return {
        area,
        residents: counts.residents ?? 0,
        byProvince: prefixed(counts, 'province:'),
        byAgeBand,
        bySex: { male: counts['sex:male'] ?? 0, female: counts['sex:female'] ?? 0 },
        housing: {
          houses: counts.houses ?? 0,
          rooms: counts.rooms ?? 0,
          residentsRented: counts['lodging:rented'] ?? 0,
          residentsOther: counts['lodging:other'] ?? 0,
        },
        permits: prefixed(counts, 'permits:'),
        deregistered: counts.deregistered ?? 0,
        visits: { due: counts.visits ?? 0, overdue: await overdue(area) },
      };
    }),
  );
}

/** One line per area and measure: `area,measure,key,count`. */
export function figuresCsv(figures: readonly AreaFigures[]): string {
  const rows: Array<Array<string | number>> = [['area', 'measure', 'key', 'count']];
  for (const f of figures) {
    rows.push([f.area, 'residents', '', f.residents]);
    for (const [k, n] of Object.entries(f.byProvince)) rows.push([f.area, 'province', k, n]);
    for (const [k, n] of Object.entries(f.byAgeBand)) rows.push([f.area, 'age-band', k, n]);
    for (const [k, n] of Object.entries(f.bySex)) rows.push([f.area, 'sex', k, n]);
    for (const [k, n] of Object.entries(f.housing)) rows.push([f.area, 'housing', k, n]);
    for (const [k, n] of Object.entries(f.permits)) rows.push([f.area, 'permits', k, n]);
    rows.push([f.area, 'deregistered', '', f.deregistered], [f.area, 'visits-due', '', f.visits.due], [f.area, 'visits-overdue', '', f.visits.overdue]);
  }
  return formatCsv(rows);
}

/** A month's work per person: registrations, re-verifications, deregistrations. */
export async function monthlyWork(
  records: Records,
  month: string,
): Promise<Array<{ who: string; registered: number; reverified: number; deregistered: number }>> {
  const row = (await records.tallies()).find((r) => r.row === `month#${month}`);
  const people = new Map<string, { who: string; registered: number; reverified: number; deregistered: number }>();
  for (const [key, n] of Object.entries(row?.counts ?? {})) {
    const [what, who] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] as ['registered' | 'reverified' | 'deregistered', string];
    const entry = people.get(who) ?? { who, registered: 0, reverified: 0, deregistered: 0 };
    entry[what] = n;
    people.set(who, entry);
  }
  return [...people.values()].sort((a, b) => a.who.localeCompare(b.who));
}
