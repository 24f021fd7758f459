/**
 * Words for codes. Every code a person sees (a state, an action, a category,
 * a step) has a Chinese and an English label; kinds and capabilities declare
 * theirs, grouped (`state`, `action`, `category`, …), and the console looks
 * them up instead of showing the code.
 */
export type Lang = 'zh' | 'en';

export interface Label {
  zh: string;
  en: string;
}

/** Labels by group, then by code: `{ state: { submitted: { zh: '已受理', en: 'Submitted' } } }`. */
export type LabelTable = Record<string, Record<string, Label>>;

export const label = (zh: string, en: string): Label => ({ zh, en });

/** Merges tables; a later table's label wins for the same group and code. */
export function mergeLabels(...tables: ReadonlyArray<LabelTable | undefined>): LabelTable {
  const out: LabelTable = {};
  for (const t of tables) for (const [group, codes] of Object.entries(t ?? {})) out[group] = { ...out[group], ...codes };
  return out;
}

/**
 * The label of a code in a language. A code the group does not declare is
 * looked up in the other groups (a form field's enum values are labelled by
 * whichever group the kind filed them under); the code itself when no group
 * declares it.
 */
export function labelOf(table: LabelTable, group: string, code: string, lang: Lang): string {
  const codes = Object.hasOwn(table, group) ? table[group]! : undefined;
  if (codes && Object.hasOwn(codes, code)) return codes[code]![lang];
  for (const other of Object.values(table)) if (Object.hasOwn(other, code)) return other[code]![lang];
  return code;
}

/**
 * One language's part of a bilingual caption written `中文 English` (a case
 * type's title, a state's label): the Chinese before the first Latin letter,
 * or the English from it. A caption in one language only is returned whole.
 */
export function inLanguage(caption: string, lang: Lang): string {
  const m = /^([^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$/s.exec(caption);
  if (!m) return caption;
  return lang === 'zh' ? m[1]!.trim() : m[2]!.trim();
}
