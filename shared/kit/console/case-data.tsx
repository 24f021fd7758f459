/**
 * A case's data as a clerk reads it: each field under its title, each code
 * in words, each instant in the tenant's zone, nested records as nested
 * tables — never a JSON fragment. What people typed (a description, a
 * name, a note) is shown as typed, in `<bdi>` so a right-to-left or odd
 * string cannot disturb the page around it.
 */
import type { Child, FC } from 'hono/jsx';
import type { ConsoleCtx } from './context.tsx';
import { when } from './format.ts';
import type { JsonSchema } from './forms.tsx';

type Words = Pick<ConsoleCtx, 'label' | 'caption' | 't' | 'zone' | 'lang'>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The schema of a field, looking through `anyOf` (nullable, optional) to the one that is not null. */
const solid = (s: JsonSchema | undefined): JsonSchema | undefined => (s?.anyOf ? (s.anyOf.find((x) => x.type !== 'null') ?? s) : s);

/** Merges the properties of several object schemas (the intake's and every step's input): the first to describe a field wins. */
export function fieldsOf(...schemas: ReadonlyArray<JsonSchema | null | undefined>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const s of schemas) for (const [k, v] of Object.entries(solid(s ?? undefined)?.properties ?? {})) properties[k] ??= v;
  return { type: 'object', properties };
}

function Value({ x, field, value, schema }: { x: Words; field: string; value: unknown; schema?: JsonSchema }): Child {
  const s = solid(schema);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? x.t('yes') : x.t('no');
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null))
      return value.flatMap((v, i) => [...(i ? ['、'] : []), typeof v === 'string' ? Value({ x, field, value: v, schema: s?.items }) : String(v)]);
    return (
      <>
        {value.map((v) => (
          <CaseData x={x} data={v as Record<string, unknown>} schema={s?.items} />
        ))}
      </>
    );
  }
  if (typeof value === 'object') return <CaseData x={x} data={value as Record<string, unknown>} schema={s} />;
  const text = String(value);
  if (ISO_INSTANT.test(text)) return when(text, x.zone, x.lang);
  if (s?.['x-captions']?.[text]) return x.caption(s['x-captions'][text]!);
  if (s?.enum || s?.const !== undefined) return x.label(field, text);
  // Typed by a person (the schema says free text): shown as typed.
  if (s && (s.type === 'string' || s.type === undefined) && !s.format) return <bdi>{text}</bdi>;
  return x.label(field, text);
}

/** Data as a two-column table; `schema` describes its fields (titles, enums, free text). */
export const CaseData: FC<{ x: Words; data: Record<string, unknown>; schema?: JsonSchema | null }> = ({ x, data, schema }) => {
  const props = solid(schema ?? undefined)?.properties ?? {};
  return (
    <table class="data">
      {Object.entries(data).map(([key, v]) => {
        const title = props[key]?.title;
        return (
          <tr>
            <th>{title ? x.caption(title) : x.label('field', key)}</th>
            <td>
              <Value x={x} field={key} value={v} schema={props[key]} />
            </td>
          </tr>
        );
      })}
    </table>
  );
};
