import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The GOV.UK date input: a date typed as day, month and year (posted as `field[day]`, `field[month]`,
 * `field[year]`), assembled into the ISO date (YYYY-MM-DD) the services take. An ISO date string is taken
 * as it is (the API sends dates so).
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** A date that could not be assembled, with what is wrong (the message is finished by the field's label). */
export class UnreadableDate {
  constructor(readonly problem: string) {}
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether year, month and day name a day of the calendar (no 31 February). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    return false;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isParts = (value: unknown): value is Partial<Record<keyof DateParts, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * What a date field sent, as the DTO holds it: an ISO date; undefined when nothing was typed; an
 * UnreadableDate when a part is missing or it is not a real date. Anything else is passed on for the
 * validator to refuse.
 */
export function dateFromInput(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.trim() === '' ? undefined : value.trim();
  }
  if (!isParts(value)) {
    return value;
  }
  const parts = { day: text(value.day), month: text(value.month), year: text(value.year) };
  const missing = (['day', 'month', 'year'] as const).filter((part) => parts[part] === '');
  if (missing.length === 3) {
    return undefined;
  }
  if (missing.length > 0) {
    return new UnreadableDate(`must include a ${missing.join(' and ')}`);
  }
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d+$/.test(parts.year)) {
    return new UnreadableDate('must be a real date, in numbers');
  }
  if (!/^\d{4}$/.test(parts.year)) {
    return new UnreadableDate('must have a year of 4 numbers, for example 2027');
  }
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  if (!isRealDate(year, month, day)) {
    return new UnreadableDate('must be a real date');
  }
  return `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether a value is an ISO date (YYYY-MM-DD) of a real day. */
export function isIsoDate(value: unknown): value is string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The day, month and year fields of a date input for what a form holds (an ISO date, the typed parts or none). */
export function datePartsOf(value: unknown): DateParts {
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value.trim());
    return match
      ? { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] }
      : { day: '', month: '', year: '' };
  }
  if (isParts(value)) {
    return { day: text(value.day), month: text(value.month), year: text(value.year) };
  }
  return { day: '', month: '', year: '' };
}

/**
 * A date field (after dateFromInput): an ISO date of a real day. `label` starts each message, e.g. "The due
 * date" gives "The due date must include a month".
 */
export const IsDateInput = (label: string, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDateInput',
      validator: {
        validate: (value) => isIsoDate(value),
        defaultMessage: (args) =>
          args?.value instanceof UnreadableDate
            ? `${label} ${args.value.problem}`
            : args?.value === undefined || args?.value === null
              ? `Enter ${label.replace(/^The /, 'the ')}`
              : `${label} must be a real date`,
      },
    },
    options,
  );
