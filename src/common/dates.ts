/** Dates are stored as ISO strings: YYYY-MM-DD for dates, full ISO 8601 in UTC for timestamps. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The months' names in lower case, January first, for reading dates people write in words. */
export const MONTH_NAMES: readonly string[] = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const UK_TIME_ZONE = 'Europe/London';

const ukDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: UK_TIME_ZONE,
});

export function nowIso(): string {
  return new Date().toISOString();
}

const ukCalendarDate = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: UK_TIME_ZONE,
});

/**
 * Today's date in the UK, as YYYY-MM-DD: the day people type and read (overdue, a date in the past or the future).
 * Between midnight and 1 a.m. in summer time it is already the next day in the UK, not yet in UTC.
 */
export function todayIso(now: Date = new Date()): string {
  return ukCalendarDate.format(now);
}

function parseIsoDate(value: string): Date {
  return new Date(`${value.slice(0, 10)}T00:00:00Z`);
}

export function addDays(isoDate: string, days: number): string {
  return new Date(parseIsoDate(isoDate).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

/** The months' names as a date is written: "January". */
const MONTHS_WRITTEN = MONTH_NAMES.map((name) => name[0].toUpperCase() + name.slice(1));

/** "22 January 2025" for a date; "" for none. */
export function formatUkDate(isoDate: string | null | undefined): string {
  if (!isoDate) {
    return '';
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  // A date that is not a day of the calendar (30 February) is left to Date and Intl, as it always was.
  if (!match || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day || month < 1 || month > 12) {
    return ukDate.format(parseIsoDate(isoDate));
  }
  return `${day} ${MONTHS_WRITTEN[month - 1]} ${match[1]}`;
}

/** The last Sunday of a month (0-based), at 01:00 UTC: when the UK's clocks change (in March and October). */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * Minutes the UK's clocks are ahead of UTC at a moment: 60 in British Summer Time (from 01:00 UTC on the last Sunday
 * of March to 01:00 UTC on the last Sunday of October, the rule since 1996), else 0. Null outside the years the rule
 * is known to hold here, which the time zone database answers instead.
 */
function ukOffsetMinutes(moment: Date): number | null {
  const year = moment.getUTCFullYear();
  if (year < 1996 || year > 2099) {
    return null;
  }
  let summer = summerTimes.get(year);
  if (!summer) {
    summer = [lastSundayAtOneUtc(year, 2), lastSundayAtOneUtc(year, 9)];
    summerTimes.set(year, summer);
  }
  const time = moment.getTime();
  return time >= summer[0] && time < summer[1] ? 60 : 0;
}

/** Each year's summer time, [start, end) in milliseconds, worked out once (at most the 104 years above). */
const summerTimes = new Map<number, [number, number]>();

/**
 * "23 November 2026 at 09:15" in UK local time for a UTC timestamp. Worked out from the UK's rule for summer time
 * rather than by the time zone database on each call: a finding's page shows hundreds of these, and Intl's formatting
 * with a time zone was a tenth of the page's time. (The spec checks both agree, hour by hour, across the years.)
 */
export function formatUkDateTime(isoTimestamp: string | null | undefined): string {
  if (!isoTimestamp) {
    return '';
  }
  const moment = new Date(isoTimestamp);
  const offset = Number.isNaN(moment.getTime()) ? null : ukOffsetMinutes(moment);
  if (offset === null) {
    return formatUkDateTimeByTimeZone(moment);
  }
  const local = new Date(moment.getTime() + offset * 60_000);
  const hours = String(local.getUTCHours()).padStart(2, '0');
  const minutes = String(local.getUTCMinutes()).padStart(2, '0');
  return `${local.getUTCDate()} ${MONTHS_WRITTEN[local.getUTCMonth()]} ${local.getUTCFullYear()} at ${hours}:${minutes}`;
}

/** The same, by the time zone database (Europe/London). */
export function formatUkDateTimeByTimeZone(moment: Date): string {
  return ukDateTime.format(moment).replace(', ', ' at ');
}

/** "3 years 2 months" style age for a number of days. */
export function describeAge(days: number): string {
  if (days < 0) {
    return 'not yet published';
  }
  if (days < 31) {
    return days === 1 ? '1 day' : `${days} days`;
  }
  const months = Math.floor(days / 30.4375);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts: string[] = [];
  if (years > 0) {
    parts.push(years === 1 ? '1 year' : `${years} years`);
  }
  if (rest > 0) {
    parts.push(rest === 1 ? '1 month' : `${rest} months`);
  }
  return parts.join(' ');
}
