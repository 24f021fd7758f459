/**
 * Tenant settings as the platform holds them: who you are and the roles of
 * this kind, business hours and holidays, notification templates, and the
 * sections the tenant's kind and capabilities add (NCMS: policy versions).
 * The platform operator sees the tenants instead.
 */
import type { Hono } from 'hono';
import { type ConsoleCtx, Hidden } from '../../../kit/console/context.tsx';
import { when } from '../../../kit/console/format.ts';
import { errorsByField, Field, single } from '../../../kit/console/forms.tsx';
import { ProblemBox } from '../../../kit/console/layout.tsx';
import type { Platform } from '../../../platform/services.ts';
import type { BlocksOf, WithCtx } from '../frame.ts';
import { type TemplateOutcome, templatesSection } from './templates.tsx';

type Problem = { detail?: string; errors?: Array<{ field: string; message: string }> };

type Calendar = { timeZone: string; hours: Record<string, Array<[string, string]>>; holidays: string[]; workdays: string[]; makeupHoursFrom?: string };
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `08:30-12:00, 13:00-17:30` → intervals; anything unparsable is passed on for the API to refuse by field. */
const intervals = (text: string): Array<[string, string]> =>
  text
    .split(/[,，;；]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [from = '', to = ''] = part.split(/\s*[-–~～]\s*/);
      return [from, to];
    });

const dates = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,，]+/)
    .map((d) => d.trim())
    .filter(Boolean);

/** The calendar a posted form describes, on top of what the tenant has (its time zone is not edited here). */
function calendarFromForm(form: Record<string, string>, current: Calendar) {
  return {
    timeZone: current.timeZone,
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, intervals(form[`hours.${d}`] ?? '')])),
    holidays: dates(form.holidays),
    workdays: dates(form.workdays),
    makeupHoursFrom: current.makeupHoursFrom ?? 'mon',
  };
}

