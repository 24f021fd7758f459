/**
 * An API operation as a card on a console page: the form is generated from
 * the route's own request schema (its fields titled by their `.meta`), it is
 * sent through the API as the signed-in user, and the answer comes back as a
 * titled table — or the problem, with each refused field marked where it was
 * typed. A page is a few such cards and what the page reads; each card is
 * drawn only for the roles its operation allows, and a page is offered only
 * to roles that can use at least one of its cards.
 *
 * Path segments (`:id`) are filled from the page's own route when it has
 * them (a parcel's page), else asked in the form. A GET operation is a
 * lookup: its fields are the query, and the answer is shown the same way.
 */
import { randomUUID } from 'node:crypto';
import type { Child } from 'hono/jsx';
import { toJSONSchema, type ZodType } from 'zod';
import type { Role } from '../../kernel/tenancy.ts';
import { type Permission, rolesOf } from '../access.ts';
import type { ConsolePage } from '../plugin.ts';
import { CaseData } from './case-data.tsx';
import { type ConsoleCtx, Hidden, OnceKey, onceHeaders } from './context.tsx';
import { errorsByField, flatValues, formToBody, type JsonSchema, SchemaFields } from './forms.tsx';
import { ProblemBox } from './layout.tsx';

type Text = { zh: string; en: string };
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, shown through its schema
type Json = any;

export interface Action {
  /** Unique on its page: the card's anchor and the last segment of the path it posts to. */
  id: string;
  title: Text;
  /** A line under the title: what the card does, in words. */
  hint?: Text;
  roles: readonly Role[] | Permission['roles'];
  method: 'POST' | 'PUT' | 'GET';
  /** The API path; each `:name` is the page route's parameter of that name, or else a field of the form. */
  api: string;
  /** The fields the path needs that the page's route does not give (their titles from `.meta`). */
  params?: ZodType;
  /** The JSON body of a POST or PUT, the query of a GET. */
  input?: ZodType;
  /** The answer's schema: titles and enums for the result table. */
  output?: ZodType;
  /** The answer in a shape of its own (a receipt link, a list); the titled table when absent. */
  show?(x: ConsoleCtx, body: Json): Child;
  /** The form may be sent twice (a double click): one idempotency key per drawn form. */
  once?: boolean;
  /** A GET of the current settings the form starts from (a PUT that replaces them); `:name` as in `api`. */
  current?: string;
  /** Where in that answer the settings are (`account.rules`), when not at its top. */
  currentAt?: string;
  /** Body fields given a fresh id when the form is drawn (a transfer's id): sending the form twice does the work once. */
  generated?: readonly string[];
  /** Fields chosen from a list the user may use (their units), as value and words. */
  choices?(x: ConsoleCtx): Promise<Record<string, ReadonlyArray<readonly [string, string]>>>;
  /** The submit button's words, when "提交" says too little. */
  verb?: Text;
}

export interface ActionPageSpec<S> {
  /** Under /console; may carry `:params` the actions' paths use. */
  path: string;
  title: Text | ((x: ConsoleCtx, s: S) => string);
  nav?: { label: Text; order?: number };
  actions: readonly Action[];
  /** What the page reads and shows under its cards, as the user. Roles that may read it may open the page. */
  body?: { roles: readonly Role[] | Permission['roles']; render(x: ConsoleCtx, s: S): Promise<Child> | Child };
}

interface Outcome {
  action: string;
  status: number;
  body: Json;
  values: Record<string, string>;
}

const roleList = (who: Action['roles']): readonly Role[] => (Array.isArray(who) ? (who as readonly Role[]) : rolesOf(who as Permission['roles']));

/** A route's schema as JSON Schema, made once per schema and direction (pages are drawn often, schemas never change). */
const schemaCache = { input: new WeakMap<ZodType, JsonSchema>(), output: new WeakMap<ZodType, JsonSchema>() };
const jsonOf = (s: ZodType | undefined, io: 'input' | 'output'): JsonSchema | undefined => {
  if (!s) return undefined;
  let out = schemaCache[io].get(s);
  if (!out) {
    out = toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
    schemaCache[io].set(s, out);
  }
  return out;
};

