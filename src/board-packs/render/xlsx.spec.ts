import { ValueType, Workbook } from 'exceljs';
import { APPENDIX_COLUMNS } from '../board-pack.types';
import { readXlsxFigures } from '../../../test/support/board-packs/read-back';
import { sampleBoardPack } from '../../../test/support/board-packs/sample-pack';
import { APPENDIX_SHEET, renderXlsx, SUMMARY_SHEET } from './xlsx';

async function load(buffer: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

describe('renderXlsx', () => {
  const pack = sampleBoardPack();
  let buffer: Buffer;
  let workbook: Workbook;

  beforeAll(async () => {
    buffer = await renderXlsx(pack);
    workbook = await load(buffer);
  });

  it('is an .xlsx (zip) with a Summary and an Appendix sheet', () => {
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([SUMMARY_SHEET, APPENDIX_SHEET]);
    expect(workbook.title).toBe(pack.meta.title);
    expect(workbook.creator).toBe(pack.meta.generatedBy);
  });

  it('has the same figures on the Summary sheet as the pack', async () => {
    const figures = await readXlsxFigures(buffer);
    expect(figures.total).toBe(pack.summary.total);
    expect(figures.open).toBe(pack.summary.open);
    expect(figures.byStatus).toEqual(Object.fromEntries(pack.summary.byStatus.map((s) => [s.label, s.count])));
  });

  it('shows the classification, the audit chain head and the counts by RAG on the Summary sheet', () => {
    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    const pairs = new Map<string, unknown>();
    summary.eachRow((row) => pairs.set(row.getCell(1).text, row.getCell(2).value));
    expect(pairs.get('Classification')).toBe('OFFICIAL');
    expect(pairs.get('Audit chain head hash')).toBe(pack.meta.auditHead!.hash);
    expect(pairs.get('Audit chain head entry')).toBe(pack.meta.auditHead!.id);
    for (const rag of pack.summary.byRag) {
      expect(pairs.get(rag.label)).toBe(rag.count);
    }
    expect(summary.headerFooter.oddHeader).toContain('OFFICIAL');
  });

  it('has the appendix rows as in the pack, with real dates and text never taken as a formula', () => {
    const sheet = workbook.getWorksheet(APPENDIX_SHEET)!;
    expect(sheet.rowCount).toBe(pack.appendix.length + 1);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(APPENDIX_COLUMNS.map((c) => c.heading));
    pack.appendix.forEach((expected, index) => {
      const row = sheet.getRow(index + 2);
      APPENDIX_COLUMNS.forEach((column, at) => {
        const cell = row.getCell(at + 1);
        if (column.key === 'targetDate') {
          if (expected.targetDate) {
            expect(cell.type).toBe(ValueType.Date);
            expect((cell.value as Date).toISOString().slice(0, 10)).toBe(expected.targetDate);
            expect(cell.numFmt).toBe('dd/mm/yyyy');
          } else {
            expect(cell.value).toBeNull();
          }
          return;
        }
        const value = expected[column.key];
        expect(cell.value ?? null).toBe(typeof value === 'string' ? value.replace(/\r\n/g, '\n') : value);
        if (typeof value === 'string') {
          expect(cell.type).toBe(ValueType.String);
        }
      });
    });
    const formulaLike = sheet.getRow(pack.appendix.findIndex((row) => row.title.startsWith('=')) + 2).getCell(2);
    expect(formulaLike.type).toBe(ValueType.String);
    expect(formulaLike.value).toBe("=cmd|' /C calc'!A1");
  });

  it('fills each RAG cell with its colour, and wraps the long text columns', () => {
    const sheet = workbook.getWorksheet(APPENDIX_SHEET)!;
    const ragColumn = APPENDIX_COLUMNS.findIndex((c) => c.key === 'ragLabel') + 1;
    const fills = { Red: 'FFF4CCC4', Amber: 'FFFDE2C4', Green: 'FFCCE2D8' } as Record<string, string>;
    expect(new Set(pack.appendix.map((row) => row.ragLabel))).toEqual(new Set([...Object.keys(fills), null]));
    pack.appendix.forEach((expected, index) => {
      const cell = sheet.getRow(index + 2).getCell(ragColumn);
      const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
      expect({ row: index + 2, fill: fill?.fgColor?.argb ?? null }).toEqual({
        row: index + 2,
        fill: expected.ragLabel ? fills[expected.ragLabel] : null,
      });
      for (const key of ['title', 'report', 'latestUpdate'] as const) {
        const column = APPENDIX_COLUMNS.findIndex((c) => c.key === key) + 1;
        expect({ row: index + 2, key, wrapped: sheet.getRow(index + 2).getCell(column).alignment?.wrapText }).toEqual({
          row: index + 2,
          key,
          wrapped: true,
        });
      }
    });
  });

  it('has a bold frozen header row, an auto-filter and sensible widths', () => {
    const sheet = workbook.getWorksheet(APPENDIX_SHEET)!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeDefined();
    const widths = APPENDIX_COLUMNS.map((_, at) => sheet.getColumn(at + 1).width ?? 0);
    for (const width of widths) {
      expect(width).toBeGreaterThanOrEqual(8);
      expect(width).toBeLessThanOrEqual(80);
    }
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.printTitlesRow).toBe('1:1');
  });

  it('keeps non-ASCII text', () => {
    const sheet = workbook.getWorksheet(APPENDIX_SHEET)!;
    const titles: string[] = [];
    sheet.getColumn(2).eachCell((cell) => titles.push(cell.text));
    expect(titles.some((title) => title.includes('Ŵyddgrug') && title.includes('force’s'))).toBe(true);
  });
});
