/** Work queue, case detail with its timeline and actions, and intake forms generated from the API's schemas. */
import type { Hono } from 'hono';
import { CaseData, fieldsOf } from '../../../kit/console/case-data.tsx';
import type { ConsoleCtx } from '../../../kit/console/context.tsx';
import { Hidden, OnceKey, onceHeaders } from '../../../kit/console/context.tsx';
import { personOf, when } from '../../../kit/console/format.ts';
import { errorsByField, Field, type FieldErrors, flatValues, formToBody, type JsonSchema, SchemaFields, single } from '../../../kit/console/forms.tsx';
import { NotFoundPage, ProblemBox } from '../../../kit/console/layout.tsx';

import type { WithCtx as With } from '../frame.ts';

interface CaseType {
  type: string;
  title: string;
  intakeRoles: string[];
  intakeSchema: JsonSchema;
  states: Record<string, { label: string; terminal?: boolean }>;
  queues: string[];
  staffRoles: string[];
  transitions: Record<string, { label: string; inputSchema: JsonSchema | null }>;
  documents?: Array<{ label: string; path: string }>;
  internal: string[];
  revealRoles: string[];
}

/** A batch is fired in one request, case after case: a morning's work, few enough for one Lambda invocation. */
const BULK_MAX = 50;

async function caseTypes(x: ConsoleCtx): Promise<CaseType[]> {
  return (await x.api('GET', '/v1/case-types')).body.items ?? [];
}

