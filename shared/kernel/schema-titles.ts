/**
 * The words a schema gives a field: the `title` of its `.meta()`, found by
 * the field's path (`['householdHead', 'idNumber']`), looking through the
 * wrappers (optional, default, nullable, pipe) a field is built from. Titles
 * are written `中文 English`; a refused field is named by it in the
 * caller's language.
 */
import { type ZodType, z } from 'zod';
import { inLanguage, type Label } from './labels.ts';

interface Def {
  type: string;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  innerType?: ZodType;
  in?: ZodType;
  out?: ZodType;
  options?: ZodType[];
  discriminator?: string;
}

const defOf = (s: ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const titleOf = (s: ZodType): string | undefined => {
  const meta = z.globalRegistry.get(s) as { title?: unknown } | undefined;
  return typeof meta?.title === 'string' ? meta.title : undefined;
};

/** Steps through wrappers to the schema that has fields or elements, keeping the outermost title on the way. */
function unwrap(s: ZodType): { schema: ZodType; title?: string } {
  let title = titleOf(s);
  let at = s;
  for (let i = 0; i < 10; i++) {
    const d = defOf(at);
    const next = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
    if (!next) break;
    at = next;
    title ??= titleOf(at);
  }
  return { schema: at, title };
}

/**
 * A union is read through the option the value chose (by its discriminator,
 * e.g. a case's `type`), or else the first option that has the field.
 */
function option(union: Def, value: unknown, key: PropertyKey): ZodType | undefined {
  const options = union.options ?? [];
  if (union.discriminator && value && typeof value === 'object') {
    const wanted = (value as Record<string, unknown>)[union.discriminator];
    const chosen = options.find((o) => {
      const tag = defOf(unwrap(o).schema).shape?.[union.discriminator!];
      return tag && (defOf(tag) as { values?: unknown[] }).values?.includes(wanted);
    });
    if (chosen) return chosen;
  }
  return options.find((o) => defOf(unwrap(o).schema).shape?.[String(key)]);
}

export function titleAt(schema: ZodType, path: ReadonlyArray<PropertyKey>, value?: unknown): Label | undefined {
  let at: ZodType | undefined = schema;
  let title: string | undefined;
  let data = value;
  for (const key of path) {
    if (!at) return undefined;
    let d = defOf(unwrap(at).schema);
    if (d.type === 'union' && d.options) {
      const chosen = option(d, data, key);
      if (!chosen) return undefined;
      d = defOf(unwrap(chosen).schema);
    }
    data = data && typeof data === 'object' ? (data as Record<PropertyKey, unknown>)[key] : undefined;
    at = typeof key === 'number' ? d.element : d.shape?.[String(key)];
    // An element of a list is named by the list ("家庭成员 Household members").
    if (at) title = unwrap(at).title ?? (typeof key === 'number' ? title : undefined);
  }
  if (!title) return undefined;
  return { zh: inLanguage(title, 'zh'), en: inLanguage(title, 'en') };
}
