import type { ChainVerification } from './audit-chain';
import type { AuditPage } from './audit.service';
import type { ListAuditQuery } from './dto/list-audit.query';

const FILTER_KEYS = ['actor', 'action', 'entityType', 'entityId', 'from', 'to'] as const;

/** Builds /admin/audit?… keeping the current filters, with another page (page 1 is left out). */
export function auditUrl(filters: ListAuditQuery, page?: number, base = '/admin/audit'): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') {
      params.set(key, value);
    }
  }
  if (page !== undefined && page > 1) {
    params.set('page', String(page));
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/**
 * The view model of the audit log page: selects with the current choice, page links that keep
 * the filters, and the state of the chain in words, so the template only lays out.
 */
export function auditLogPage(
  filters: ListAuditQuery,
  result: AuditPage,
  verification: ChainVerification,
  head: { id: number; hash: string } | null,
  options: { actions: string[]; entityTypes: string[] },
) {
  const select = (values: string[], current: string | undefined) =>
    values.map((value) => ({ value, label: value, selected: value === current }));
  const pages = Array.from({ length: result.pageCount }, (_, index) => index + 1)
    .filter((number) => number === 1 || number === result.pageCount || Math.abs(number - result.page) <= 2)
    .map((number) => ({ number, href: auditUrl(filters, number), current: number === result.page }));
  return {
    pageTitle: 'Audit log',
    nav: 'audit',
    filters,
    result,
    head,
    verification,
    options: {
      actions: select(options.actions, filters.action),
      entityTypes: select(options.entityTypes, filters.entityType),
    },
    filtered: FILTER_KEYS.some((key) => filters[key] !== undefined),
    clearHref: '/admin/audit',
    // Every entry matching the filters, all the pages, as a download.
    downloads: {
      csvHref: auditUrl(filters, undefined, '/admin/audit/export.csv'),
      xlsxHref: auditUrl(filters, undefined, '/admin/audit/export.xlsx'),
      what: 'every page of these entries',
    },
    pagination: {
      show: result.pageCount > 1,
      pages,
      previous: result.page > 1 ? auditUrl(filters, result.page - 1) : null,
      next: result.page < result.pageCount ? auditUrl(filters, result.page + 1) : null,
    },
  };
}
