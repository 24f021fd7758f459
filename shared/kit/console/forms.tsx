/**
 * Forms generated from the same JSON Schemas the API validates with (zod →
 * JSON Schema), and the reverse: a posted form back into the JSON body.
 * Field names are the API's dotted paths, so the API's field errors land
 * next to the right input.
 */
import type { Child, FC } from 'hono/jsx';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  items?: JsonSchema;
  maxItems?: number;
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  pattern?: string;
  /** A caption per enum value (`东关乡 Dongguan`), for values from a tenant's own list rather than the labels. */
  'x-captions'?: Record<string, string>;
}

export type FieldErrors = Record<string, string>;

const kind = (s: JsonSchema): string => {
  if (s.anyOf) return kind(s.anyOf.find((x) => x.type !== 'null') ?? {});
  return Array.isArray(s.type) ? s.type.find((x) => x !== 'null')! : (s.type ?? 'string');
};

/** The words of a form: an enum value's label by field name and code, and a bilingual title in the user's language (the console's own). */
export interface FormWords {
  label(field: string, code: string): string;
  caption(text: string): string;
}

const AS_GIVEN: FormWords = { label: (_f, code) => code, caption: (text) => text };

/**
 * `optional`: the fields belong to a group the form may leave out whole (a
 * lodging), so none of them is required on its own. `words` gives titles
 * and enum values in the user's language (pass the console context).
 */
export const SchemaFields: FC<{
  schema: JsonSchema;
  prefix: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
  optional?: boolean;
  words?: FormWords;
}> = ({ schema, prefix, errors = {}, values = {}, optional = false, words = AS_GIVEN }) => (
  <>
    {Object.entries(schema.properties ?? {}).map(([name, prop]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      const id = `f-${path.replace(/\./g, '-')}`;
      const required = !optional && (schema.required ?? []).includes(name) && prop.default === undefined;
      const caption = `${prop.title ? words.caption(prop.title) : words.label('field', name)}${required ? ' *' : ''}`;
      const error = errors[path];
      const value = values[path] ?? (prop.default !== undefined ? String(prop.default) : '');
      const t = kind(prop);
      if (t === 'object' && prop.properties) {
        return (
          <fieldset>
            <legend>{prop.title ? words.caption(prop.title) : words.label('field', name)}</legend>
            <SchemaFields schema={prop} prefix={path} errors={errors} values={values} optional={!required} words={words} />
            {error && <p class="error">{error}</p>}
          </fieldset>
        );
      }
      if (t === 'array' && prop.items && kind(prop.items) === 'object' && prop.items.properties) {
        // A list of records (a household's members): numbered rows, each optional, one more than were filled.
        const filled = new Set(Object.keys(values).flatMap((k) => (k.startsWith(`${path}.`) ? [k.slice(path.length + 1).split('.')[0]!] : [])));
        const rows = Math.min(prop.maxItems ?? 10, Math.max(2, filled.size + 1));
        return (
          <fieldset>
            <legend>{prop.title ? words.caption(prop.title) : words.label('field', name)}</legend>
            {Array.from({ length: rows }, (_, i) => (
              <fieldset>
                <legend>{i + 1}</legend>
                <SchemaFields schema={prop.items!} prefix={`${path}.${i}`} errors={errors} values={values} optional words={words} />
              </fieldset>
            ))}
            {error && <p class="error">{error}</p>}
          </fieldset>
        );
      }
      const describedBy = error ? `${id}-error` : undefined;
      let input: Child;
      if (prop.enum) {
        input = (
          <select id={id} name={path} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
            {!required && <option value="">—</option>}
            {prop.enum.map((o) => (
              <option value={String(o)} selected={String(o) === value}>
                {prop['x-captions']?.[String(o)] ? words.caption(prop['x-captions'][String(o)]!) : words.label(name, String(o))}
              </option>
            ))}
          </select>
        );
      } else if (t === 'boolean') {
        // The hidden "false" is what an unticked box sends: the field is then false, not absent (and a default true cannot stand in for it).
        input = (
          <>
            <input type="hidden" name={path} value="false" />
            <input id={id} type="checkbox" name={path} value="true" checked={value === 'true'} />
          </>
        );
      } else if (t === 'array') {
        input = (
          <textarea id={id} name={`${path}[]`} rows={3} aria-describedby={describedBy} placeholder="⏎">
            {value}
          </textarea>
        );
      } else {
        const type = t === 'number' || t === 'integer' ? 'number' : prop.format === 'date' ? 'date' : 'text';
        input = (
          <input
            id={id}
            name={path}
            type={type}
            value={value}
            step={t === 'number' ? 'any' : undefined}
            required={required}
            aria-describedby={describedBy}
            aria-invalid={error ? 'true' : undefined}
          />
        );
      }
      return (
        <div>
          <label for={id}>{caption}</label>
          {input}
          {error && (
            <p class="error" id={`${id}-error`}>
              {error}
            </p>
          )}
        </div>
      );
    })}
  </>
);

