import { parseCsv } from '../../test/support/board-packs/read-back';
import { csvPieces, csvValue } from './csv-export';
import { describeExport, exportTable, type ExportDocument } from './export-document';

const reader = {
  username: 'sam.staff',
  displayName: 'Sam Staff',
  role: 'force_staff' as const,
  forceCode: 'WSX',
  forceName: 'Wessex Constabulary',
};

async function text(document: ExportDocument): Promise<string> {
  let out = '';
  for await (const piece of csvPieces(document)) {
    out += piece;
  }
  return out;
}

const findings = [
  { reference: 'WSX-2025-AFI-01', title: '=cmd|’ /C calc’!A1', target: '2026-03-31T00:00:00.000Z' },
  { reference: 'WSX-2025-AFI-02', title: 'Improve vetting, "aftercare"', target: null },
];

describe('csvValue', () => {
  it('writes dates as YYYY-MM-DD and nothing as empty', () => {
    expect(csvValue('2026-03-31', 'date')).toBe('2026-03-31');
    expect(csvValue('2026-03-31T10:00:00.000Z', 'date')).toBe('2026-03-31');
    expect(csvValue('2026-03-31T10:00:00.000Z', 'timestamp')).toBe('2026-03-31T10:00:00.000Z');
    expect(csvValue(12, 'number')).toBe('12');
    expect(csvValue(null, 'text')).toBe('');
    expect(csvValue(undefined, 'date')).toBe('');
  });
});

describe('csvPieces', () => {
  const columns = [
    { heading: 'Reference', value: (row: (typeof findings)[number]) => row.reference },
    { heading: 'Title', value: (row: (typeof findings)[number]) => row.title },
    { heading: 'Target date', type: 'date' as const, value: (row: (typeof findings)[number]) => row.target },
  ];

  it('writes a BOM, the About block with the filters, a blank line, then the heading row and the rows', async () => {
    const csv = await text({
      about: describeExport('Findings', reader, [{ label: 'Owner', value: '@PSD' }], [], '2026-11-28T13:05:00.000Z'),
      fileName: 'findings',
      tables: [exportTable('Findings', columns, [findings.slice(0, 1), findings.slice(1)])],
    });
    expect(csv.startsWith('\uFEFFAbout this export\r\nExport,Findings\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['About this export'],
      ['Export', 'Findings'],
      ['Exported by', 'Sam Staff (sam.staff), Force staff'],
      ['Exported at', '28 November 2026 at 13:05 UK time (2026-11-28T13:05:00.000Z)'],
      ['Organisation', 'Wessex Constabulary (WSX)'],
      ['Filter: Owner', "'@PSD"],
      [''],
      ['Reference', 'Title', 'Target date'],
      ['WSX-2025-AFI-01', "'=cmd|’ /C calc’!A1", '2026-03-31'],
      ['WSX-2025-AFI-02', 'Improve vetting, "aftercare"', ''],
    ]);
  });

  it('puts each of several tables under its name, a blank line between them', async () => {
    const csv = await text({
      about: describeExport('My work', reader, [], [], '2026-11-28T13:05:00.000Z'),
      fileName: 'my-work',
      tables: [exportTable('Findings you own', columns, [findings]), exportTable('Actions you own', columns, [[]])],
    });
    const records = parseCsv(csv);
    const start = records.findIndex((record) => record[0] === 'Findings you own');
    expect(records.slice(start)).toEqual([
      ['Findings you own'],
      ['Reference', 'Title', 'Target date'],
      ['WSX-2025-AFI-01', "'=cmd|’ /C calc’!A1", '2026-03-31'],
      ['WSX-2025-AFI-02', 'Improve vetting, "aftercare"', ''],
      [''],
      ['Actions you own'],
      ['Reference', 'Title', 'Target date'],
    ]);
  });
});
