/**
 * The tenant admin console, served by the same app under /console:
 * server-rendered pages over the platform's own API, called in-process
 * with the signed-in user's token. The frame holds the platform's own
 * screens and mounts each plugin's, offering a user (in the nav and by
 * address) only the screens of their tenant's kind and capabilities that
 * their roles can use.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Permission } from '../../kernel/access.ts';
import { inLanguage } from '../../kernel/labels.ts';
import { CsrfRefused } from '../../kit/console/context.tsx';
import { type Lang, translator } from '../../kit/console/i18n.ts';
import { type NavItem, NotFoundPage, Page, type Viewer } from '../../kit/console/layout.tsx';
import type { ConsoleBlock, PublicCtx } from '../../kit/plugin.ts';
import type { TenantKind } from '../../pipeline/contract.ts';
import { type CasePermissions, casePermissions } from '../../pipeline/permissions.ts';
import type { Platform } from '../../platform/services.ts';
import { plugins } from '../plugins.ts';
import { type ApiCall, type ConsoleShell, consoleContext } from './context.tsx';
import type { BlocksOf, WithCtx } from './frame.ts';
import { authPages } from './pages/auth.tsx';
import { casePages } from './pages/cases.tsx';
import { dashboardPages } from './pages/dashboard.tsx';
import { ledgerPages } from './pages/ledger.tsx';
import { mailboxPages } from './pages/mailbox.tsx';
import { settingsPages } from './pages/settings.tsx';
import { language } from './session.ts';

const LEDGER_READERS = ['tenant-admin', 'finance', 'auditor'];
export const CONSOLE_MAX_BODY = 64 * 1024;
const has = (viewer: Viewer, roles: readonly string[]) => viewer.roles.some((r) => roles.includes(r));
/** Whether the viewer holds a role some case type of the kind grants a permission to (which one: `pick`). */
const mayOnCases = (kind: TenantKind | undefined, viewer: Viewer, pick: (p: CasePermissions) => Permission) =>
  (kind?.caseTypes ?? []).some((ct) => has(viewer, Object.keys(pick(casePermissions(kind!, ct)).roles)));