export function casePages(app: Hono, withCtx: With) {
  app.get(
    '/cases',
    withCtx(async (x) => {
      const q = x.c.req.query();
      const types = await caseTypes(x);
      // The queues of the case types the viewer works as staff: the first is where they land, the others a choice away.
      const queues = [...new Set(types.filter((t) => t.staffRoles.some((r) => x.viewer.roles.includes(r))).flatMap((t) => t.queues))];
      const queue = q.queue ?? (q.team || q.mine ? undefined : queues[0]);
      const params = new URLSearchParams({
        limit: '100',
        ...(q.team ? { team: q.team } : {}),
        ...(q.mine ? { mine: 'true' } : {}),
        ...(queue ? { queue } : {}),
        ...(q.q ? { q: q.q } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      const res = await x.api('GET', `/v1/cases?${params}`);
      const terminal = (i: { type: string; state: string }) => !!types.find((t) => t.type === i.type)?.states[i.state]?.terminal;
      const now = new Date().toISOString();
      let items = (res.body.items ?? []) as Array<{
        id: string;
        type: string;
        state: string;
        stateLabel: string;
        slaDueAt: string;
        team?: string;
        assignee?: string;
        priority: string;
        data: Record<string, unknown>;
        actions?: string[];
      }>;
      if (q.state) items = items.filter((i) => i.state === q.state);
      else if (!q.closed) items = items.filter((i) => !terminal(i));
      if (q.assignee) items = items.filter((i) => i.assignee === q.assignee);
      if (q.sla === 'overdue') items = items.filter((i) => i.slaDueAt < now && !terminal(i));
      items.sort((a, b) => (a.slaDueAt < b.slaDueAt ? -1 : 1));
      // A state's words from the first case type that has it (types sharing a state name mean the same by it).
      const stateNames = new Map<string, string>();
      for (const ct of types) for (const [code, st] of Object.entries(ct.states)) if (!stateNames.has(code)) stateNames.set(code, x.caption(st.label));
      const titleOf = (type: string) => x.caption(types.find((ct) => ct.type === type)?.title ?? type);
      const actionWords = (action: string) => x.caption(types.find((ct) => Object.hasOwn(ct.transitions, action))?.transitions[action]?.label ?? action);
      // An action the viewer may fire on at least two of the listed cases is offered for a batch.
      const counts = new Map<string, number>();
      for (const i of items) for (const a of i.actions ?? []) counts.set(a, (counts.get(a) ?? 0) + 1);
      const bulk = [...counts].filter(([, n]) => n >= 2).map(([a]) => a);
      return x.page(
        x.t('queue'),
        <>
          <form method="get" class="card" aria-label={x.t('filter')}>
            <div class="grid">
              <div>
                <label for="q-q">{x.t('search')}</label>
                <input id="q-q" name="q" type="search" value={q.q ?? ''} placeholder={x.t('caseSearchHint')} />
              </div>
              {queues.length > 1 && (
                <div>
                  <label for="q-queue">{x.t('queue')}</label>
                  <select id="q-queue" name="queue">
                    {queues.map((name) => (
                      <option value={name} selected={name === queue}>
                        {x.label('queue', name)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div>
                <label for="q-state">{x.t('state')}</label>
                <select id="q-state" name="state">
                  <option value="">{x.t('all')}</option>
                  {[...stateNames].map(([code, name]) => (
                    <option value={code} selected={q.state === code}>
                      {name}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label for="q-team">{x.t('team')}</label>
                <input id="q-team" name="team" value={q.team ?? ''} />
              </div>
              <div>
                <label for="q-assignee">{x.t('assignee')}</label>
                <input id="q-assignee" name="assignee" value={q.assignee ?? ''} />
              </div>
              <div>
                <label for="q-closed">
                  <input id="q-closed" type="checkbox" name="closed" value="1" checked={!!q.closed} /> {x.t('includeClosed')}
                </label>
              </div>
              <div>
                <label for="q-sla">{x.t('sla')}</label>
                <select id="q-sla" name="sla">
                  <option value="">{x.t('all')}</option>
                  <option value="overdue" selected={q.sla === 'overdue'}>
                    {x.t('overdue')}
                  </option>
                </select>
              </div>
            </div>
            <button type="submit">{x.t('filter')}</button>
          </form>
          {res.status !== 200 && <ProblemBox problem={res.body} />}
          <table>
            <tr>
              {bulk.length > 0 && <th aria-label={x.t('select')}></th>}
              <th>#</th>
              <th>{x.t('state')}</th>
              <th>{x.t('team')}</th>
              <th>{x.t('due')}</th>
            </tr>
            {items.map((i) => (
              <tr class={i.slaDueAt < now && !terminal(i) ? 'overdue' : ''}>
                {bulk.length > 0 && (
                  <td>
                    <input type="checkbox" name="ids" value={i.id} form="bulk" aria-label={`${x.t('select')} ${i.id.slice(-6)}`} />
                  </td>
                )}
                <td>
                  <a href={`/console/cases/${i.id}`}>
                    {titleOf(i.type)} · {i.id.slice(-6)}
                  </a>
                  {typeof i.data.description === 'string' && (
                    <div class="muted">
                      <bdi>{i.data.description}</bdi>
                    </div>
                  )}
                </td>
                <td>{x.caption(i.stateLabel)}</td>
                <td>{i.team ? x.label('team', i.team) : '—'}</td>
                <td>
                  {when(i.slaDueAt, x.zone, x.lang)} {i.slaDueAt < now && !terminal(i) && <span class="overdue-tag">{x.t('overdue')}</span>}
                </td>
              </tr>
            ))}
          </table>
          {bulk.length > 0 && (
            // Work that comes in batches (a morning's repairs to dispatch): tick the cases, pick the action, then its input once for all.
            <form method="post" action="/console/cases/bulk" id="bulk" class="card">
              <Hidden csrf={x.csrf} />
              <OnceKey />
              <label for="bulk-action">{x.t('bulkAction')}</label>
              <select id="bulk-action" name="action">
                {bulk.map((action) => (
                  <option value={action}>{actionWords(action)}</option>
                ))}
              </select>
              <button type="submit">{x.t('next')}</button>
            </form>
          )}
          {res.body.nextCursor && (
            // The next page of the same listing and search; the filters above apply page by page.
            <p>
              <a href={`/console/cases?${new URLSearchParams({ ...q, ...(queue ? { queue } : {}), cursor: res.body.nextCursor })}`}>{x.t('nextPage')}</a>
            </p>
          )}
        </>,
      );
    }),
  );

  const newForm = (x: ConsoleCtx, types: CaseType[], chosen: CaseType, errors: FieldErrors = {}, values: Record<string, string> = {}, problem?: unknown) =>
    x.page(
      `${x.t('newCase')} · ${x.caption(chosen.title)}`,
      <>
        {types.length > 1 && (
          <p>
            {types.map((ct) => (
              <a href={`/console/cases/new?type=${ct.type}`} style="margin-right:1rem">
                {x.caption(ct.title)}
              </a>
            ))}
          </p>
        )}
        {problem ? <ProblemBox problem={{ detail: x.t('fixFields') }} /> : null}
        <form method="post" action={`/console/cases/new?type=${chosen.type}`} class="card">
          <Hidden csrf={x.csrf} />
          <OnceKey />
          <SchemaFields schema={chosen.intakeSchema} prefix="input" errors={errors} values={values} words={x} />
          <button type="submit">{x.t('submit')}</button>
        </form>
      </>,
      problem ? 400 : 200,
    );

  app.get(
    '/cases/new',
    withCtx(async (x) => {
      const types = (await caseTypes(x)).filter((ct) => ct.intakeRoles.some((r) => x.viewer.roles.includes(r)));
      const chosen = types.find((ct) => ct.type === x.c.req.query('type')) ?? types[0];
      if (!chosen) return x.page(x.t('newCase'), <p>{x.t('noActions')}</p>);
      return newForm(x, types, chosen);
    }),
  );

  app.post(
    '/cases/new',
    withCtx(async (x) => {
      const types = await caseTypes(x);
      const chosen = types.find((ct) => ct.type === x.c.req.query('type'));
      if (!chosen) return x.c.redirect('/console/cases/new');
      const form = await x.form();
      const input = formToBody(form, chosen.intakeSchema, 'input');
      const res = await x.api('POST', '/v1/cases', { type: chosen.type, input }, onceHeaders(form));
      if (res.status === 201) return x.c.redirect(`/console/cases/${res.body.id}`, 303);
      return newForm(x, types, chosen, errorsByField(res.body), flatValues(form), res.body);
    }),
  );

  const detail = async (
    x: ConsoleCtx,
    id: string,
    problem?: { detail?: string; errors?: Array<{ field: string; message: string }> },
    failedAction?: string,
    values: Record<string, string> = {},
    clear?: Record<string, unknown>,
  ) => {
    const [res, hist, types] = await Promise.all([x.api('GET', `/v1/cases/${id}`), x.api('GET', `/v1/cases/${id}/history`), caseTypes(x)]);
    if (res.status !== 200) return notFound(x);
    const k = res.body as {
      id: string;
      version: number;
      type: string;
      stateLabel: string;
      slaDueAt: string;
      data: Record<string, unknown>;
      actions: string[];
      sealedFields: string[];
      tasks: Array<{ team: string; title: string; status: string }>;
      requester: string;
      team?: string;
      assignee?: string;
    };
    const ct = types.find((t) => t.type === k.type);
    const stateName = (code: string | null) => (code === null ? '∅' : x.caption(ct?.states[code]?.label ?? code));
    const actionName = (action: string) => (ct && Object.hasOwn(ct.transitions, action) ? x.caption(ct.transitions[action]!.label) : x.label('event', action));
    return x.page(
      `${x.caption(ct?.title ?? k.type)} · ${k.id.slice(-6)}`,
      <>
        <section class="card">
          <p>
            <strong>{x.caption(k.stateLabel)}</strong> · {x.t('due')} {when(k.slaDueAt, x.zone, x.lang)} · {personOf(k.requester, x.t('person'))}
            {k.team && ` · ${x.t('team')} ${x.label('team', k.team)}`}
            {k.assignee && ` · ${k.assignee}`}
          </p>
          {clear && (
            <p class="ok" role="status">
              {x.t('revealed')}
            </p>
          )}
          <CaseData
            x={x}
            data={Object.fromEntries(Object.entries({ ...k.data, ...clear }).filter(([f]) => !ct?.internal.includes(f)))}
            schema={fieldsOf(ct?.intakeSchema, ...Object.values(ct?.transitions ?? {}).map((tr) => tr.inputSchema))}
          />
          {!clear && k.sealedFields.length > 0 && ct?.revealRoles.some((r) => x.viewer.roles.includes(r)) && (
            // Masked until a reveal that states its purpose: the read is recorded first, and the values shown for this page only.
            <form method="post" action={`/console/cases/${k.id}/reveal`} aria-label={x.t('reveal')}>
              <Hidden csrf={x.csrf} />
              <Field name="reason" label={x.t('revealPurpose')} required errors={failedAction === 'reveal' ? errorsByField(problem) : {}} />
              <button type="submit" class="secondary">
                {x.t('reveal')}
              </button>
            </form>
          )}
          {(ct?.documents ?? []).map((d) => (
            <p>
              <a href={d.path.replace('{id}', encodeURIComponent(k.id))}>{x.caption(d.label)}</a>
            </p>
          ))}
          {k.tasks.length > 0 && (
            <>
              <h2>{x.t('tasks')}</h2>
              <ul>
                {k.tasks.map((task) => (
                  <li>
                    {x.label('team', task.team)}: {x.label('task', x.caption(task.title))} — {x.label('taskStatus', task.status)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <h2>{x.t('actions')}</h2>
        {problem && failedAction && !k.actions.includes(failedAction) && <ProblemBox problem={problem} />}
        {k.actions.length === 0 && <p class="muted">{x.t('noActions')}</p>}
        {k.actions.map((action) => {
          const tr = ct && Object.hasOwn(ct.transitions, action) ? ct.transitions[action] : undefined;
          return (
            <form method="post" action={`/console/cases/${k.id}/actions/${action}`} class="card">
              <Hidden csrf={x.csrf} />
              <OnceKey />
              {/* Acting on what the page showed: if the case changed meanwhile, the API refuses and says so. */}
              <input type="hidden" name="_version" value={String(k.version)} />
              <strong>{actionName(action)}</strong>
              {failedAction === action && <ProblemBox problem={problem} />}
              {tr?.inputSchema && (
                <SchemaFields
                  schema={tr.inputSchema}
                  prefix="input"
                  errors={failedAction === action ? errorsByField(problem) : {}}
                  values={failedAction === action ? values : {}}
                  words={x}
                />
              )}
              <button type="submit">{actionName(action)}</button>
            </form>
          );
        })}
        <h2>{x.t('history')}</h2>
        <ol class="timeline">
          {((hist.body.items ?? []) as Array<{ at: string; actor: string; action: string; from: string | null; to: string; note?: string }>).map((e) => (
            <li>
              {when(e.at, x.zone, x.lang)} — <strong>{actionName(e.action)}</strong> ({stateName(e.from)} → {stateName(e.to)}) ·{' '}
              {x.label('actor', personOf(e.actor, x.t('person')))}
              {e.note && (
                <span class="muted">
                  {' · '}
                  <bdi>{e.note}</bdi>
                </span>
              )}
            </li>
          ))}
        </ol>
      </>,
      problem ? 400 : 200,
    );
  };

  app.get(
    '/cases/:id',
    withCtx((x) => detail(x, x.c.req.param('id')!)),
  );

  app.post(
    '/cases/:id/reveal',
    withCtx(async (x) => {
      const id = x.c.req.param('id')!;
      const form = single(await x.form());
      const res = await x.api('POST', `/v1/cases/${encodeURIComponent(id)}/reveal`, { reason: form.reason ?? '' });
      x.c.header('Cache-Control', 'no-store');
      if (res.status === 200) return detail(x, id, undefined, undefined, {}, res.body.fields as Record<string, unknown>);
      if (res.status === 404) return notFound(x);
      return detail(x, id, res.body, 'reveal');
    }),
  );

  // A batch: the chosen action's input asked once, then fired on each ticked case in turn, each result said.
  app.post(
    '/cases/bulk',
    withCtx(async (x) => {
      const form = await x.form();
      const ids = (Array.isArray(form.ids) ? form.ids : form.ids ? [form.ids] : []).filter((id) => /^[0-9A-Z]{26}$/.test(id)).slice(0, BULK_MAX);
      const action = typeof form.action === 'string' ? form.action : '';
      const ct = (await caseTypes(x)).find((t) => Object.hasOwn(t.transitions, action));
      if (!ct || !ids.length) return x.c.redirect('/console/cases', 303);
      const transition = ct.transitions[action]!;
      const schema = transition.inputSchema;
      const title = `${x.caption(transition.label)} · ${ids.length}`;
      const asks = !!schema && Object.keys(schema.properties ?? {}).length > 0;
      const Ids = () => (
        <>
          {ids.map((id) => (
            <input type="hidden" name="ids" value={id} />
          ))}
          <input type="hidden" name="action" value={action} />
          <input type="hidden" name="_run" value="1" />
        </>
      );
      // The input step draws its own key; an action without input runs at once with the queue form's key.
      if (form._run !== '1' && asks)
        return x.page(
          title,
          <form method="post" action="/console/cases/bulk" class="card">
            <Hidden csrf={x.csrf} />
            <OnceKey />
            <Ids />
            <SchemaFields schema={schema} prefix="input" words={x} />
            <button type="submit">{x.caption(transition.label)}</button>
          </form>,
        );
      const input = asks ? formToBody(form, schema!, 'input') : undefined;
      const once = typeof form._key === 'string' && form._key ? form._key : undefined;
      const results: Array<{ id: string; ok: boolean; text: string }> = [];
      for (const id of ids) {
        const res = await x.api(
          'POST',
          `/v1/cases/${id}/transitions`,
          { action, ...(input ? { input } : {}) },
          // One key per case: the same batch sent twice fires each action once.
          once ? { 'idempotency-key': `${once}:${id}` } : {},
        );
        results.push({
          id,
          ok: res.status === 200,
          text:
            res.status === 200
              ? x.caption(res.body.stateLabel ?? '')
              : res.body?.errors?.length
                ? res.body.errors.map((e: { label?: string; field: string; message: string }) => `${e.label ?? e.field}：${e.message}`).join('；')
                : (res.body?.detail ?? res.body?.title ?? String(res.status)),
        });
      }
      return x.page(
        title,
        <>
          <ol>
            {results.map((r) => (
              <li class={r.ok ? 'ok' : 'problem'}>
                <a href={`/console/cases/${r.id}`}>{r.id.slice(-6)}</a> — {r.text}
              </li>
            ))}
          </ol>
          <p>
            <a href="/console/cases">{x.t('queue')}</a>
          </p>
        </>,
      );
    }),
  );

  app.post(
    '/cases/:id/actions/:action',
    withCtx(async (x) => {
      const { id, action } = x.c.req.param() as { id: string; action: string };
      const form = await x.form();
      const ct = (await caseTypes(x)).find((t) => Object.hasOwn(t.transitions, action));
      const schema = ct && Object.hasOwn(ct.transitions, action) ? ct.transitions[action]?.inputSchema : undefined;
      const input = schema ? formToBody(form, schema, 'input') : undefined;
      const version: Record<string, string> = typeof form._version === 'string' ? { 'if-match': `"${form._version}"` } : {};
      const res = await x.api('POST', `/v1/cases/${id}/transitions`, { action, ...(input ? { input } : {}) }, { ...onceHeaders(form), ...version });
      if (res.status === 200) return x.c.redirect(`/console/cases/${id}`, 303);
      if (res.status === 404) return notFound(x);
      return detail(x, id, res.body, action, flatValues(form));
    }),
  );
}

export const notFound = NotFoundPage;
