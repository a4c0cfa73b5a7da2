import { PassThrough } from 'node:stream';
import { ValueType, Workbook } from 'exceljs';
import { describeExport, exportTable } from './export-document';
import { excelValue, sheetName, writeXlsx } from './xlsx-export';

describe('sheetName', () => {
  it('keeps to what Excel accepts, and makes each name unique', () => {
    const used = new Set<string>();
    expect(sheetName('Findings', used)).toBe('Findings');
    expect(sheetName('findings', used)).toBe('findings (2)');
    expect(sheetName('What: [a/b]?', used)).toBe('What   a b');
    expect(sheetName('A name much longer than thirty-one characters', used)).toHaveLength(31);
    expect(sheetName('', used)).toBe('Sheet');
  });
});

describe('excelValue', () => {
  it('writes dates as dates, numbers as numbers, and text as text', () => {
    expect(excelValue('2026-03-31', 'date')).toEqual(new Date(Date.UTC(2026, 2, 31)));
    expect(excelValue('2026-03-31T10:15:00.000Z', 'timestamp')).toEqual(new Date('2026-03-31T10:15:00.000Z'));
    expect(excelValue(7, 'number')).toBe(7);
    expect(excelValue('=SUM(A1)', 'text')).toBe('=SUM(A1)');
    expect(excelValue('', 'text')).toBeNull();
    expect(excelValue(null, 'date')).toBeNull();
  });
});

describe('writeXlsx', () => {
  it('streams a workbook: About this export first, then each table with its rows, text never a formula', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const rows = [
      { reference: 'DER-2025-AFI-01', title: '=HYPERLINK("x","y")', target: '2026-03-31', count: 3 },
      { reference: 'DER-2025-AFI-02', title: '@SUM(A1)', target: null, count: 0 },
    ];
    const columns = [
      { heading: 'Reference', value: (row: (typeof rows)[number]) => row.reference },
      { heading: 'Title', value: (row: (typeof rows)[number]) => row.title },
      { heading: 'Target date', type: 'date' as const, value: (row: (typeof rows)[number]) => row.target },
      { heading: 'Actions', type: 'number' as const, value: (row: (typeof rows)[number]) => row.count },
    ];
    await writeXlsx(
      {
        about: describeExport(
          'Findings',
          { username: 'ivy', displayName: 'Ivy', role: 'inspector', forceCode: null, forceName: null },
          [{ label: 'Kind', value: 'Area for improvement' }],
          [],
          '2026-11-28T13:05:00.000Z',
        ),
        fileName: 'findings',
        tables: [
          exportTable('Findings', columns, [rows.slice(0, 1), rows.slice(1)]),
          exportTable('Empty', columns, []),
        ],
      },
      output,
    );
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['About this export', 'Findings', 'Empty']);
    const about = workbook.worksheets[0];
    expect(about.getRow(1).getCell(1).value).toBe('About this export');
    expect(about.getRow(6).values).toEqual([undefined, 'Filter: Kind', 'Area for improvement']);

    const sheet = workbook.getWorksheet('Findings')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Reference', 'Title', 'Target date', 'Actions']);
    expect(sheet.getRow(2).getCell(2).type).toBe(ValueType.String);
    expect(sheet.getRow(2).getCell(2).value).toBe('=HYPERLINK("x","y")');
    expect(sheet.getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(2026, 2, 31)));
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getRow(2).getCell(4).value).toBe(3);
    expect(sheet.getRow(3).getCell(2).value).toBe('@SUM(A1)');
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    expect(sheet.rowCount).toBe(3);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(workbook.getWorksheet('Empty')!.rowCount).toBe(1);
  });
});
