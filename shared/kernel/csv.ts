/**
 * CSV imports (catalogues, directories) through a real parser: quoted
 * fields, embedded commas and line breaks, a byte-order mark. Each row keeps
 * its line number so an import can report the rows it refused.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  cells: string[];
}

export class CsvError extends Error {}

/** Parses CSV text; throws CsvError (with the parser's reason) when the text is not CSV at all. */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as never;
  } catch (err) {
    throw new CsvError((err as Error).message);
  }
  const [head, ...rest] = records;
  return { header: head?.record ?? [], rows: rest.map((r) => ({ line: r.info.lines, cells: r.record })) };
}
