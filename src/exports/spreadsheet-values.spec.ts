import { EXCEL_CELL_LIMIT, excelDate, excelText, xmlSafe } from './spreadsheet-values';

describe('spreadsheet values', () => {
  it('removes characters XML forbids and keeps the rest', () => {
    expect(xmlSafe('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
    expect(xmlSafe('Ŵyddgrug – “quoted” 😀')).toBe('Ŵyddgrug – “quoted” 😀');
  });

  it('writes line breaks as Excel does and cuts text longer than a cell holds, saying so', () => {
    expect(excelText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
    const long = excelText('x'.repeat(EXCEL_CELL_LIMIT + 10));
    expect(long).toHaveLength(EXCEL_CELL_LIMIT);
    expect(long.endsWith('[…cut: the full text is in the tracker]')).toBe(true);
    expect(excelText('=SUM(A1)')).toBe('=SUM(A1)');
  });

  it('reads a date as midnight UTC', () => {
    expect(excelDate('2025-08-01').toISOString()).toBe('2025-08-01T00:00:00.000Z');
    expect(excelDate('2025-08-01T10:00:00Z').toISOString()).toBe('2025-08-01T00:00:00.000Z');
  });
});
