/**
 * HTML documents built outside JSX (receipts, printable forms, the API
 * reference): Hono's `html` template escapes every interpolated value and
 * keeps nested templates as they are. These documents are synchronous, so
 * the result is typed as the escaped string itself.
 */
import { html as honoHtml } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type { HtmlEscapedString };

export function html(strings: TemplateStringsArray, ...values: unknown[]): HtmlEscapedString {
  return honoHtml(strings, ...values) as HtmlEscapedString;
}

export { raw } from 'hono/html';
