import { APPENDIX_COLUMNS } from '../board-pack.types';
import { csvField, renderAppendixCsv } from './csv';
import { parseCsv, unguardCsvField } from '../../../test/support/board-packs/read-back';
import { sampleBoardPack } from '../../../test/support/board-packs/sample-pack';

describe('csvField', () => {
  it('quotes fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hello"')).toBe('"say ""hello"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('guards cells a spreadsheet would run as a formula', () => {
    expect(csvField("=cmd|' /C calc'!A1")).toBe("'=cmd|' /C calc'!A1");
    expect(csvField('+44 123')).toBe("'+44 123");
    expect(csvField('-1 officers')).toBe("'-1 officers");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tTabbed')).toBe("'\tTabbed");
    expect(csvField('\rReturn')).toBe('"\'\rReturn"');
    expect(csvField('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvField('a = b')).toBe('a = b');
    expect(csvField('Ŵyddgrug – “quoted” ’')).toBe('Ŵyddgrug – “quoted” ’');
  });
});

describe('renderAppendixCsv', () => {
  const pack = sampleBoardPack();
  const csv = renderAppendixCsv(pack);

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(csv.startsWith('\uFEFFReference,Title,Report,Owner,Status,Target date,RAG,Latest update\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('has the heading row and one record per finding, which read back as the pack', () => {
    const records = parseCsv(csv);
    expect(records[0]).toEqual(APPENDIX_COLUMNS.map((c) => c.heading));
    expect(records).toHaveLength(pack.appendix.length + 1);
    pack.appendix.forEach((row, index) => {
      const record = records[index + 1].map(unguardCsvField);
      expect(record).toEqual([
        row.reference,
        row.title,
        row.report,
        row.owner ?? '',
        row.statusLabel,
        row.targetDate ?? '',
        row.ragLabel ?? '',
        row.latestUpdate ?? '',
      ]);
    });
  });

  it('writes dates as YYYY-MM-DD', () => {
    const records = parseCsv(csv).slice(1);
    const dates = records.map((r) => r[5]).filter((d) => d !== '');
    expect(dates.length).toBeGreaterThan(20);
    for (const date of dates) {
      expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('keeps awkward text intact and guarded', () => {
    expect(csv).toContain(`,"The force should improve vetting, ""aftercare"" and re-vetting, with clear timescales",`);
    expect(csv).toContain(`,'=cmd|' /C calc'!A1,`);
    expect(csv).toContain(`,"Supervisors should review cases\nwithin 28 days\r\nand record the review",`);
    expect(csv).toContain(`,"<script>alert(""pwned"")</script> should be shown as text",`);
    expect(csv).toContain('Ŵyddgrug');
    expect(csv).toContain('force’s');
    // No unguarded field starts a formula.
    for (const record of parseCsv(csv)) {
      for (const field of record) {
        expect(field).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it('is a header row alone when nothing is in scope', () => {
    expect(renderAppendixCsv({ ...pack, appendix: [] })).toBe(
      '\uFEFFReference,Title,Report,Owner,Status,Target date,RAG,Latest update\r\n',
    );
  });
});
