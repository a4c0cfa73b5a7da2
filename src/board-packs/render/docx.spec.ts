import JSZip from 'jszip';
import { APPENDIX_COLUMNS } from '../board-pack.types';
import { renderDocx } from './docx';
import { docxParagraphs, docxTables, readDocxFigures, readDocxXml } from '../../../test/support/board-packs/read-back';
import { sampleBoardPack } from '../../../test/support/board-packs/sample-pack';

/** Each table in WordprocessingML as raw XML: its properties, and each row's properties and cells. */
function rawTables(xml: string) {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) => ({
    props: table[1].match(/<w:tblPr>[\s\S]*?<\/w:tblPr>/)?.[0] ?? '',
    rows: [...table[1].matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) => ({
      props: row[1].match(/<w:trPr>[\s\S]*?<\/w:trPr>/)?.[0] ?? '',
      cells: [...row[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => cell[1]),
    })),
  }));
}

describe('renderDocx', () => {
  const pack = sampleBoardPack();
  let buffer: Buffer;
  let zip: JSZip;
  let xml: string;

  beforeAll(async () => {
    buffer = await renderDocx(pack);
    zip = await JSZip.loadAsync(buffer);
    xml = await readDocxXml(buffer);
  });

  const part = (name: string) => zip.file(name)!.async('string');
  const parts = (pattern: RegExp) =>
    Promise.all(
      Object.keys(zip.files)
        .filter((name) => pattern.test(name))
        .map((name) => part(name)),
    );

  it('is a Word document (a zip with word/document.xml)', () => {
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    expect(zip.file('word/document.xml')).not.toBeNull();
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
  });

  it('has the headline figures, the counts by status and by RAG', async () => {
    const figures = await readDocxFigures(buffer);
    expect(figures.total).toBe(pack.summary.total);
    expect(figures.open).toBe(pack.summary.open);
    expect(figures.byStatus).toEqual(Object.fromEntries(pack.summary.byStatus.map((s) => [s.label, s.count])));
    const rag = docxTables(xml).find((table) => table[0][0] === 'RAG rating')!;
    expect(rag.slice(1)).toEqual(pack.summary.byRag.map((r) => [r.label, String(r.count)]));
  });

  it('has the appendix table with every reference, with text kept as written', () => {
    const appendix = docxTables(xml).find(
      (table) => table[0].join() === APPENDIX_COLUMNS.map((c) => c.heading).join(),
    )!;
    expect(appendix.slice(1).map((row) => row[0])).toEqual(pack.appendix.map((row) => row.reference));
    const titles = appendix.slice(1).map((row) => row[1]);
    expect(titles).toContain("=cmd|' /C calc'!A1");
    expect(titles).toContain('<script>alert("pwned")</script> should be shown as text');
    expect(titles).toContain('Supervisors should review cases\nwithin 28 days\nand record the review');
    expect(titles.some((title) => title.includes('Ŵyddgrug') && title.includes('force’s'))).toBe(true);
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toContain('<script>');
  });

  it('has a heading for every section, the charts as tables of figures, and the audit head hash', () => {
    const paragraphs = docxParagraphs(xml);
    for (const heading of [
      'Executive summary',
      'Charts',
      'Overdue findings',
      'Overdue actions',
      'Claims awaiting verification',
      'Slippage',
      'Awaiting sign-off',
      'Section 55 PCC responses',
      'Appendix: every finding in scope',
    ]) {
      expect(paragraphs).toContain(heading);
    }
    expect(xml).toContain('w:val="Heading1"');
    const tables = docxTables(xml);
    const byYear = tables.find((table) => table[0][0] === 'Report year')!;
    expect(byYear.slice(1).map((row) => row[0])).toEqual(pack.charts.statusByYear.categories);
    const trend = tables.find((table) => table[0][0] === 'Period')!;
    expect(trend.slice(1)).toEqual(pack.charts.openTrend.map((p) => [p.label, String(p.count)]));
    expect(xml).toContain(pack.meta.auditHead!.hash);
  });

  it('lists the evidence of claims and the board’s decisions', () => {
    const claims = docxTables(xml).find((table) => table[0].join() === 'Reference,Title,Owner,Evidence')!;
    expect(claims).toHaveLength(pack.awaitingVerification.length + 1);
    expect(claims[1][3]).toContain(pack.awaitingVerification[0].evidence[0].sha256!);
    expect(xml).toContain('Agreed to close, subject to audit (12 November 2026)');
    expect(xml).toContain('Awaiting decision');
  });

  it('marks every page with the classification, the title and force, the page number and the generation date', async () => {
    const headers = await parts(/^word\/header\d+\.xml$/);
    const footers = await parts(/^word\/footer\d+\.xml$/);
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) {
      expect(header).toContain('>OFFICIAL<');
      expect(header).toContain('Progress on inspection findings: Dyfed-Powys Police');
    }
    for (const footer of footers) {
      expect(footer).toContain('>OFFICIAL<');
      expect(footer).toMatch(/PAGE/);
      expect(footer).toMatch(/NUMPAGES/);
      expect(footer).toContain('Generated 23 November 2026 at 09:15');
    }
  });

  it('puts the appendix on A4 landscape pages, the rest on A4 portrait, with repeating table headers', () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(xml).toContain('<w:tblHeader/>');
  });

  it('records the title and author in the document properties', async () => {
    const core = await part('docProps/core.xml');
    expect(core).toContain('<dc:title>Progress on inspection findings: Dyfed-Powys Police</dc:title>');
    expect(core).toContain('<dc:creator>Carys O’Neill (Performance &amp; Ŵelsh Language Unit)</dc:creator>');
  });

  it('marks every table’s header row to repeat on each page, shaded and bold, with fixed layout and borders on every cell', () => {
    const tables = rawTables(xml);
    expect(tables.length).toBe(docxTables(xml).length);
    for (const table of tables) {
      expect(table.props).toContain('<w:tblLayout w:type="fixed"/>');
      for (const edge of ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']) {
        expect(table.props).toMatch(new RegExp(`<w:${edge} w:val="single" w:color="B1B4B6" w:sz="4"`));
      }
      const [heading, ...rows] = table.rows;
      expect(heading.props).toContain('<w:tblHeader/>');
      for (const cell of heading.cells) {
        expect(cell).toContain('<w:shd w:val="clear" w:color="auto" w:fill="DEE0E2"/>');
        expect(cell).toContain('<w:b/>');
      }
      for (const row of rows) {
        expect(row.props).toContain('<w:cantSplit/>');
        expect(row.props).not.toContain('<w:tblHeader/>');
        expect(row.cells.join()).not.toContain('<w:shd');
      }
    }
    expect(xml).not.toContain('@@TABLE-');
  });

  it('right-aligns the columns of figures and only those', () => {
    const texts = docxTables(xml);
    const at = texts.findIndex((table) => table[0].join() === 'Status,Findings');
    const status = rawTables(xml)[at];
    expect(texts[at].slice(1)).toEqual(pack.summary.byStatus.map((s) => [s.label, String(s.count)]));
    for (const row of status.rows) {
      expect(row.cells[0]).not.toContain('<w:jc ');
      expect(row.cells[1]).toContain('<w:jc w:val="right"/>');
    }
  });

  it('keeps markup, ampersands and quotes in cells as text, and drops characters XML forbids', async () => {
    const awkward = sampleBoardPack();
    const title = `Tom & Jerry's <script>&"'</script>`;
    awkward.appendix[0] = { ...awkward.appendix[0], title: `${title}\u0001`, owner: 'O’Neill & "Sons" <b>' };
    const awkwardXml = await readDocxXml(await renderDocx(awkward));
    const appendix = docxTables(awkwardXml).find(
      (table) => table[0].join() === APPENDIX_COLUMNS.map((c) => c.heading).join(),
    )!;
    expect(appendix[1][1]).toBe(title);
    expect(appendix[1][3]).toBe('O’Neill & "Sons" <b>');
    expect(awkwardXml).toContain(`Tom &amp; Jerry's &lt;script&gt;&amp;"'&lt;/script&gt;`);
    expect(awkwardXml).not.toContain('<script>');
    expect(awkwardXml).not.toContain('<b>');
    expect(awkwardXml).not.toContain('\u0001');
  });
});