const say = (x: ConsoleCtx, t: Text) => (x.lang === 'zh' ? t.zh : t.en);
const pathNames = (api: string) => [...api.matchAll(/:([A-Za-z]\w*)/g)].map((m) => m[1]!);

/** The page's pages: GET draws every card the user may use; POST `<path>/do/<action>` runs one and draws the page again with its outcome. */
export function actionPage<S>(spec: ActionPageSpec<S>): Array<ConsolePage<S>> {
  const roles = [...new Set([...spec.actions.flatMap((a) => roleList(a.roles)), ...(spec.body ? roleList(spec.body.roles) : [])])];
  const mine = (x: ConsoleCtx) => spec.actions.filter((a) => roleList(a.roles).some((r) => x.viewer.roles.includes(r)));
  const readsBody = (x: ConsoleCtx) => spec.body && roleList(spec.body.roles).some((r) => x.viewer.roles.includes(r));
  const routeParams = (x: ConsoleCtx): Record<string, string> => x.c.req.param() as Record<string, string>;

  const draw = async (x: ConsoleCtx, s: S, outcome?: Outcome) => {
    const given = routeParams(x);
    const failed = outcome && outcome.status >= 400 ? outcome : undefined;
    const title = typeof spec.title === 'function' ? spec.title(x, s) : say(x, spec.title);
    const here = x.c.req.path.replace(/\/do\/[^/]+$/, '');
    const cards = await Promise.all(
      mine(x).map(async (a) => {
        const params = jsonOf(a.params, 'input');
        const asked: JsonSchema | undefined = params && {
          ...params,
          properties: Object.fromEntries(Object.entries(params.properties ?? {}).filter(([k]) => !(k in given))),
        };
        const choices = a.choices ? await a.choices(x) : {};
        const input = fieldsFor(jsonOf(a.input, 'input'), a.generated ?? [], choices);
        const words = {
          label: (field: string, code: string) => choices[field]?.find(([v]) => v === code)?.[1] ?? x.label(field, code),
          caption: x.caption,
        };
        const ours = outcome?.action === a.id ? outcome : undefined;
        const errors = ours && ours.status >= 400 ? errorsByField(ours.body) : {};
        const prefill = Object.fromEntries(
          Object.entries(x.c.req.query()).flatMap(([k, v]) => (k.startsWith(`${a.id}.`) ? [[k.slice(a.id.length + 1), v]] : [])),
        );
        const current = a.current ? currentOf(await x.api('GET', fillPath(a.current, given, {})), a.currentAt) : {};
        const values = ours ? ours.values : { ...current, ...prefill };
        return (
          <form method="post" action={`${here}/do/${a.id}`} class="card" id={a.id} aria-label={say(x, a.title)}>
            <h2>{say(x, a.title)}</h2>
            {a.hint && <p class="muted">{say(x, a.hint)}</p>}
            <Hidden csrf={x.csrf} />
            {a.once && <OnceKey />}
            {(a.generated ?? []).map((name) => (
              <input type="hidden" name={name} value={ours?.values[name] ?? `console-${randomUUID()}`} />
            ))}
            {ours && ours.status >= 400 && <ProblemBox problem={ours.body} />}
            {ours && ours.status < 400 && (
              <div class="ok" role="status">
                <p>{x.t('done')}</p>
                {a.show
                  ? a.show(x, ours.body)
                  : ours.body && typeof ours.body === 'object' && <CaseData x={x} data={ours.body} schema={jsonOf(a.output, 'output')} />}
              </div>
            )}
            {asked && <SchemaFields schema={asked} prefix="path" errors={prefixed(errors, 'path')} values={values} words={x} />}
            {input && <SchemaFields schema={input} prefix="" errors={errors} values={values} words={words} />}
            <button type="submit">{a.verb ? say(x, a.verb) : x.t('submit')}</button>
          </form>
        );
      }),
    );
    return x.page(
      title,
      <>
        {cards.length > 0 && <div class="grid">{cards}</div>}
        {readsBody(x) && (await spec.body!.render(x, s))}
      </>,
      failed ? (failed.status === 404 ? 404 : 400) : 200,
    );
  };

  const pages: Array<ConsolePage<S>> = [{ method: 'get', path: spec.path, roles, handler: (x, s) => draw(x, s), ...(spec.nav ? { nav: spec.nav } : {}) }];
  for (const a of spec.actions) {
    pages.push({
      method: 'post',
      path: `${spec.path}/do/${a.id}`,
      roles: roleList(a.roles),
      async handler(x, s) {
        const raw = await x.form();
        const given = routeParams(x);
        const values = flatValues(raw);
        const missing = pathNames(a.api).filter((n) => !(given[n] ?? (typeof raw[`path.${n}`] === 'string' ? (raw[`path.${n}`] as string) : '')).trim());
        if (missing.length)
          return draw(x, s, {
            action: a.id,
            status: 400,
            values,
            body: { title: x.t('fixFields'), errors: missing.map((n) => ({ field: `path.${n}`, message: x.t('required') })) },
          });
        let path = fillPath(a.api, given, raw);
        const input = jsonOf(a.input, 'input');
        const body = input ? formToBody(raw, input, '') : undefined;
        if (a.method === 'GET') {
          const query = new URLSearchParams(Object.entries(body ?? {}).map(([k, v]): [string, string] => [k, String(v)]));
          if ([...query].length) path += `?${query}`;
        }
        const res = await x.api(a.method, path, a.method === 'GET' ? undefined : (body ?? {}), a.once ? onceHeaders(raw) : {});
        return draw(x, s, { action: a.id, status: res.status, body: res.body, values });
      },
    });
  }
  return pages;
}

