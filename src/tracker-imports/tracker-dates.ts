import { MONTH_NAMES } from '../common/dates';

/**
 * Dates as force trackers hold them: Excel date cells (read as Date), Excel serial numbers (days since
 * 30 December 1899, Excel's 1900 date system), UK text (`31/03/2025`, `31-3-25`, `31.03.2025`, `31 March 2025`)
 * and ISO (`2025-03-31`, with or without a time). Read as `YYYY-MM-DD`; a day that does not exist is not a date.
 */
export type TrackerDate = { ok: true; date: string | null } | { ok: false };

/** The earliest and latest serial numbers read as dates (1954 to 2119): smaller or larger numbers are not dates. */
const SERIAL_MIN = 20000;
const SERIAL_MAX = 80000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** A month's number (1–12) from its name or an abbreviation of three letters or more ("Mar", "Sept"). */
function monthNumber(name: string): number | null {
  const word = name.toLowerCase();
  const index = word.length >= 3 ? MONTH_NAMES.findIndex((month) => month.startsWith(word)) : -1;
  return index < 0 ? null : index + 1;
}

function iso(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) {
    return null;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** A two-digit year: 00–69 is 2000–2069, 70–99 is 1970–1999 (as Excel reads them). */
function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) {
    return year;
  }
  return year < 70 ? 2000 + year : 1900 + year;
}

/** An Excel serial number as a date, or null when it is not one. */
export function serialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) {
    return null;
  }
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

/** Text as a date, or null when it is not one. */
export function textDate(text: string): string | null {
  const value = text.trim().replace(/\s+/g, ' ');
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value,
  );
  if (match) {
    return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  }
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(value);
  if (match) {
    return iso(fullYear(match[3]), Number(match[2]), Number(match[1]));
  }
  match = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})$/i.exec(value);
  if (match) {
    const month = monthNumber(match[2]);
    return month === null ? null : iso(Number(match[3]), month, Number(match[1]));
  }
  if (/^\d+(\.\d+)?$/.test(value)) {
    return serialDate(Number(value));
  }
  return null;
}

/** A cell as a date: empty is no date (null); anything else must read as a date. */
export function trackerDate(value: unknown): TrackerDate {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return { ok: true, date: null };
  }
  let date: string | null = null;
  if (value instanceof Date) {
    // Excel's date cells are read as midnight UTC of the day shown.
    date = Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  } else if (typeof value === 'number') {
    date = serialDate(value);
  } else if (typeof value === 'string') {
    date = textDate(value);
  }
  return date === null ? { ok: false } : { ok: true, date };
}
