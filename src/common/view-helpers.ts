import type { HelperDelegate } from 'handlebars';
import { formatUkDate, formatUkDateTime } from './dates';
import { tagClass, type TagVocabulary } from './tag-colours';

/**
 * Handlebars helpers. They only format values and give each tag its colour (`tag-colours.ts`); every other
 * decision (labels, links) is made in the services' read models. Output is escaped by Handlebars as usual.
 */
export const VIEW_HELPERS: Record<string, HelperDelegate> = {
  date: (value: string | null | undefined) => formatUkDate(value),
  dateTime: (value: string | null | undefined) => formatUkDateTime(value),
  eq: (a: unknown, b: unknown) => a === b,
  tagClass: (vocabulary: TagVocabulary, code: string | null | undefined) => tagClass(vocabulary, code),
  plural: (count: number, singular: string, plural: string) => `${count} ${count === 1 ? singular : plural}`,
  year: () => new Date().getUTCFullYear(),
};
