import { highlightWords, matchingPassage } from './finding-search';
import type { ListFindingsQuery } from './dto/list-findings.query';
import { FINDING_FILTER_KEYS } from './dto/list-findings.query';
import type { FindingsService } from './findings.service';
import { findingsUrl } from './findings-url';

type ListResult = Awaited<ReturnType<FindingsService['list']>>;
type FilterOptions = Awaited<ReturnType<FindingsService['filterOptions']>>;

const SORTABLE_COLUMNS = [
  { key: 'reference', label: 'Reference' },
  { key: 'title', label: 'Finding' },
  { key: 'kind', label: 'Kind' },
  { key: 'owner', label: 'Owner' },
  { key: 'status', label: 'Status' },
  { key: 'target', label: 'Target date' },
] as const;

const FILTER_LABELS: Record<(typeof FINDING_FILTER_KEYS)[number], string> = {
  force: 'Force',
  report: 'Report',
  year: 'Year',
  kind: 'Kind',
  status: 'Status',
  raised: 'Raised again by a later report',
  owner: 'Owner',
  theme: 'Theme',
  q: 'Search',
};

/** Each filter chosen, by its label, with the chosen value in words (a force, report, kind or status by its name). */
export function findingFilterLabels(query: ListFindingsQuery, options: FilterOptions) {
  const optionList: Record<string, Array<{ value: string; label: string }>> = {
    force: options.forces,
    report: options.reports,
    kind: options.kinds,
    status: options.statuses,
  };
  return FINDING_FILTER_KEYS.filter((key) => query[key] !== undefined).map((key) => {
    const value = key === 'force' ? String(query[key]).toUpperCase() : String(query[key]);
    return {
      key,
      label: FILTER_LABELS[key],
      value: optionList[key]?.find((option) => option.value === value)?.label ?? value,
    };
  });
}

/** The list's order in words: "Target date, descending" (the report's order, or the best matches of a search). */
export function findingOrderWords(query: ListFindingsQuery): string {
  const direction = query.dir === 'desc' ? 'descending' : 'ascending';
  if (!query.sort) {
    const order = `Report order (each report's items in their order), ${direction}`;
    return query.q ? `Best matches first, then ${order.charAt(0).toLowerCase()}${order.slice(1)}` : order;
  }
  const column = SORTABLE_COLUMNS.find((entry) => entry.key === query.sort);
  return `${column ? column.label : 'Report order'}, ${direction}`;
}

/** The view model of the findings list page: selects with the current choice, sort links, pages. */
export function findingsListPage(query: ListFindingsQuery, result: ListResult, options: FilterOptions) {
  const select = (name: keyof FilterOptions, current: string | number | undefined) =>
    options[name].map((option) => ({ ...option, selected: current !== undefined && String(current) === option.value }));

  const activeFilters = findingFilterLabels(query, options).map((filter) => ({
    name: filter.label,
    label: filter.value,
    removeHref: findingsUrl(query, { [filter.key]: undefined, page: undefined }),
  }));

  const columns = SORTABLE_COLUMNS.map((column) => {
    const active = result.sort === column.key;
    const nextDir = active && result.dir === 'asc' ? 'desc' : 'asc';
    return {
      label: column.label,
      href: findingsUrl(query, { sort: column.key, dir: nextDir, page: undefined }),
      ariaSort: active ? (result.dir === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  });

  const pages = Array.from({ length: result.pageCount }, (_, index) => index + 1)
    .filter((number) => number === 1 || number === result.pageCount || Math.abs(number - result.page) <= 2)
    .map((number) => ({ number, href: findingsUrl(query, { page: number }), current: number === result.page }));

  const first = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  // A search marks the words it matched: in the title, and in a passage of the text when the title has none.
  const searched = query.q;
  const items = searched
    ? result.items.map((item) => {
        const titleParts = highlightWords(item.title, searched);
        return {
          ...item,
          titleParts,
          passage: titleParts.some((part) => part.mark) ? null : matchingPassage(item.text ?? '', searched),
        };
      })
    : result.items;
  return {
    pageTitle: 'Findings',
    nav: 'findings',
    query,
    result: { ...result, items },
    columns,
    activeFilters,
    clearHref: '/findings',
    // The same rows, every page of them, as a download.
    downloads: {
      csvHref: findingsUrl(query, { page: undefined }, '/findings/export.csv'),
      xlsxHref: findingsUrl(query, { page: undefined }, '/findings/export.xlsx'),
      what: 'every page of these findings',
    },
    range: { first, last: Math.min(result.total, result.page * result.pageSize) },
    pagination: {
      show: result.pageCount > 1,
      pages,
      previous: result.page > 1 ? findingsUrl(query, { page: result.page - 1 }) : null,
      next: result.page < result.pageCount ? findingsUrl(query, { page: result.page + 1 }) : null,
    },
    options: {
      forces: select('forces', query.force?.toUpperCase()),
      reports: select('reports', query.report),
      years: select('years', query.year),
      kinds: select('kinds', query.kind),
      statuses: select('statuses', query.status),
      owners: select('owners', query.owner),
      themes: select('themes', query.theme),
    },
  };
}
