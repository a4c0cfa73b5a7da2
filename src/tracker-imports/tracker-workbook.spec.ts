import { Workbook as ExcelWorkbook } from 'exceljs';
import JSZip from 'jszip';
import { MAX_EXPANDED_WORKBOOK_BYTES, MAX_TRACKER_ROWS, readWorkbook, TrackerFileError } from './tracker-workbook';

async function xlsx(build: (workbook: ExcelWorkbook) => void): Promise<Buffer> {
  const workbook = new ExcelWorkbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading a tracker workbook', () => {
  it('reads merged cells in each cell they cover, rich text as text and formulas as their results', async () => {
    const bytes = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('Tracker');
      sheet.getCell('A1').value = 'Title';
      sheet.mergeCells('A1:C1');
      sheet.getCell('A3').value = { richText: [{ text: 'Ref' }, { text: ' no.' }] };
      sheet.getCell('B3').value = { formula: '1+1', result: 2 };
      sheet.getCell('C3').value = new Date(Date.UTC(2025, 2, 31));
    });
    const { format, sheets } = await readWorkbook('t.xlsx', bytes);
    expect(format).toBe('xlsx');
    expect(sheets[0].rows).toEqual([['Title', 'Title', 'Title'], [], ['Ref no.', 2, new Date(Date.UTC(2025, 2, 31))]]);
  });

  it('refuses an old .xls workbook, an empty file and a sheet too long to preview', async () => {
    await expect(readWorkbook('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).rejects.toThrow(
      'old.xls is an Excel 97–2003 workbook (.xls): open it in Excel and save it as an Excel workbook (.xlsx) or CSV.',
    );
    await expect(readWorkbook('empty.csv', Buffer.alloc(0))).rejects.toThrow(TrackerFileError);
    const long = Buffer.from(`Ref\n${Array.from({ length: MAX_TRACKER_ROWS + 1 }, (_, i) => `R-${i}`).join('\n')}\n`);
    await expect(readWorkbook('long.csv', long)).rejects.toThrow('has more than 5,000 rows');
  });

  it('reads a CSV file as one sheet, saying how it was read', async () => {
    const { format, reading, sheets } = await readWorkbook('board tracker.csv', Buffer.from('Ref\tOwner\nA-1\tPSD\n'));
    expect(format).toBe('csv');
    expect(reading).toBe('UTF-8, separated by tabs');
    expect(sheets).toEqual([
      {
        name: 'board tracker',
        rows: [
          ['Ref', 'Owner'],
          ['A-1', 'PSD'],
        ],
      },
    ]);
  });
});

describe('a workbook that expands beyond what a tracker holds', () => {
  it('is refused from its zip directory, before it is opened', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', ' '.repeat(MAX_EXPANDED_WORKBOOK_BYTES + 1));
    const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    await expect(readWorkbook('bomb.xlsx', bytes)).rejects.toThrow(
      'bomb.xlsx holds 25 MB once opened: a tracker’s workbook holds at most 25 MB.',
    );
  });
});
