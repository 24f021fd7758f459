/**
 * The tenant admin console, served by the same app under /console:
 * server-rendered pages over the platform's own API, called in-process
 * with the signed-in user's token.
 */
import { Hono, type Context } from 'hono';
import type { Platform } from '../../platform/services.ts';
import { consoleContext, type ApiCall } from './context.tsx';
import { CsrfRefused, type ConsoleCtx } from '../../kit/console/context.tsx';
import { translator } from '../../kit/console/i18n.ts';
import { Page } from '../../kit/console/layout.tsx';
import { authPages } from './pages/auth.tsx';
import { campusPages } from './pages/campus.tsx';
import { casePages, notFound } from './pages/cases.tsx';
import { dashboardPages } from './pages/dashboard.tsx';
import { ledgerPages } from './pages/ledger.tsx';
import { mailboxPages } from './pages/mailbox.tsx';
import { ncmsPages } from '../../kinds/ncms/pages-old.tsx';
import { settingsPages } from './pages/settings.tsx';
import { language } from './session.ts';

export type WithCtx = (handler: (x: ConsoleCtx) => Response | Promise<Response>) => (c: Context) => Promise<Response>;

export function consoleRoutes(platform: Platform, call: ApiCall) {
  const app = new Hono();
  const secret = platform.config.cursorSecret;

  app.use('*', async (c, next) => {
    await next();
    // Pages hold personal data: never cached, never framed.
    c.header('cache-control', 'no-store');
    c.header('x-frame-options', 'DENY');
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' https:; frame-ancestors 'none'; base-uri 'none'");
    c.header('referrer-policy', 'same-origin');
  });

  const withCtx: WithCtx = (handler) => async (c) => {
    const x = await consoleContext(c, call, secret);
    if (x instanceof Response) return x;
    try {
      return await handler(x);
    } catch (err) {
      if (err instanceof CsrfRefused) return x.page(x.t('csrfRefused'), <p class="problem">{x.t('csrfRefused')}</p>, 403);
      throw err;
    }
  };

  authPages(app, platform, secret);
  dashboardPages(app, withCtx);
  casePages(app, withCtx);
  mailboxPages(app, withCtx);
  ncmsPages(app, withCtx);
  campusPages(app, withCtx);
  ledgerPages(app, withCtx);
  settingsPages(app, withCtx, platform);

  app.notFound(async (c) => {
    const x = await consoleContext(c, call, secret);
    if (x instanceof Response) {
      const t = translator(language(c));
      return c.html(
        <Page title={t('notFound')} lang={language(c)}>
          <p>{t('notFoundBody')}</p>
        </Page>,
        404,
      );
    }
    return notFound(x);
  });
  return app;
}
