/**
 * A tenant's own wording of a case notification. The case type's template
 * (code) says what is sent by default; a tenant's admin may replace its
 * subject and body with text of their own, in which `{ref}`, `{state}`… are
 * filled from the case when the message is written. Only the placeholders
 * below exist: anything else in braces is refused when the text is saved, so
 * a message never goes out with a hole in it. No placeholder reaches the
 * case's data: a tenant's wording cannot leak a sealed field.
 */
import { z } from 'zod';
import { type Label, label } from '../kernel/labels.ts';
import type { CaseType, CaseView, MessageFormat } from './contract.ts';

export const PLACEHOLDERS: Record<string, Label> = {
  ref: label('编号（后六位）', 'Reference (last six characters)'),
  type: label('事项', 'Case type'),
  state: label('当前状态', 'State'),
  team: label('承办班组', 'Team'),
  due: label('承诺时限', 'Due'),
  updated: label('更新时间', 'Updated at'),
};

const TOKEN = /\{([^{}]*)\}|[{}]/g;

/** What in a text is not a placeholder we fill: `{name}` unknown, or a brace without its pair. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(TOKEN)].flatMap((m) => (m[1] !== undefined && Object.hasOwn(PLACEHOLDERS, m[1]) ? [] : [m[0]]));
}

const checked = (title: string, max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((text, ctx) => {
      const bad = unknownPlaceholders(text);
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `未知占位符 ${bad.join(' ')}，可用 unknown placeholder ${bad.join(' ')}; use ${Object.keys(PLACEHOLDERS)
            .map((p) => `{${p}}`)
            .join(' ')}`,
        });
    })
    .meta({ title });

export const templateText = z.strictObject({ subject: checked('标题 Subject', 200), body: checked('正文 Body', 2000) });
export type TemplateText = z.infer<typeof templateText>;

/** One template of a case type: its event and its place among the event's templates. */
export const templateKey = (type: string, event: string, index: number) => `${type}.${event}.${index}`;
export const TEMPLATE_KEY = /^[a-z0-9_-]{1,40}\.[a-z0-9_-]{1,40}\.\d{1,2}$/;

/** The text with each placeholder filled from the case. */
export function fillTemplate(text: string, ct: CaseType, c: CaseView, format: MessageFormat): string {
  const values: Record<string, string> = {
    ref: c.id.slice(-6),
    type: ct.title,
    state: ct.states[c.state]?.label ?? c.state,
    team: c.team ?? '—',
    due: c.slaDueAt ? format.time(c.slaDueAt) : '—',
    updated: format.time(c.updatedAt),
  };
  return text.replace(TOKEN, (m, name: string | undefined) => (name !== undefined && Object.hasOwn(values, name) ? values[name]! : m));
}

/** How a template writes each part for a case: the tenant's wording when it has one, else the case type's. */
function writers(ct: CaseType, event: string, index: number, c: CaseView, format: MessageFormat, own?: Readonly<Record<string, TemplateText>>) {
  const custom = own?.[templateKey(ct.type, event, index)];
  const template = ct.notify[event]![index]!;
  return {
    subject: () => (custom ? fillTemplate(custom.subject, ct, c, format) : template.subject(c, format)),
    body: () => (custom ? fillTemplate(custom.body, ct, c, format) : template.body(c, format)),
  };
}

/** The message a template writes for a case. */
export function messageOf(
  ct: CaseType,
  event: string,
  index: number,
  c: CaseView,
  format: MessageFormat,
  own?: Readonly<Record<string, TemplateText>>,
): { subject: string; body: string } {
  const write = writers(ct, event, index, c, format, own);
  return { subject: write.subject(), body: write.body() };
}

/**
 * The message written for a sample case, to show the wording: a default
 * written in code may read case data the sample has not, and then that part
 * shows a dash rather than failing the page.
 */
export function sampleMessage(
  ct: CaseType,
  event: string,
  index: number,
  c: CaseView,
  format: MessageFormat,
  own?: Readonly<Record<string, TemplateText>>,
): { subject: string; body: string } {
  const write = writers(ct, event, index, c, format, own);
  const part = (one: () => string) => {
    try {
      return one();
    } catch {
      return '—';
    }
  };
  return { subject: part(write.subject), body: part(write.body) };
}

/** A case made up to preview a template on: no one's data, the type's first state, due tomorrow. */
export function sampleCase(ct: CaseType, tenantId: string, now: Date): CaseView {
  const at = now.toISOString();
  return {
    id: '01PREVIEW0000000000000SAMPLE',
    tenantId,
    type: ct.type,
    state: ct.initial,
    version: 1,
    data: {},
    requester: 'preview',
    queue: ct.queues[0] ?? 'default',
    team: 'team',
    scope: {},
    priority: 'normal',
    slaDueAt: new Date(now.getTime() + 86_400_000).toISOString(),
    createdAt: at,
    updatedAt: at,
    tasks: [],
  };
}
