/**
 * What every console handler works with: the language, the signed-in user
 * as the API sees them, the CSRF token, and `api()` — an in-process call to
 * the platform's own HTTP API with the user's token, so the console obeys
 * exactly the API's rules.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { PLATFORM_OPERATOR } from '../../pipeline/contract.ts';
import { PLATFORM } from '../../store/schema.ts';
import { translator, type Lang } from './i18n.ts';
import { Page, type Viewer } from './layout.tsx';
import { csrfToken, csrfValid, language, session } from './session.ts';

export interface ApiResult {
  status: number;
  body: any;
}

export type ApiCall = (req: Request) => Response | Promise<Response>;

export interface ConsoleCtx {
  c: Context;
  lang: Lang;
  t: ReturnType<typeof translator>;
  viewer: Viewer;
  csrf: string;
  zone: string;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult>;
  page(title: string, children: Child, status?: number): Response | Promise<Response>;
  /** The posted form, after its CSRF token has been checked. */
  form(): Promise<Record<string, string | string[]>>;
}

function apiFor(call: ApiCall, origin: string, token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult> => {
    const res = await call(
      new Request(new URL(path, origin), {
        method,
        headers: { ...headers, authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
    );
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : undefined;
    return { status: res.status, body: parsed };
  };
}

export async function consoleContext(c: Context, call: ApiCall, secret: string): Promise<ConsoleCtx | Response> {
  const lang = language(c);
  const token = session(c);
  if (!token) return c.redirect('/console/login');
  const api = apiFor(call, new URL(c.req.url).origin, token);
  const me = await api('GET', '/v1/tenant');
  let viewer: Viewer;
  if (me.status === 200) viewer = { ...me.body.you, tenant: me.body.tenant };
  else if (me.status === 403 && (await api('GET', '/v1/tenants')).status === 200) viewer = operatorViewer(token);
  else return c.redirect('/console/login?expired=1');
  const csrf = csrfToken(secret, token);
  const t = translator(lang);
  return {
    c,
    lang,
    t,
    viewer,
    csrf,
    zone: viewer.tenant.calendar.timeZone,
    api,
    page: (title, children, status = 200) =>
      c.html(
        <Page title={title} lang={lang} viewer={viewer} csrf={csrf}>
          {children}
        </Page>,
        status as 200,
      ),
    async form() {
      const body = (await c.req.parseBody({ all: true })) as Record<string, string | string[]>;
      if (!csrfValid(secret, token, body._csrf)) throw new CsrfRefused();
      return body;
    },
  };
}

/** The platform operator belongs to no tenant: the console shows them the tenant list. */
function operatorViewer(token: string): Viewer {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string };
  return { sub: claims.sub ?? 'operator', roles: [PLATFORM_OPERATOR], scopes: {}, tenant: { id: PLATFORM, kind: 'platform', name: 'Platform', calendar: { timeZone: 'Asia/Shanghai' } } };
}

export class CsrfRefused extends Error {}

export const Hidden = ({ csrf }: { csrf: string }) => <input type="hidden" name="_csrf" value={csrf} />;

/** An idempotency key fixed when the form is drawn: the same form submitted twice does its work once. */
export const OnceKey = () => <input type="hidden" name="_key" value={randomUUID()} />;

export const onceHeaders = (form: Record<string, string | string[]>): Record<string, string> => (typeof form._key === 'string' && form._key ? { 'idempotency-key': form._key } : {});
