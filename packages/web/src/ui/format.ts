import type { IntlShape } from 'react-intl';

/** 3:07 from seconds (a clock reads the same in every language we speak). */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** "now", "5 minutes ago" ("för 5 minuter sedan"), "3 hours ago", "2 days ago", then the date: Intl's words and plurals. */
export function ago(intl: IntlShape, iso: string, now = Date.now()): string {
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return intl.formatRelativeTime(0, 'second', { numeric: 'auto' });
  if (minutes < 60) return intl.formatRelativeTime(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return intl.formatRelativeTime(-hours, 'hour');
  const days = Math.floor(hours / 24);
  if (days < 7) return intl.formatRelativeTime(-days, 'day', { numeric: 'auto' });
  return intl.formatDate(iso, { dateStyle: 'medium' });
}

/** 4.2 MB, 310 MB, 1.3 GB (decimal units, as storage is sold), with the language's decimal sign. */
export function size(intl: IntlShape, bytes: number): string {
  const [value, unit] = bytes < 1e6 ? [Math.max(0, bytes / 1e3), 'kilobyte'] : bytes < 1e9 ? [bytes / 1e6, 'megabyte'] : [bytes / 1e9, 'gigabyte'];
  const digits = unit === 'kilobyte' || (unit === 'megabyte' && value >= 10) ? 0 : 1;
  return intl.formatNumber(value, { style: 'unit', unit, maximumFractionDigits: digits, minimumFractionDigits: digits });
}
