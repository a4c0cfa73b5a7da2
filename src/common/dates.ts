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

/** "22 January 2025" for a date; "" for none. */
export function formatUkDate(isoDate: string | null | undefined): string {
  return isoDate ? ukDate.format(parseIsoDate(isoDate)) : '';
}

/** "23 November 2026 at 09:15" in UK local time for a UTC timestamp. */
export function formatUkDateTime(isoTimestamp: string | null | undefined): string {
  if (!isoTimestamp) {
    return '';
  }
  return ukDateTime.format(new Date(isoTimestamp)).replace(', ', ' at ');
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
