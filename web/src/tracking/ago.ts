/**
 * How long ago an instant was, in the largest whole unit ("3 min ago", "2 hours ago"), in `locale`.
 * `now` is an argument, so the text is the same for the same two instants.
 */
export function formatAgo(iso: string, now: Date, locale: string): string {
  // A device's clock a little ahead of ours reads as "now", not as the future.
  const seconds = Math.min(0, Math.round((Date.parse(iso) - now.getTime()) / 1000));
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

/** A measurement with its unit as the viewer's language writes it ("4 km/h", "88%", "± 8 m"). */
export function formatMeasure(
  value: number,
  unit: 'kilometer-per-hour' | 'percent' | 'meter' | 'degree',
  locale: string,
): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 0 }).format(value);
}
