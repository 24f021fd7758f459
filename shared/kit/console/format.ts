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
