/** Locale formatting for the console: money as ¥1,234.50 from decimal strings, instants in the tenant's zone. */
import { DateTime } from 'luxon';
import type { Lang } from './i18n.ts';

export function yuan(amount: string | undefined): string {
  if (amount === undefined || amount === null) return '—';
  const negative = amount.startsWith('-');
  const [int, frac = '00'] = amount.replace('-', '').split('.');
  return `${negative ? '-' : ''}¥${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0')}`;
}

export function when(iso: string | undefined, zone: string, lang: Lang): string {
  if (!iso) return '—';
  return DateTime.fromISO(iso, { zone }).setLocale(lang === 'zh' ? 'zh-CN' : 'en-GB').toFormat('yyyy-MM-dd HH:mm');
}
