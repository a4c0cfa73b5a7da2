import { FINDING_FILTER_KEYS, type ListFindingsQuery } from './dto/list-findings.query';

type QueryValues = Partial<Record<keyof ListFindingsQuery, string | number | undefined>>;

/** Builds /findings?… from the current query with some values changed; empty values are dropped. */
export function findingsUrl(current: ListFindingsQuery, changes: QueryValues = {}, base = '/findings'): string {
  const merged: QueryValues = { ...current, ...changes };
  const params = new URLSearchParams();
  for (const key of [...FINDING_FILTER_KEYS, 'sort', 'dir', 'page'] as const) {
    const value = merged[key];
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
