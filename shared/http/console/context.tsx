/**
 * What every console handler works with: the language, the signed-in user
 * as the API sees them, the CSRF token, and `api()` — an in-process call to
 * the platform's own HTTP API with the user's token, so the console obeys
 * exactly the API's rules.
 */
import type { Context } from 'hono';
import { inLanguage, type LabelTable, labelOf } from '../../kernel/labels.ts';
import { PLATFORM } from '../../kernel/tenancy.ts';
import { type ApiResult, type ConsoleCtx, CsrfRefused } from '../../kit/console/context.tsx';
import { type Lang, translator } from '../../kit/console/i18n.ts';
import { type NavItem, Page, type Viewer } from '../../kit/console/layout.tsx';
import { PLATFORM_OPERATOR } from '../../pipeline/contract.ts';
import { csrfToken, csrfValid, language, session } from './session.ts';

export type ApiCall = (req: Request) => Response | Promise<Response>;

/** What the frame knows of the registry: the nav a user may use, and the labels of their tenant's codes. */
export interface ConsoleShell {
  nav(viewer: Viewer, lang: Lang): NavItem[];
  labels(viewer: Viewer): LabelTable;
}

/**
 * A path the console builds from what it was given (an id from its own URL)
 * must stay the path it meant: an encoded slash, backslash or dot could make
 * it another API route once decoded, so such a path is not called at all.
 */
const SMUGGLED = /%2f|%5c|%2e|\/\.{1,2}(\/|\?|$)/i;

function apiFor(call: ApiCall, origin: string, token: string, lang: Lang) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult> => {
    if (SMUGGLED.test(path.split('?')[0]!)) return { status: 404, body: { detail: 'Not found' } };
    const res = await call(
      new Request(new URL(path, origin), {
        method,
        headers: {
          ...headers,
          authorization: `Bearer ${token}`,
          'accept-language': lang === 'zh' ? 'zh-CN' : 'en',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
    );
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : undefined;
    return { status: res.status, body: parsed };
  };
}

export async function consoleContext(c: Context, call: ApiCall, secret: string, shell: ConsoleShell): Promise<ConsoleCtx | Response> {
  const lang = language(c);
  const token = session(c);
  if (!token) return c.redirect('/console/login');
  const api = apiFor(call, new URL(c.req.url).origin, token, lang);
  const me = await api('GET', '/v1/tenant');
  let viewer: Viewer;
  if (me.status === 200) viewer = { ...me.body.you, tenant: me.body.tenant };
  else if (me.status === 403 && (await api('GET', '/v1/tenants')).status === 200) viewer = operatorViewer(token);
  else return c.redirect('/console/login?expired=1');
  const csrf = csrfToken(secret, token);
  const t = translator(lang);
  // A screen that calls what its viewer may not do was offered by mistake: each such call is named in a
  // response header (the viewer's own refusals, nothing more), which the navigation walk checks.
  const refused: string[] = [];
  const pageApi: typeof api = async (method, path, body, headers) => {
    // A header a form carries (an If-Match, a key) that no HTTP header may hold is the caller's mistake: a 400, not a crash.
    if (headers && Object.values(headers).some((v) => !/^[\t\x20-\x7e]*$/.test(v)))
      return { status: 400, body: { title: t('fixFields'), detail: t('fixFields'), status: 400 } };
    const res = await api(method, path, body, headers);
    if (res.status === 401 || res.status === 403) refused.push(`${method} ${path.split('?')[0]} ${res.status}`);
    return res;
  };
  const labels = shell.labels(viewer);
  const nav = shell.nav(viewer, lang);
  return {
    c,
    lang,
    t,
    label: (group, code) => labelOf(labels, group, code, lang),
    caption: (text) => inLanguage(text, lang),
    viewer,
    csrf,
    zone: viewer.tenant.calendar.timeZone,
    api: pageApi,
    page: (title, children, status = 200) => {
      if (refused.length) c.header('X-Console-Refused', refused.join(', '));
      return c.html(
        <Page title={title} lang={lang} viewer={viewer} roleNames={viewer.roles.map((r) => labelOf(labels, 'role', r, lang))} nav={nav} csrf={csrf}>
          {children}
        </Page>,
        status as 200,
      );
    },
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
  return {
    sub: claims.sub ?? 'operator',
    roles: [PLATFORM_OPERATOR],
    scopes: {},
    tenant: { id: PLATFORM, kind: 'platform', name: 'Platform', calendar: { timeZone: 'Asia/Shanghai' } },
  };
}
