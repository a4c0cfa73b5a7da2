import type { HelperDelegate } from 'handlebars';
import { formatUkDate, formatUkDateTime } from './dates';

/**
 * Handlebars helpers. They only format values; every decision (labels, tags, links) is made in
 * the services' view models. Output is escaped by Handlebars as usual.
 */
export const VIEW_HELPERS: Record<string, HelperDelegate> = {
  date: (value: string | null | undefined) => formatUkDate(value),
  dateTime: (value: string | null | undefined) => formatUkDateTime(value),
  eq: (a: unknown, b: unknown) => a === b,
  plural: (count: number, singular: string, plural: string) => `${count} ${count === 1 ? singular : plural}`,
  year: () => new Date().getUTCFullYear(),
};
