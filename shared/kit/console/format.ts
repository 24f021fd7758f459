/** Locale formatting for the console: money as ¥1,234.50 from decimal strings, instants in the tenant's zone. */
import { DateTime } from 'luxon';
import { formatYuan } from '../../kernel/money.ts';
import type { Lang } from './i18n.ts';

export function yuan(amount: string | undefined): string {
  return amount === undefined || amount === null ? '—' : formatYuan(amount);
}

export function when(iso: string | undefined, zone: string, lang: Lang): string {
  if (!iso) return '—';
  return DateTime.fromISO(iso, { zone })
    .setLocale(lang === 'zh' ? 'zh-CN' : 'en-GB')
    .toFormat('yyyy-MM-dd HH:mm');
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Who a person is on a page. An account shows its name; a person the desk
 * filed for (`person:<household>:<id>`, no account of their own) shows as
 * "person" with what locates them (a room), never the record id.
 */
export function personOf(sub: string, personWord: string): string {
  if (!sub.startsWith('person:')) return sub;
  const where = sub
    .slice('person:'.length)
    .split(':')
    .filter((p) => p && !ULID.test(p));
  return where.length ? `${personWord} ${where.join(' ')}` : personWord;
}
