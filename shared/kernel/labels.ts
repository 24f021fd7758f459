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

/** The label of a code in a language, or the code itself when none is declared. */
export function labelOf(table: LabelTable, group: string, code: string, lang: Lang): string {
  return table[group]?.[code]?.[lang] ?? code;
}
