import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BoardPack, BoardPackRow } from '../board-pack.types';
import { pdfText, renderPdf, tableColumnWidths } from './pdf';
import { chartAltText, packChartSpecs } from './charts';
import { packSections } from './pack-sections';
import { pdfStructure } from '../../../test/support/board-packs/pdf-structure';
import { pdfTextLines, readPdfFigures } from '../../../test/support/board-packs/read-back';
import { sampleBoardPack } from '../../../test/support/board-packs/sample-pack';

describe('pdfText', () => {
  it('keeps what the standard fonts can draw, in WinAnsi', () => {
    expect(pdfText('The force’s “Gold” group – £12,000 … café €5 — Œuvre')).toBe(
      'The force’s “Gold” group – £12,000 … café €5 — Œuvre',
    );
  });

  it('maps what they cannot draw', () => {
    expect(pdfText('Ŵyddgrug ŵ ŷ Ŷ')).toBe('Wyddgrug w y Y');
    expect(pdfText('Not started → In progress')).toBe('Not started to In progress');
    expect(pdfText('≥ 5 ≤ 6 ✓ −1')).toBe('>= 5 <= 6 v -1');
    expect(pdfText('emoji 🚓 and 中文')).toBe('emoji ? and ??');
    expect(pdfText('a\r\nb\rc\td\u0001e')).toBe('a\nb\nc d e');
  });
});

