import { type RequestPart, validationFailed } from '../platform/errors.js';

// `2016-01-27T18:55:47Z`, `2025-06-15T13:45:12.862Z`, `2014-06-04 09:10:11` (UTC when no zone is
// given, as Traccar's servers run); a literal `+` between date and time is a space not decoded.
const dateTime =
  /^(\d{4})-(\d{2})-(\d{2})[T +](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A device's time as the OsmAnd protocol writes it (Traccar's rule): epoch seconds below
 * 2147483647 and milliseconds above, ISO 8601, or `yyyy-MM-dd HH:mm:ss`. Pure.
 */
export function readTimestamp(value: string, field: string, part: RequestPart): Date {
  const refuse = () =>
    validationFailed(
      field,
      `${field}: must be epoch seconds or milliseconds, ISO 8601, or yyyy-MM-dd HH:mm:ss`,
      part,
    );
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) {
    const n = Number(text);
    const date = new Date(n < 2147483647 ? n * 1000 : n);
    if (Number.isNaN(date.getTime())) throw refuse();
    return date;
  }
  const m = dateTime.exec(text);
  if (!m) throw refuse();
  const at = (i: number) => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, s] = [at(1), at(2), at(3), at(4), at(5), at(6)];
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Date.UTC rolls 2021-02-30 over to March: a field out of range is garbage, not a date.
  const fields = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours()];
  if (fields.join() !== [y, mo, d, h].join() || mi > 59 || s > 59) throw refuse();
  return new Date(local.getTime() - offsetMinutes(m[8]) * 60_000);
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}
