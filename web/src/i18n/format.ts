import { currentLocale } from './i18n.js';

/** Dates, numbers and distances in the viewer's language (Urdu digits and Chinese dates included). */
export function formatDate(iso: string | null | undefined, withTime = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(date);
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value == null) return '';
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: digits }).format(value);
}

export function formatKm(value: number): string {
  return new Intl.NumberFormat(currentLocale(), {
    style: 'unit',
    unit: 'kilometer',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}
