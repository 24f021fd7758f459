/** The drug and treatment catalogue (用药目录和诊疗项目): what counts toward the eligible cost. */
import { z } from 'zod';
import { parseCsv } from '../../../kernel/csv.ts';
import { problem } from '../../../kernel/problems.ts';
import { entity } from '../../../store/namespace.ts';
import type { Office } from '../office.ts';

const itemSchema = z.object({ code: z.string(), name: z.string(), kind: z.enum(['drug', 'treatment']), eligible: z.boolean() });
export type CatalogueItem = z.infer<typeof itemSchema>;

export const CatalogueRecord = entity({
  name: 'ncms-catalogue',
  attribute: 'item',
  schema: itemSchema,
  key: (code: string) => ({ pk: ['CAT'], sk: code }),
  keyOf: (i) => i.code,
});

const HEADER = ['code', 'name', 'kind', 'eligible'];
const YES = ['yes', 'true', '是'];
const NO = ['no', 'false', '否'];

/** CSV with a header `code,name,kind,eligible`; each bad row is reported by its line, the good ones imported. */
export async function importCatalogue(o: Office, csv: string): Promise<{ imported: number; errors: Array<{ row: number; message: string }> }> {
  const parsed = parseCsv(csv);
  const header = parsed.header.map((h) => h.toLowerCase());
  if (HEADER.some((h, i) => header[i] !== h)) {
    throw problem('invalid-csv', 'The first line must be the header: code,name,kind,eligible', {
      errors: [{ field: 'csv', message: 'missing or wrong header' }],
    });
  }
  const errors: Array<{ row: number; message: string }> = [];
  const items: CatalogueItem[] = [];
  const seen = new Set<string>();
  for (const { line: row, cells } of parsed.rows) {
    const [code = '', name = '', kind = '', eligible = ''] = cells;
    if (cells.length !== 4) errors.push({ row, message: `expected 4 columns, found ${cells.length}` });
    else if (!/^[A-Za-z0-9.-]{1,30}$/.test(code)) errors.push({ row, message: `code ${JSON.stringify(code)} is not a catalogue code` });
    else if (seen.has(code)) errors.push({ row, message: `code ${code} appears twice` });
    else if (!name) errors.push({ row, message: 'name is empty' });
    else if (kind !== 'drug' && kind !== 'treatment') errors.push({ row, message: 'kind must be drug or treatment' });
    else if (![...YES, ...NO].includes(eligible.toLowerCase())) errors.push({ row, message: 'eligible must be yes or no' });
    else {
      seen.add(code);
      items.push({ code, name, kind, eligible: YES.includes(eligible.toLowerCase()) });
    }
  }
  for (let i = 0; i < items.length; i += 25) await o.records.transact(items.slice(i, i + 25).map((item) => o.records.putOp(CatalogueRecord, item)));
  return { imported: items.length, errors };
}

/** The catalogue entries of some codes (codes outside the catalogue are absent). */
export async function catalogueItems(o: Office, codes: string[]): Promise<Map<string, CatalogueItem>> {
  const found = await Promise.all([...new Set(codes)].map((c) => o.records.get(CatalogueRecord, c)));
  return new Map(found.filter((i): i is CatalogueItem => !!i).map((i) => [i.code, i]));
}