/** Builds the JSON body from posted fields, typed by the schema; empty optional fields are left out. */
export function formToBody(form: Record<string, string | string[]>, schema: JsonSchema, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const t = kind(prop);
    if (t === 'object' && prop.properties) {
      const nested = formToBody(form, prop, path);
      if (Object.keys(nested).length) out[name] = nested;
      continue;
    }
    if (t === 'array' && prop.items?.properties) {
      // Rows posted as `path.0.name`, `path.1.name`…: each row that has something becomes a record, in order.
      const indexes = [...new Set(Object.keys(form).flatMap((k) => (k.startsWith(`${path}.`) ? [Number(k.slice(path.length + 1).split('.')[0])] : [])))]
        .filter((i) => Number.isInteger(i) && i >= 0 && i < 100)
        .sort((a, b) => a - b);
      const records = indexes.map((i) => formToBody(form, prop.items!, `${path}.${i}`)).filter((r) => Object.keys(r).length > 0);
      if (records.length) out[name] = records;
      continue;
    }
    if (t === 'array') {
      const raw = form[`${path}[]`];
      const text = Array.isArray(raw) ? raw.join('\n') : raw;
      if (text?.trim())
        out[name] = text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
      continue;
    }
    const raw = form[path];
    if (t === 'boolean') {
      if (raw !== undefined) out[name] = Array.isArray(raw) ? raw.includes('true') : raw === 'true';
      continue;
    }
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === '') continue;
    // Numbers stay numbers; amounts are strings in the schema and stay strings.
    out[name] = t === 'number' || t === 'integer' ? Number(value) : value;
  }
  return out;
}

/** The API's field errors, keyed by field path without the envelope prefix. */
export function errorsByField(problem: { errors?: Array<{ field: string; message: string }> } | undefined, strip = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const e of problem?.errors ?? []) out[strip && e.field.startsWith(`${strip}.`) ? e.field.slice(strip.length + 1) : e.field] = e.message;
  return out;
}

/** The flat value map a re-rendered form shows after a refusal. */
export function flatValues(form: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k.replace(/\[\]$/, ''), Array.isArray(v) ? v.join('\n') : v]));
}

/** One labelled input for hand-built forms, with its error (by field path) beside it. */
export const Field: FC<{
  name: string;
  label: string;
  type?: string;
  value?: string;
  errors?: FieldErrors;
  required?: boolean;
  options?: ReadonlyArray<string | readonly [string, string]>;
  placeholder?: string;
}> = ({ name, label, type = 'text', value = '', errors = {}, required, options, placeholder }) => {
  const id = `f-${name.replace(/[.[\]]/g, '-')}`;
  const error = errors[name];
  const describedBy = error ? `${id}-error` : undefined;
  return (
    <div>
      <label for={id}>
        {label}
        {required ? ' *' : ''}
      </label>
      {options ? (
        <select id={id} name={name} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
          {options.map((o) => {
            const [v, text] = typeof o === 'string' ? [o, o] : o;
            return (
              <option value={v} selected={v === value}>
                {text}
              </option>
            );
          })}
        </select>
      ) : (
        <input
          id={id}
          name={name}
          type={type}
          value={value}
          required={required}
          placeholder={placeholder}
          step={type === 'number' ? 'any' : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? 'true' : undefined}
        />
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
};

/** A posted form's single values (the first of repeated fields). */
export function single(form: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
}
