/**
 * CSV exports a spreadsheet opens as the page showed them: UTF-8 with a
 * byte-order mark (so Excel reads Chinese), CRLF rows, RFC 4180 quoting, and
 * a cell that a spreadsheet would run as a formula (`=`, `+`, `@`, a leading
 * `-` that is not a number) prefixed with an apostrophe.
 */
const FORMULA = /^[=+@\t\r-]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(header: readonly unknown[], rows: ReadonlyArray<readonly unknown[]>): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvResponse(filename: string, header: readonly unknown[], rows: ReadonlyArray<readonly unknown[]>): Response {
  return new Response(csvText(header, rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    },
  });
}