/** The context of a page anyone may open: no user, the API without credentials, the reader's language. */
function publicContext(c: Context, call: ApiCall): PublicCtx {
  const lang: Lang = language(c);
  return {
    c,
    lang,
    caption: (text) => inLanguage(text, lang),
    api: async (method, path, body) => {
      const res = await call(
        new Request(new URL(path, new URL(c.req.url).origin), {
          method,
          headers: { 'accept-language': lang === 'zh' ? 'zh-CN' : 'en', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        }),
      );
      const text = await res.text();
      return { status: res.status, body: (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text };
    },
    page: (title, children, status = 200) =>
      c.html(
        <Page title={title} lang={lang}>
          {children}
        </Page>,
        status as 200,
      ),
    form: async () => {
      const body = (await c.req.parseBody()) as Record<string, string | File>;
      return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    },
  };
}

export function consoleRoutes(platform: Platform, call: ApiCall) {
  const app = new Hono();
  const secret = platform.config.keys.secret('csrf');
  const mounted = plugins(platform);
  const serving = (viewer: Viewer) => mounted.filter((p) => p.serves(viewer.tenant));

  const shell: ConsoleShell = {
    labels: (viewer) => platform.labelsFor(viewer.tenant),
    nav(viewer, lang) {
      const t = translator(lang);
      if (viewer.tenant.kind === 'platform') return [{ href: '/console/settings', label: t('tenants') }];
      const kind = platform.kinds.get(viewer.tenant.kind);
      const items: Array<NavItem & { order: number }> = [{ href: '/console', label: t('dashboard'), order: 0 }];
      if (kind && mayOnCases(kind, viewer, (p) => p.read)) {
        items.push({ href: '/console/cases', label: t('queue'), order: 10 });
        if (kind.caseTypes.some((ct) => has(viewer, ct.intake.roles))) items.push({ href: '/console/cases/new', label: t('newCase'), order: 11 });
      }
      items.push({ href: '/console/mailbox', label: t('mailbox'), order: 12 });
      for (const p of serving(viewer)) {
        for (const page of p.extension.console?.pages ?? []) {
          if (page.nav && has(viewer, page.roles)) items.push({ href: `/console${page.path}`, label: page.nav.label[lang], order: page.nav.order ?? 50 });
        }
      }
      if (has(viewer, LEDGER_READERS)) {
        items.push({ href: '/console/ledger/accounts', label: t('accounts'), order: 61 });
        items.push({ href: '/console/runs', label: t('runs'), order: 62 });
      }
      items.push({ href: '/console/settings', label: t('settings'), order: 90 });
      return items.sort((a, b) => a.order - b.order).map(({ href, label }) => ({ href, label }));
    },
  };

  // A form is a few fields (a catalogue upload the most): nothing a clerk posts comes near this.
  app.use('*', bodyLimit({ maxSize: CONSOLE_MAX_BODY, onError: (c) => c.text('Form too large', 413) }));
  app.use('*', async (c, next) => {
    await next();
    // Pages hold personal data: never cached, never framed.
    c.header('cache-control', 'no-store');
    c.header('x-frame-options', 'DENY');
    c.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' https:; frame-ancestors 'none'; base-uri 'none'",
    );
    c.header('referrer-policy', 'same-origin');
  });

  const withCtx: WithCtx = (handler) => async (c) => {
    const x = await consoleContext(c, call, secret, shell);
    if (x instanceof Response) return x;
    try {
      return await handler(x);
    } catch (err) {
      if (err instanceof CsrfRefused) return x.page(x.t('csrfRefused'), <p class="problem">{x.t('csrfRefused')}</p>, 403);
      throw err;
    }
  };

  const blocksOf: BlocksOf = async (x, where) => {
    const blocks = serving(x.viewer).flatMap((p) =>
      ((p.extension.console?.[where] ?? []) as ReadonlyArray<ConsoleBlock<unknown>>).map((b) => ({ b, s: platform.services.get(p.id) })),
    );
    return Promise.all(blocks.filter(({ b }) => has(x.viewer, b.roles)).map(({ b, s }) => b.render(x, s)));
  };

  authPages(app, platform, secret);
  dashboardPages(app, withCtx, blocksOf, (viewer) => mayOnCases(platform.kinds.get(viewer.tenant.kind), viewer, (p) => p.stats));
  casePages(app, withCtx);
  mailboxPages(app, withCtx);
  ledgerPages(app, withCtx);
  settingsPages(app, withCtx, platform, blocksOf);

  // Public pages first: they answer without a session (their API calls carry no credential but the link's).
  for (const p of mounted) {
    for (const page of p.extension.console?.public ?? []) {
      app.on((page.method ?? 'get').toUpperCase(), `/public${page.path}`, (c) => page.handler(publicContext(c, call), platform.services.get(p.id)));
    }
  }

  // Each plugin's screens, for its own tenants and the roles it names; to anyone else they do not exist.
  for (const p of mounted) {
    for (const page of p.extension.console?.pages ?? []) {
      app.on(
        (page.method ?? 'get').toUpperCase(),
        page.path,
        withCtx((x) => (p.serves(x.viewer.tenant) && has(x.viewer, page.roles) ? page.handler(x, platform.services.get(p.id)) : NotFoundPage(x))),
      );
    }
  }

  app.notFound(async (c) => {
    const x = await consoleContext(c, call, secret, shell);
    if (x instanceof Response) {
      const lang: Lang = language(c);
      const t = translator(lang);
      return c.html(
        <Page title={t('notFound')} lang={lang}>
          <p>{t('notFoundBody')}</p>
        </Page>,
        404,
      );
    }
    return NotFoundPage(x);
  });
  return app;
}
