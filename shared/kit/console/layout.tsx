/** The console's page frame: navigation for the user's tenant kind and roles, language switch, sign-out. */
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { inLanguage } from '../../kernel/labels.ts';
import { type Lang, translator } from './i18n.ts';

export interface Viewer {
  sub: string;
  roles: string[];
  scopes: Record<string, string[]>;
  tenant: { id: string; kind: string; name: string; calendar: { timeZone: string }; capabilities?: string[] };
}

/** One entry of the navigation: only screens the user can use are offered. */
export interface NavItem {
  href: string;
  label: string;
}

export interface PageProps {
  title: string;
  lang: Lang;
  viewer?: Viewer;
  /** The viewer's roles in words. */
  roleNames?: string[];
  nav?: NavItem[];
  csrf?: string;
  children?: Child;
}

const CSS = `
:root{--fg:#17202a;--muted:#4a5560;--line:#c9d1d9;--bg:#fff;--accent:#0b5cad;--warn:#a1121e;--ok:#0b6b3a;--soft:#f3f6f9}
*{box-sizing:border-box}body{margin:0;font:15px/1.55 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f0b400;outline-offset:1px}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#102a43;color:#fff}
header a{color:#fff}header .who{margin-left:auto;font-size:13px}nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem}
main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:22px;margin:.2rem 0 1rem}h2{font-size:18px;margin:1.4rem 0 .6rem}
table{width:100%;border-collapse:collapse;margin:.5rem 0}th,td{border-bottom:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.overdue td{background:#fde8e8}.overdue-tag{color:var(--warn);font-weight:700}
form.card,section.card{border:1px solid var(--line);border-radius:6px;padding:.8rem;margin:.6rem 0;background:#fff}
label{display:block;font-weight:600;margin:.5rem 0 .15rem}input,select,textarea{font:inherit;padding:.4rem .5rem;border:1px solid #8a96a3;border-radius:4px;width:100%;max-width:32rem;background:#fff;color:var(--fg)}
input[type=checkbox]{width:auto}fieldset{border:1px solid var(--line);margin:.5rem 0;padding:.5rem;min-width:0}
button{font:inherit;padding:.45rem .9rem;border:0;border-radius:4px;background:var(--accent);color:#fff;cursor:pointer;margin-top:.6rem}
button.secondary{background:#5b6670}.error{color:var(--warn);font-size:14px;margin:.15rem 0}.problem{border-left:4px solid var(--warn);background:#fdf0f0;padding:.5rem .8rem}
.ok{border-left:4px solid var(--ok);background:#eef8f2;padding:.5rem .8rem}.muted{color:var(--muted);font-size:14px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1rem}ol.timeline{padding-left:1.2rem}ol.timeline li{margin:.3rem 0}
.trace td:first-child{width:45%}svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
.scroll{overflow-x:auto;max-width:100%}pre{white-space:pre-wrap;overflow-wrap:anywhere}td,th,p,li,dd,summary{overflow-wrap:break-word}
@media (max-width:600px){header .who{margin-left:0;width:100%}th,td{padding:.3rem}main{padding:.6rem}main table{display:block;overflow-x:auto;max-width:100%}}
`;

export const Page: FC<PageProps> = ({ title, lang, viewer, roleNames = [], nav = [], csrf, children }) => {
  const t = translator(lang);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t('appName')}`}</title>
          <style>{raw(CSS)}</style>
        </head>
        <body>
          <header>
            <strong>{viewer ? inLanguage(viewer.tenant.name, lang) : t('appName')}</strong>
            {viewer && (
              <nav aria-label="main">
                {nav.map((item) => (
                  <a href={item.href}>{item.label}</a>
                ))}
              </nav>
            )}
            <span class="who">
              <a href={`?lang=${lang === 'zh' ? 'en' : 'zh'}`}>{t('language')}</a>
              {viewer && (
                <>
                  {' · '}
                  {viewer.sub} ({roleNames.join('、')})
                  <form method="post" action="/console/logout" style="display:inline;margin-left:.5rem">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="secondary" style="margin:0;padding:.2rem .6rem">
                      {t('signOut')}
                    </button>
                  </form>
                </>
              )}
            </span>
          </header>
          <main>
            <h1>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  );
};

/** An API problem as the user reads it: the API answers in their language and names each refused field in words. */
export const ProblemBox: FC<{ problem?: { title?: string; detail?: string; errors?: Array<{ field: string; label?: string; message: string }> } }> = ({
  problem,
}) =>
  problem ? (
    <div class="problem" role="alert">
      {problem.errors && problem.errors.length > 0 ? (
        <>
          <p>{problem.title ?? problem.detail}</p>
          <ul>
            {problem.errors.map((e) => (
              <li>
                {e.label ?? e.field}: {e.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{problem.detail}</p>
      )}
    </div>
  ) : null;

/** The console's not-found page: what a user sees of a record or screen that is not theirs. */
export function NotFoundPage(x: { page(title: string, children: Child, status?: number): Response | Promise<Response>; t: ReturnType<typeof translator> }) {
  return x.page(x.t('notFound'), <p>{x.t('notFoundBody')}</p>, 404);
}
