/**
 * What every console handler works with: the language and labels, the
 * signed-in user as the API sees them, the CSRF token, and `api()` — an
 * in-process call to the platform's own HTTP API with the user's token, so
 * the console obeys exactly the API's rules. The console frame builds it;
 * kinds' pages receive it.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Lang, translator } from './i18n.ts';
import type { Viewer } from './layout.tsx';

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by pages that know its shape
  body: any;
}

export interface ConsoleCtx {
  c: Context;
  lang: Lang;
  t: ReturnType<typeof translator>;
  /** The word for a code (a state, a category, a step) in the user's language; the code itself when none is declared. */
  label(group: string, code: string): string;
  /** The user's language's part of a bilingual caption (`已受理 Received`), as case types and problem titles write them. */
  caption(text: string): string;
  viewer: Viewer;
  csrf: string;
  zone: string;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult>;
  page(title: string, children: Child, status?: number): Response | Promise<Response>;
  /** The posted form, after its CSRF token has been checked. */
  form(): Promise<Record<string, string | string[]>>;
}

/** Raised by `form()` when the CSRF token does not match: the frame answers with its expired-form page. */
export class CsrfRefused extends Error {}

export const Hidden = ({ csrf }: { csrf: string }) => <input type="hidden" name="_csrf" value={csrf} />;

/** An idempotency key fixed when the form is drawn: the same form submitted twice does its work once. */
export const OnceKey = () => <input type="hidden" name="_key" value={randomUUID()} />;

export const onceHeaders = (form: Record<string, string | string[]>): Record<string, string> =>
  typeof form._key === 'string' && form._key ? { 'idempotency-key': form._key } : {};
