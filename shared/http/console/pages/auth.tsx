/**
 * Signing in and out. In AWS the console sends the user to the Cognito
 * hosted UI (authorization code + PKCE) and keeps the ID token in the
 * session cookie. Locally, with the dev issuer, it offers the demo users
 * and signs a dev token for the one picked — or takes a pasted token.
 */
import type { Context, Hono } from 'hono';
import { PLATFORM } from '../../../kernel/tenancy.ts';
import { translator } from '../../../kit/console/i18n.ts';
import { Page, ProblemBox } from '../../../kit/console/layout.tsx';
import { PLATFORM_OPERATOR } from '../../../pipeline/contract.ts';
import { signDevToken } from '../../../platform/dev-tokens.ts';
import type { Platform } from '../../../platform/services.ts';
import { csrfValid, endSession, hostedUiCallback, hostedUiRedirect, language, session, startSession } from '../session.ts';

interface DemoUser {
  tenant: string;
  tenantName: string;
  sub: string;
  roles: string[];
  scopes?: Record<string, string[]>;
}

async function demoUsers(platform: Platform): Promise<DemoUser[]> {
  const users: DemoUser[] = [{ tenant: PLATFORM, tenantName: 'Platform', sub: 'operator', roles: [PLATFORM_OPERATOR] }];
  for (const kind of platform.kinds.values()) {
    const tenant = await platform.tenants.get(kind.demo.tenantId);
    if (!tenant) continue;
    for (const u of kind.demo.users)
      users.push({ tenant: tenant.id, tenantName: tenant.name, sub: u.sub, roles: [...u.roles], ...(u.scopes ? { scopes: u.scopes } : {}) });
  }
  return users;
}

/** Forms posted without a session (sign-in) are checked by origin: a cross-site post cannot sign anyone in. */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  return origin === undefined || origin === new URL(c.req.url).origin;
}

export function authPages(app: Hono, platform: Platform, secret: string) {
  const { hostedUi } = platform.config;
  const devIssuer = platform.config.auth.hs256Secret;

  const loginPage = async (c: Context, problem?: string) => {
    const lang = language(c);
    const t = translator(lang);
    const users = devIssuer ? await demoUsers(platform) : [];
    const byTenant = new Map<string, DemoUser[]>();
    for (const u of users) byTenant.set(u.tenantName, [...(byTenant.get(u.tenantName) ?? []), u]);
    return c.html(
      <Page title={t('signIn')} lang={lang}>
        {c.req.query('expired') && <p class="problem">{t('sessionExpired')}</p>}
        {problem && <ProblemBox problem={{ detail: problem }} />}
        <p>{t('chooseUser')}</p>
        <div class="grid">
          {[...byTenant.entries()].map(([tenantName, list]) => (
            <section class="card">
              <h2>{tenantName}</h2>
              {list.map((u) => (
                <form method="post" action="/console/login" style="margin:.2rem 0">
                  <input type="hidden" name="tenant" value={u.tenant} />
                  <input type="hidden" name="sub" value={u.sub} />
                  <button type="submit" class="secondary" style="margin:0;width:100%;text-align:left">
                    {u.sub} · {u.roles.join(', ')}
                  </button>
                </form>
              ))}
            </section>
          ))}
        </div>
        <form method="post" action="/console/login" class="card">
          <label for="token">{t('pasteToken')}</label>
          <textarea id="token" name="token" rows={3}></textarea>
          <button type="submit">{t('signIn')}</button>
        </form>
      </Page>,
      problem ? 400 : 200,
    );
  };

  app.get('/login', async (c) => {
    if (hostedUi) return c.redirect(hostedUiRedirect(c, hostedUi.domain, hostedUi.clientId));
    return loginPage(c);
  });

  app.post('/login', async (c) => {
    const t = translator(language(c));
    if (!sameOrigin(c)) return c.text('cross-site sign-in refused', 403);
    const form = await c.req.parseBody();
    let token = typeof form.token === 'string' ? form.token.trim() : '';
    if (!token && devIssuer) {
      const user = (await demoUsers(platform)).find((u) => u.tenant === form.tenant && u.sub === form.sub);
      if (!user) return loginPage(c, t('unknownUser'));
      token = await signDevToken(devIssuer, { sub: user.sub, tenant: user.tenant, roles: user.roles, scopes: user.scopes }, 8 * 3600);
    }
    if (!token) return loginPage(c, t('unknownUser'));
    startSession(c, token);
    return c.redirect('/console', 303);
  });

  app.get('/auth/callback', async (c) => {
    if (!hostedUi) return c.redirect('/console/login');
    const token = await hostedUiCallback(c, hostedUi.domain, hostedUi.clientId);
    if (!token) return c.text('sign-in failed: start again at /console/login', 400);
    startSession(c, token, 3600);
    return c.redirect('/console', 303);
  });

  app.post('/logout', async (c) => {
    const form = await c.req.parseBody();
    if (!csrfValid(secret, session(c), form._csrf)) return c.text('CSRF token missing or wrong', 403);
    endSession(c);
    if (hostedUi) {
      const back = new URL('/console', c.req.url).toString();
      return c.redirect(`${hostedUi.domain}/logout?${new URLSearchParams({ client_id: hostedUi.clientId, logout_uri: back })}`, 303);
    }
    return c.redirect('/console/login', 303);
  });
}
