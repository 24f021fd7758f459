/**
 * CSV imports (catalogues, directories) through a real parser (d3-dsv,
 * RFC 4180): quoted fields, embedded commas, quotes and line breaks. A
 * byte-order mark is dropped; blank rows are skipped. Each row keeps its
 * number as a spreadsheet shows it (the header is row 1), so an import can
 * report the rows it refused.
 */
import { csvFormatRows, csvParseRows } from 'd3-dsv';

export interface CsvRow {
  /** 1-based row of the file as a spreadsheet numbers it (the header is row 1). */
  line: number;
  cells: string[];
}

export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const rows = csvParseRows(text.replace(/^\uFEFF/, '')).map((cells, i) => ({ line: i + 1, cells: cells.map((c) => c.trim()) }));
  const filled = rows.filter((r) => r.cells.some((c) => c !== ''));
  const [head, ...rest] = filled;
  return { header: head?.cells ?? [], rows: rest };
}

/** Rows written as CSV (quoted where a cell needs it), with a byte-order mark so spreadsheets read the Chinese right. */
export function formatCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `\uFEFF${csvFormatRows(rows.map((r) => r.map(String)))}\n`;
}