const currentOf = (res: { status: number; body: Json }, at?: string) =>
  res.status === 200
    ? flat(
        (at ?? '')
          .split('.')
          .filter(Boolean)
          .reduce((v, k) => v?.[k], res.body),
      )
    : {};

/** An API path with each `:name` from the page's route, else from the form's `path.name` field. */
function fillPath(api: string, given: Record<string, string>, form: Record<string, string | string[]>): string {
  return api.replace(/:([A-Za-z]\w*)/g, (_m, n: string) => {
    const typed = form[`path.${n}`];
    return encodeURIComponent(given[n] ?? (typeof typed === 'string' ? typed : ''));
  });
}

/** The form's fields: generated ones left out (they are hidden inputs), chosen ones as lists. */
function fieldsFor(schema: JsonSchema | undefined, generated: readonly string[], choices: Record<string, ReadonlyArray<readonly [string, string]>>) {
  if (!schema?.properties || (!generated.length && !Object.keys(choices).length)) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties)
      .filter(([k]) => !generated.includes(k))
      .map(([k, v]) => [k, choices[k] ? { ...v, enum: choices[k]!.map(([value]) => value) } : v]),
  );
  return { ...schema, properties };
}

/** A JSON record as the dotted field values a form is drawn with. */
function flat(value: Json, prefix = ''): Record<string, string> {
  if (value === null || value === undefined || typeof value !== 'object') return prefix ? { [prefix]: String(value ?? '') } : {};
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return { [prefix]: value.join('\n') };
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k)));
}

/** The answer of an operation that booked ledger entries (a deposit, funds received): a receipt for each. */
export const EntryReceipts = ({ x, body }: { x: ConsoleCtx; body: { entries?: Array<{ id: string }> } }) => (
  <p>
    {(body.entries ?? []).map((e) => (
      <a href={`/console/ledger/transfers/${encodeURIComponent(e.id)}/receipt`}>{x.t('receipt')} </a>
    ))}
  </p>
);

/** Field errors named by path that the form draws under a prefix. */
function prefixed(errors: Record<string, string>, prefix: string): Record<string, string> {
  return { ...errors, ...Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v])) };
}
