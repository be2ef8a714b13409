/**
 * Reading an instant on a time zone's wall clock. Pure: the instant is an argument.
 */

// One formatter per time zone: building one costs about a millisecond, reading with it microseconds.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    // sv-SE writes `2026-12-09 07:00`: sortable, and the fields at fixed offsets.
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** An instant on the wall clock of `timeZone`, e.g. `2026-12-09 07:00`. */
export function localTime(at: Date | string, timeZone: string): string {
  return formatFor(timeZone).format(typeof at === 'string' ? new Date(at) : at);
}

/** The minutes since local midnight of `at` on the wall clock of `timeZone`, read from its text. */
function clockMinutes(at: number, timeZone: string): number {
  // Read from the string, as formatToParts takes a hundred times longer.
  const clock = formatFor(timeZone).format(at);
  return Number(clock.slice(11, 13)) * 60 + Number(clock.slice(14, 16));
}

const hourMs = 3_600_000;
// Per time zone and UTC hour, the zone's offset in minutes through that hour, or null when it
// changes within it. Formatting costs microseconds and a movement's assessment reads many times.
const hourOffsets = new Map<string, Map<number, number | null>>();

/** The minutes since local midnight of `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const time = at.getTime();
  const hour = Math.floor(time / hourMs);
  let offsets = hourOffsets.get(timeZone);
  if (!offsets || offsets.size > 100_000) hourOffsets.set(timeZone, (offsets = new Map()));
  let offset = offsets.get(hour);
  if (offset === undefined) {
    // Read at the hour's first and last minute: a zone's offset changes at most once in an hour.
    const offsetAt = (minute: number) =>
      (clockMinutes(minute * 60_000, timeZone) - minute + 1440 * 1e6) % 1440;
    const first = hour * 60;
    offset = offsetAt(first) === offsetAt(first + 59) ? offsetAt(first) : null;
    offsets.set(hour, offset);
  }
  if (offset === null) return clockMinutes(time, timeZone);
  return (((Math.floor(time / 60_000) + offset) % 1440) + 1440) % 1440;
}
