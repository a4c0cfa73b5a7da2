import {
  aboutLines,
  describeExport,
  exportFileName,
  exportTable,
  NO_FILTERS,
  organisationOf,
  type ExportValue,
} from './export-document';

const staff = {
  username: 'sam.staff',
  displayName: 'Sam Staff',
  role: 'force_staff' as const,
  forceCode: 'CHE',
  forceName: 'Cheshire Constabulary',
};
const inspector = {
  ...staff,
  username: 'ivy',
  displayName: 'Ivy Inspector',
  role: 'inspector' as const,
  forceCode: null,
  forceName: null,
};

describe('About this export', () => {
  it('names the reader, their role and organisation, and when', () => {
    const about = describeExport('Findings', staff, [], [], '2026-11-28T13:05:00.000Z');
    expect(aboutLines(about)).toEqual([
      ['Export', 'Findings'],
      ['Exported by', 'Sam Staff (sam.staff), Force staff'],
      ['Exported at', '28 November 2026 at 13:05 UK time (2026-11-28T13:05:00.000Z)'],
      ['Organisation', 'Cheshire Constabulary (CHE)'],
      ['Filters', NO_FILTERS],
    ]);
  });

  it('writes each filter with its label, then the notes', () => {
    const about = describeExport(
      'Findings',
      inspector,
      [
        { label: 'Status', value: 'Remains unimplemented' },
        { label: 'Kind', value: 'Area for improvement' },
      ],
      [{ label: 'Order', value: 'Target date, ascending' }],
      '2026-07-01T09:00:00.000Z',
    );
    expect(aboutLines(about).slice(3)).toEqual([
      ['Organisation', 'All organisations (inspector)'],
      ['Filter: Status', 'Remains unimplemented'],
      ['Filter: Kind', 'Area for improvement'],
      ['Order', 'Target date, ascending'],
    ]);
    // British Summer Time on the page's clock, UTC in brackets.
    expect(aboutLines(about)[2][1]).toBe('1 July 2026 at 10:00 UK time (2026-07-01T09:00:00.000Z)');
  });

  it('says which organisation a reader without a force sees', () => {
    expect(organisationOf({ ...inspector, role: 'administrator' })).toBe('All organisations (administrator)');
    expect(organisationOf({ ...staff, forceName: null })).toBe('CHE (CHE)');
  });
});

describe('exportTable', () => {
  it('puts each row of each chunk through the columns, keeping the order', async () => {
    // Chunks as a query would give them, one at a time.
    async function* chunks() {
      for (const chunk of [[{ n: 1 }, { n: 2 }], [], [{ n: 3 }]]) {
        yield await Promise.resolve(chunk);
      }
    }
    const table = exportTable(
      'Numbers',
      [
        { heading: 'N', type: 'number', value: (row: { n: number }) => row.n },
        { heading: 'Twice', width: 30, value: (row: { n: number }) => String(row.n * 2) },
      ],
      chunks(),
    );
    expect(table.headings).toEqual(['N', 'Twice']);
    expect(table.types).toEqual(['number', 'text']);
    expect(table.widths).toEqual([18, 30]);
    const rows: ExportValue[][] = [];
    for await (const chunk of table.rows) {
      rows.push(...chunk);
    }
    expect(rows).toEqual([
      [1, '2'],
      [2, '4'],
      [3, '6'],
    ]);
  });

  it('names the file by the list and the day', () => {
    const about = describeExport('Findings', staff, [], [], '2026-11-28T23:59:00.000Z');
    expect(exportFileName({ about, fileName: 'findings' }, 'xlsx')).toBe('findings-2026-11-28.xlsx');
  });
});