/** Business hours and holidays: shown to everyone, editable by the tenant's admins, every version kept. */
async function CalendarSection({ x, calendar, version, problem }: { x: ConsoleCtx; calendar: Calendar; version: number; problem?: Problem }) {
  const admin = x.viewer.roles.includes('tenant-admin');
  const history = admin || x.viewer.roles.includes('auditor') ? await x.api('GET', '/v1/tenant/calendar/versions') : undefined;
  const errors = errorsByField(problem);
  const text = (d: string) => (calendar.hours[d] ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
  return (
    <section class="card">
      <h2>{x.t('hours')}</h2>
      <p>
        {x.t('timeZone')}: {calendar.timeZone} · {x.t('calendarVersion')} {version}
      </p>
      {x.c.req.query('saved') === 'calendar' && (
        <p class="ok" role="status">
          {x.t('saved')}
        </p>
      )}
      {admin ? (
        <form method="post" action="/console/settings/calendar">
          <Hidden csrf={x.csrf} />
          <input type="hidden" name="_calendarVersion" value={String(version)} />
          {problem && <ProblemBox problem={problem} />}
          <p class="muted">{x.t('hoursHint')}</p>
          <div class="grid">
            {WEEKDAYS.map((d, i) => (
              <Field
                name={`hours.${d}`}
                label={x.label('weekday', d)}
                value={text(d)}
                errors={{ [`hours.${d}`]: errors[`hours.${d}`] ?? errors[`hours.${d}.0`] ?? errors[`hours.${d}.0.1`] ?? '' }}
                placeholder={i < 5 ? '08:30-12:00, 13:00-17:30' : ''}
              />
            ))}
          </div>
          <label for="f-holidays">{x.t('holidays')}</label>
          <textarea id="f-holidays" name="holidays" rows={3} placeholder="2027-01-01">
            {calendar.holidays.join('\n')}
          </textarea>
          {errors.holidays && <p class="error">{errors.holidays}</p>}
          <label for="f-workdays">{x.t('workdays')}</label>
          <textarea id="f-workdays" name="workdays" rows={2}>
            {calendar.workdays.join('\n')}
          </textarea>
          <button type="submit">{x.t('submit')}</button>
        </form>
      ) : (
        <>
          <table>
            {Object.entries(calendar.hours).map(([day, list]) => (
              <tr>
                <th>{x.label('weekday', day)}</th>
                <td>{list.map(([a, b]) => `${a}–${b}`).join(', ')}</td>
              </tr>
            ))}
          </table>
          <p>
            {x.t('holidays')}: {calendar.holidays.join(', ') || '—'}
          </p>
          <p>
            {x.t('workdays')}: {calendar.workdays.join(', ') || '—'}
          </p>
        </>
      )}
      {history?.status === 200 && history.body.items.length > 0 && (
        <details>
          <summary>{x.t('calendarHistory')}</summary>
          <table>
            {(history.body.items as Array<{ version: number; by: string; at: string }>).map((v) => (
              <tr>
                <td>{v.version}</td>
                <td>{v.by}</td>
                <td>{when(v.at, x.zone, x.lang)}</td>
              </tr>
            ))}
          </table>
        </details>
      )}
    </section>
  );
}

export function settingsPages(app: Hono, withCtx: WithCtx, platform: Platform, blocksOf: BlocksOf) {
  const tenantsPage = async (x: ConsoleCtx, problem?: Problem, values: Record<string, string> = {}) => {
    const res = await x.api('GET', '/v1/tenants');
    const errors = errorsByField(problem);
    return x.page(
      x.t('tenants'),
      <>
        <table>
          <tr>
            <th>id</th>
            <th>{x.t('kind')}</th>
            <th>{x.t('name')}</th>
            <th>{x.t('state')}</th>
            <th>{x.t('started')}</th>
          </tr>
          {((res.body.items ?? []) as Array<{ id: string; kind: string; name: string; status: string; createdAt: string }>).map((t) => (
            <tr>
              <td>{t.id}</td>
              <td>{platform.kinds.get(t.kind)?.title[x.lang] ?? t.kind}</td>
              <td>{t.name}</td>
              <td>{x.label('tenantStatus', t.status)}</td>
              <td>{when(t.createdAt, x.zone, x.lang)}</td>
            </tr>
          ))}
        </table>
        <form method="post" action="/console/settings/tenants" class="card">
          <h2>{x.t('newTenant')}</h2>
          <Hidden csrf={x.csrf} />
          {problem && <ProblemBox problem={problem} />}
          <Field name="id" label="id" value={values.id} errors={errors} required placeholder="county-hospital-office" />
          <Field
            name="kind"
            label={x.t('kind')}
            value={values.kind}
            errors={errors}
            options={[...platform.kinds.values()].map((k) => [k.kind, k.title[x.lang]] as const)}
          />
          <Field name="name" label={x.t('name')} value={values.name} errors={errors} required />
          <button type="submit">{x.t('submit')}</button>
        </form>
      </>,
      problem ? 400 : 200,
    );
  };

  const settingsPage = async (x: ConsoleCtx, calendarProblem?: Problem, templateOutcome?: TemplateOutcome) => {
    const kind = platform.kinds.get(x.viewer.tenant.kind);
    const me = await x.api('GET', '/v1/tenant');
    const calendar = me.body.tenant.calendar as { timeZone: string; hours: Record<string, Array<[string, string]>>; holidays: string[]; workdays: string[] };
    const blocks = await blocksOf(x, 'settings');
    return x.page(
      x.t('settings'),
      <>
        <section class="card">
          <h2>{x.t('usersRoles')}</h2>
          <p>
            {x.viewer.sub}: {x.viewer.roles.map((r) => x.label('role', r)).join('、')}
          </p>
          {Object.keys(x.viewer.scopes).length > 0 && (
            <ul class="muted">
              {Object.entries(x.viewer.scopes).map(([dimension, values]) => (
                <li>
                  {x.label('dimension', dimension)}: {values.map((v) => x.label(dimension, v)).join('、')}
                </li>
              ))}
            </ul>
          )}
          <p class="muted">{x.t('rolesManaged')}</p>
          <ul>
            {Object.entries(kind?.roles ?? {}).map(([role, spec]) => (
              // The code is what the identity directory's groups are named: it is there for whoever maintains them, on hover.
              <li title={role}>{spec.label[x.lang]}</li>
            ))}
          </ul>
        </section>
        <CalendarSection x={x} calendar={calendar} version={me.body.tenant.calendarVersion ?? 0} problem={calendarProblem} />
        {await templatesSection(x, kind?.caseTypes ?? [], templateOutcome)}
        {blocks}
      </>,
      calendarProblem || templateOutcome?.problem ? 400 : 200,
    );
  };

  app.get(
    '/settings',
    withCtx((x) => (x.viewer.tenant.kind === 'platform' ? tenantsPage(x) : settingsPage(x))),
  );

  app.post(
    '/settings/calendar',
    withCtx(async (x) => {
      const form = single(await x.form());
      const me = await x.api('GET', '/v1/tenant');
      const current = me.body.tenant.calendar as Calendar;
      const res = await x.api('PUT', '/v1/tenant/calendar', calendarFromForm(form, current), { 'if-match': `"${form._calendarVersion ?? '0'}"` });
      if (res.status === 200) return x.c.redirect('/console/settings?saved=calendar', 303);
      return settingsPage(x, res.body);
    }),
  );

  app.post(
    '/settings/templates',
    withCtx(async (x) => {
      const form = single(await x.form());
      const key = form.key ?? '';
      const text = { subject: form.subject ?? '', body: form.body ?? '' };
      const ifMatch = { 'if-match': `"${form._version ?? '0'}"` };
      if (form._do === 'preview') {
        const res = await x.api('POST', '/v1/tenant/templates/preview', { key, ...text });
        return settingsPage(x, undefined, res.status === 200 ? { key, preview: res.body, values: text } : { key, problem: res.body, values: text });
      }
      const path = `/v1/tenant/templates/${encodeURIComponent(key)}`;
      const res = form._do === 'reset' ? await x.api('DELETE', path, undefined, ifMatch) : await x.api('PUT', path, text, ifMatch);
      if (res.status === 200) return x.c.redirect(`/console/settings?saved=templates#tpl-${encodeURIComponent(key)}`, 303);
      return settingsPage(x, undefined, { key, problem: res.body, values: text });
    }),
  );

  app.post(
    '/settings/tenants',
    withCtx(async (x) => {
      const form = single(await x.form());
      const res = await x.api('POST', '/v1/tenants', { id: form.id, kind: form.kind, name: form.name });
      if (res.status === 201) return x.c.redirect('/console/settings', 303);
      return tenantsPage(x, res.body, form);
    }),
  );
}