describe('renderPdf', () => {
  const pack = sampleBoardPack();
  let raw: Buffer;
  let lines: string[];

  beforeAll(async () => {
    raw = await renderPdf(pack, { compress: false });
    lines = pdfTextLines(raw);
  });

  it('is a PDF, compressed by default', async () => {
    const compressed = await renderPdf(pack);
    expect(compressed.subarray(0, 5).toString()).toBe('%PDF-');
    expect(raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(compressed.length).toBeLessThan(raw.length / 2);
    expect(compressed.toString('latin1')).toContain('/FlateDecode');
  });

  it('is A4 with a header and footer on every page: classification, date and page number', () => {
    const pages = lines.filter((line) => /^Page \d+ of \d+$/.test(line));
    expect(pages.length).toBeGreaterThan(5);
    expect(pages).toEqual(pages.map((_, index) => `Page ${index + 1} of ${pages.length}`));
    expect(lines.filter((line) => line === 'OFFICIAL').length).toBeGreaterThanOrEqual(pages.length * 2);
    expect(lines.filter((line) => line === '23 November 2026').length).toBeGreaterThanOrEqual(pages.length);
    expect(lines.filter((line) => line === 'Generated 23 November 2026 at 09:15')).toHaveLength(pages.length);
    expect(raw.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(raw.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/); // the landscape appendix
  });

  it('shows the summary figures', () => {
    const figures = readPdfFigures(raw);
    expect(figures.total).toBe(pack.summary.total);
    expect(figures.open).toBe(pack.summary.open);
    expect(figures.byStatus).toEqual(Object.fromEntries(pack.summary.byStatus.map((s) => [s.label, s.count])));
  });

  it('has every section, with the appendix listing every finding once', () => {
    for (const heading of [
      'Executive summary',
      'Charts',
      'Findings by report year and status',
      'Open findings over time',
      'Overdue findings',
      'Overdue actions',
      'Findings with no update for 90 days',
      'Claims awaiting verification',
      'Verified since 1 August 2026',
      'National recommendations not yet implemented',
      'Slippage',
      'Awaiting sign-off',
      'Section 55 PCC responses',
      'Appendix: every finding in scope',
    ]) {
      expect(lines).toContain(heading);
    }
    expect(readPdfFigures(raw).references).toEqual(pack.appendix.map((row) => row.reference));
  });

  it('draws the charts with their numbers', () => {
    const chartsAt = lines.indexOf('Charts');
    const chartLines = lines.slice(chartsAt, lines.indexOf('Overdue findings', chartsAt));
    for (const point of pack.charts.openTrend) {
      expect(chartLines).toContain(point.label);
      expect(chartLines).toContain(String(point.count));
    }
    for (const owner of pack.charts.openByOwner) {
      expect(chartLines).toContain(pdfText(owner.label));
    }
    // Vector bars: filled rectangles in the page content, not images.
    expect(raw.toString('latin1')).not.toContain('/Subtype /Image');
    expect((raw.toString('latin1').match(/ re\n/g) ?? []).length).toBeGreaterThan(30);
  });

  it('wraps long cells and repeats the header row on each page a table spans', async () => {
    const long = 'A very long update that goes on and on, with detail about every action taken. '.repeat(6);
    const rows: BoardPackRow[] = Array.from({ length: 120 }, (_, index) => ({
      ...pack.appendix[index % pack.appendix.length],
      reference: `BIG-2026-AFI-${String(index + 1).padStart(3, '0')}`,
      latestUpdate: index % 3 === 0 ? long : 'Short',
    }));
    const big: BoardPack = { ...pack, appendix: rows, summary: { ...pack.summary, total: rows.length } };
    const text = pdfTextLines(await renderPdf(big, { compress: false }));
    const appendix = text.slice(text.indexOf('Appendix: every finding in scope'));
    const headerRows = appendix.filter(
      (line, at) => line === 'Reference' && appendix[at + 1] === 'Title' && appendix[at + 2] === 'Report',
    );
    expect(headerRows.length).toBeGreaterThan(3);
    expect(appendix.filter((line) => line === '120 findings in scope (continued)').length).toBe(headerRows.length - 1);
    expect(appendix.filter((line) => /^BIG-2026-AFI-\d{3}$/.test(line))).toHaveLength(120);
    // The long updates are wrapped onto several lines each, and every word is there.
    expect(appendix.filter((line) => line.startsWith('A very long update')).length).toBeGreaterThanOrEqual(40);
    const words = appendix.join(' ').match(/\bdetail\b/g) ?? [];
    expect(words).toHaveLength(40 * 6);
  });

  it('cuts a cell taller than a page short rather than losing the table', async () => {
    const huge = 'Word '.repeat(5000);
    const big: BoardPack = { ...pack, appendix: [{ ...pack.appendix[0], latestUpdate: huge }] };
    const text = pdfTextLines(await renderPdf(big, { compress: false }));
    expect(text.some((line) => line.endsWith('…'))).toBe(true);
    expect(text).toContain(pack.appendix[0].reference);
  });

  it('can be read by a PDF reader (PDF.js), with its metadata', async () => {
    // unpdf's PDF.js build is an ES module, which Jest (CommonJS) cannot load: read it in Node itself.
    const folder = mkdtempSync(join(tmpdir(), 'board-pack-pdf-'));
    try {
      const file = join(folder, 'pack.pdf');
      writeFileSync(file, await renderPdf(pack));
      const script = [
        "import { readFileSync } from 'node:fs';",
        "import { extractText, getDocumentProxy, getMeta } from 'unpdf';",
        'const document = await getDocumentProxy(new Uint8Array(readFileSync(process.argv[1])));',
        'const { text, totalPages } = await extractText(document, { mergePages: true });',
        'const { info } = await getMeta(document);',
        'process.stdout.write(JSON.stringify({ text, totalPages, title: info.Title, author: info.Author }));',
      ].join('\n');
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
        cwd: __dirname,
        encoding: 'utf8',
      });
      const read = JSON.parse(output) as { text: string; totalPages: number; title: string; author: string };
      expect(read.totalPages).toBe(lines.filter((line) => /^Page \d+ of \d+$/.test(line)).length);
      for (const row of pack.appendix) {
        expect(read.text).toContain(row.reference);
      }
      expect(read.text).toContain('Implemented – awaiting verification');
      expect(read.text).toContain('Wyddgrug');
      expect(read.title).toBe(pack.meta.title);
      expect(read.author).toBe(pack.meta.generatedBy);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('is a pure function of the pack', async () => {
    expect((await renderPdf(pack, { compress: false })).equals(raw)).toBe(true);
  });
});

describe('tableColumnWidths', () => {
  const columns = [
    { heading: 'Reference', weight: 1, noWrap: true },
    { heading: 'Title', weight: 3 },
    { heading: 'Owner', weight: 1 },
  ];
  // 5 points a character, whatever the font.
  const needed = (text: string) => text.length * 5;

  it('widens a reference column to its longest value and shares the rest by weight', () => {
    const widths = tableColumnWidths(
      {
        columns,
        rows: [
          ['AB-1', 'x', 'y'],
          ['DER-2025-AFI-01', 'x', 'y'],
        ],
      },
      300,
      needed,
    );
    expect(widths[0]).toBe(75);
    expect(widths[1]).toBeCloseTo(225 * 0.75);
    expect(widths[2]).toBeCloseTo(225 * 0.25);
    expect(widths.reduce((sum, one) => sum + one, 0)).toBeCloseTo(300);
  });

  it('keeps the weighted width when the references fit, and caps a very long one', () => {
    expect(tableColumnWidths({ columns, rows: [['A-1', 'x', 'y']] }, 500, needed)).toEqual([100, 300, 100]);
    const capped = tableColumnWidths({ columns, rows: [['X'.repeat(100), 'x', 'y']] }, 500, needed);
    expect(capped[0]).toBeCloseTo(175);
  });

  it('leaves a table without such a column as weighted', () => {
    const plain = columns.map((column) => ({ heading: column.heading, weight: column.weight }));
    expect(tableColumnWidths({ columns: plain, rows: [['DER-2025-AFI-01', 'x', 'y']] }, 500, needed)).toEqual([
      100, 300, 100,
    ]);
  });
});

describe('references in PDF tables', () => {
  it('keeps every reference on one line, in every table, portrait and landscape', async () => {
    const base = sampleBoardPack();
    const reference = 'DER-2025-AFI-01';
    const row = { ...base.appendix[0], reference, title: 'A long title '.repeat(8) };
    const pack: BoardPack = {
      ...base,
      appendix: [row, ...base.appendix.slice(1)],
      overdueFindings: [row],
      overdueActions: [
        {
          reference,
          description: 'An action '.repeat(10),
          owner: null,
          dueDate: '2026-01-31',
          statusLabel: 'In progress',
        },
      ],
    };
    const lines = pdfTextLines(await renderPdf(pack, { compress: false }));
    expect(lines.filter((line) => line === reference).length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((line) => line === 'DER-2025-A' || line === 'DER-2025-' || line === 'FI-01')).toEqual([]);
  });
});

describe('the tagged PDF', () => {
  const pack = sampleBoardPack();

  it('is marked, in British English, shows its title, and has a structure tree', async () => {
    const structure = pdfStructure(await renderPdf(pack));
    expect(structure).toMatchObject({
      lang: 'en-GB',
      marked: true,
      hasStructTreeRoot: true,
      displayDocTitle: true,
      title: pack.meta.title,
    });
  });

  it('tags the title, the sections’ headings, paragraphs, lists, tables and figures', async () => {
    const { elementTypes, columnHeaders } = pdfStructure(await renderPdf(pack));
    const count = (type: string) => elementTypes.filter((t) => t === type).length;
    expect(count('Document')).toBe(1);
    expect(count('H1')).toBe(1);
    // One H2 for each section.
    expect(count('H2')).toBe(packSections(pack).length);
    expect(count('Figure')).toBe(4);
    expect(count('L')).toBeGreaterThanOrEqual(1);
    expect(count('LI')).toBe(pack.summary.changes.length);
    // Every table has a header row of column headers; the appendix has a data row for each finding.
    expect(count('Table')).toBeGreaterThanOrEqual(10);
    expect(count('TH')).toBe(columnHeaders);
    expect(count('TR')).toBeGreaterThan(pack.appendix.length + count('Table'));
    expect(count('TD')).toBeGreaterThanOrEqual(pack.appendix.length * 8);
  });

  it('gives each chart its figures as alternative text', async () => {
    const { figureAlts } = pdfStructure(await renderPdf(pack));
    expect(figureAlts).toEqual(packChartSpecs(pack).map((spec) => pdfText(chartAltText(spec))));
    const trend = figureAlts[3];
    for (const point of pack.charts.openTrend) {
      expect(trend).toContain(`${point.label}, ${point.count}`);
    }
  });
});
