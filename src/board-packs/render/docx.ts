/**
 * The pack as an editable Word document (docx): board papers are edited before circulation, so
 * this is real Word structure (heading styles, bulleted lists, tables with repeating header rows),
 * not a picture of a page. Every page carries the classification marking top and bottom, the
 * title and force in the header, and the page number and generation date in the footer. Charts
 * appear as PNG pictures (Word does not take inline SVG reliably; chart-png.ts draws them), each with its figures as
 * alternative text and followed by a table of them.
 *
 * The docx library builds the document around the tables (styles, bullets, headings, sections,
 * headers and footers), but a big pack has tens of thousands of table cells, and the library's
 * per-object XML preparation takes seconds for them. So each table goes in as a placeholder
 * paragraph, its WordprocessingML is written here as a string (borders, cell margins and layout
 * set once on the table rather than on every cell), and after packing the placeholders in
 * word/document.xml are swapped for the tables and the package is zipped again with Node's zlib.
 */
import { randomBytes } from 'node:crypto';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
  type ISectionOptions,
} from 'docx';
import type { BoardPack } from '../board-pack.types';
import { chartAltText, chartTable, type ChartSpec } from './charts';
import { chartPng } from './chart-png';
import { formatWhen, xmlSafe } from './format';
import { packSections, type PackBlock, type PackSection, type PackTable } from './pack-sections';
import { unzipFiles, zipFiles } from './zip-package';

// A4 in twentieths of a point, with 2 cm margins.
const A4_WIDTH = 11906;
const A4_HEIGHT = 16838;
const MARGIN = 1134;
const FONT = 'Arial';
/** Sections that start on a new page (the appendix starts a landscape Word section, so a new page anyway). */
const PAGE_BREAK_BEFORE = new Set(['charts', 'overdue-findings']);

/** Text as Word takes it: no characters XML forbids, and CR LF or CR as LF. */
function clean(value: string): string {
  return xmlSafe(value).replace(/\r\n?/g, '\n');
}

/** Runs for text that may hold line breaks: one run per line, with a break before each later line. */
function runs(value: string, options: { bold?: boolean; size?: number; italics?: boolean } = {}): TextRun[] {
  return clean(value)
    .split('\n')
    .map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined, ...options }));
}

function header(pack: BoardPack): Header {
  const { meta } = pack;
  const title = meta.title.includes(meta.force.name) ? meta.title : `${meta.title} – ${meta.force.name}`;
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: meta.classification, bold: true, size: 22 })],
      }),
      new Paragraph({
        alignment: AlignmentType.LEFT,
        children: [new TextRun({ text: clean(title), size: 16, color: '505A5F' })],
      }),
    ],
  });
}

function footer(pack: BoardPack): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ text: `Generated ${formatWhen(pack.meta.generatedAt)}`, size: 16, color: '505A5F' }),
          new TextRun({ text: '   |   ', size: 16, color: '505A5F' }),
          new TextRun({
            children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
            size: 16,
            color: '505A5F',
          }),
        ],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: pack.meta.classification, bold: true, size: 22 })],
      }),
    ],
  });
}

// Characters that clean() would change: those XML forbids (and lone surrogates, checked there) and CR.
// eslint-disable-next-line no-control-regex -- it finds the control characters that XML forbids
const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** A cell's text as lines (cleaned as clean() does), with a quick path for the usual one clean line. */
function cellLines(value: string): string[] {
  const text = NEEDS_CLEANING.test(value) ? clean(value) : value;
  return text.includes('\n') ? text.split('\n') : [text];
}

/** Escapes text for a <w:t> element (quotes need no escaping in element text). */
function escapeText(value: string): string {
  return /[&<>]/.test(value) ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : value;
}

const CELL_BORDER = 'w:val="single" w:color="B1B4B6" w:sz="4" w:space="0"';
const TABLE_BORDERS = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
  .map((edge) => `<w:${edge} ${CELL_BORDER}/>`)
  .join('');
// Cell margins in twentieths of a point: 2 pt above and below, 4 pt either side.
const CELL_MARGINS =
  '<w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>';
const HEADER_SHADING = '<w:shd w:val="clear" w:color="auto" w:fill="DEE0E2"/>';

/**
 * A table as WordprocessingML: fixed layout at the content width, light grey borders on every
 * cell, a shaded bold header row that repeats at the top of each page, rows that do not split
 * across pages, and one paragraph per line of a cell's text.
 */
function tableXml(spec: PackTable, contentWidth: number, size: number): string {
  const total = spec.columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = spec.columns.map((column) => Math.floor((column.weight / total) * contentWidth));
  const sizeXml = `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>`;
  const bodyRun = `<w:r><w:rPr>${sizeXml}</w:rPr><w:t xml:space="preserve">`;
  const headerRun = `<w:r><w:rPr><w:b/><w:bCs/>${sizeXml}</w:rPr><w:t xml:space="preserve">`;
  const paragraphStart = spec.columns.map(
    (column) =>
      `<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>${column.align === 'right' ? '<w:jc w:val="right"/>' : ''}</w:pPr>`,
  );
  const cellStart = widths.map((width) => `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>`);
  const headerCellStart = widths.map(
    (width) => `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${HEADER_SHADING}</w:tcPr>`,
  );
  const cells = (texts: readonly string[], starts: readonly string[], run: string): string => {
    let xml = '';
    for (let at = 0; at < starts.length; at += 1) {
      xml += starts[at];
      for (const line of cellLines(texts[at] ?? '')) {
        xml += `${paragraphStart[at]}${run}${escapeText(line)}</w:t></w:r></w:p>`;
      }
      xml += '</w:tc>';
    }
    return xml;
  };

  const parts: string[] = [
    '<w:tbl><w:tblPr>',
    `<w:tblW w:w="${contentWidth}" w:type="dxa"/>`,
    `<w:tblBorders>${TABLE_BORDERS}</w:tblBorders>`,
    '<w:tblLayout w:type="fixed"/>',
    `<w:tblCellMar>${CELL_MARGINS}</w:tblCellMar>`,
    '</w:tblPr><w:tblGrid>',
    ...widths.map((width) => `<w:gridCol w:w="${width}"/>`),
    '</w:tblGrid>',
    '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
    cells(
      spec.columns.map((column) => column.heading),
      headerCellStart,
      headerRun,
    ),
    '</w:tr>',
  ];
  for (const row of spec.rows) {
    parts.push(`<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells(row, cellStart, bodyRun)}</w:tr>`);
  }
  parts.push('</w:tbl>');
  return parts.join('');
}

/** Tables written as XML, each standing in the document as a placeholder paragraph until packing is done. */
class TableSlots {
  private readonly nonce = randomBytes(9).toString('hex');
  private readonly tables: Buffer[] = [];

  /** A placeholder paragraph for the table; its token is unique, so no text in the pack can match it. */
  add(spec: PackTable, contentWidth: number, size: number): Paragraph {
    const token = this.token(this.tables.length);
    this.tables.push(Buffer.from(tableXml(spec, contentWidth, size), 'utf8'));
    return new Paragraph({ children: [new TextRun(token)] });
  }

  private token(index: number): string {
    return `@@TABLE-${this.nonce}-${index}@@`;
  }

  /**
   * word/document.xml with every placeholder paragraph replaced by its table. The docx library puts
   * a Word section's properties (<w:sectPr>) in the section's last paragraph, so a placeholder that
   * ends a section leaves that paragraph, without the placeholder's text, after the table.
   */
  fill(documentXml: string): Buffer {
    const parts: Buffer[] = [];
    const text = (value: string) => parts.push(Buffer.from(value, 'utf8'));
    let from = 0;
    this.tables.forEach((table, index) => {
      const token = this.token(index);
      const at = documentXml.indexOf(token, from);
      const start = Math.max(documentXml.lastIndexOf('<w:p>', at), documentXml.lastIndexOf('<w:p ', at));
      const runStart = Math.max(documentXml.lastIndexOf('<w:r>', at), documentXml.lastIndexOf('<w:r ', at));
      const runEnd = documentXml.indexOf('</w:r>', at);
      const end = documentXml.indexOf('</w:p>', at);
      const rest =
        documentXml.slice(start, runStart) + documentXml.slice(runEnd + '</w:r>'.length, end + '</w:p>'.length);
      if (
        at < 0 ||
        documentXml.includes(token, at + token.length) ||
        start < from ||
        runStart < start ||
        runEnd < 0 ||
        end < runEnd ||
        /<w:r[\s>]|<w:p[\s>]/.test(rest.slice('<w:p'.length))
      ) {
        throw new Error(`Table placeholder ${index} is not once in word/document.xml as the only run of a paragraph`);
      }
      text(documentXml.slice(from, start));
      parts.push(table);
      text(rest.includes('<w:sectPr') ? rest : '');
      from = end + '</w:p>'.length;
    });
    text(documentXml.slice(from));
    return Buffer.concat(parts);
  }
}

function caption(text: string, asHeading: boolean): Paragraph {
  return asHeading
    ? new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(text) })
    : new Paragraph({ spacing: { before: 120, after: 80 }, children: runs(text, { italics: true }) });
}

function chartBlocks(chart: ChartSpec, contentWidth: number, tables: TableSlots): Paragraph[] {
  const figures = chartTable(chart);
  const columns = figures.headings.map((heading, at) => ({
    heading,
    weight: at === 0 ? 2 : 1,
    align: at === 0 ? ('left' as const) : ('right' as const),
  }));
  const spec: PackTable = {
    id: `chart-${chart.id}`,
    caption: chart.caption,
    columns,
    rows: figures.rows,
    empty: 'No data to show.',
  };
  if (!figures.rows.length) {
    return [
      new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: runs(chart.title) }),
      new Paragraph({ spacing: { after: 80 }, keepNext: true, children: runs(chart.caption, { italics: true }) }),
      new Paragraph({ children: runs(spec.empty) }),
    ];
  }
  // The chart as a picture the width of the page (pixels at 96 to the inch), then its figures as a table.
  const image = chartPng(chart);
  const width = Math.round(((contentWidth / 20) * 96) / 72);
  const height = Math.round((width * image.height) / image.width);
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: runs(chart.title) }),
    new Paragraph({ spacing: { after: 80 }, keepNext: true, children: runs(chart.caption, { italics: true }) }),
    new Paragraph({
      keepNext: true,
      spacing: { after: 120 },
      children: [
        new ImageRun({
          type: 'png',
          data: image.png,
          transformation: { width, height },
          altText: { name: `chart-${chart.id}`, title: clean(chart.title), description: clean(chartAltText(chart)) },
        }),
      ],
    }),
    tables.add(spec, contentWidth, 18),
  ];
}

function blockChildren(block: PackBlock, section: PackSection, contentWidth: number, tables: TableSlots): Paragraph[] {
  const subheadings = section.id === 'summary';
  const size = section.id === 'appendix' ? 16 : 18;
  switch (block.kind) {
    case 'paragraph':
      return [
        new Paragraph({ spacing: { before: 160, after: 80 }, children: runs(block.text, { bold: subheadings }) }),
      ];
    case 'bullets':
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
    case 'chart':
      return chartBlocks(block.chart, contentWidth, tables);
    case 'table':
      return [
        caption(block.table.caption, subheadings),
        block.table.rows.length
          ? tables.add(block.table, contentWidth, size)
          : new Paragraph({ children: runs(block.table.empty) }),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
  }
}

/** The pack as a .docx document. */
export async function renderDocx(pack: BoardPack): Promise<Buffer> {
  const sections = packSections(pack);
  const tables = new TableSlots();
  const headers = { default: header(pack) };
  const footers = { default: footer(pack) };
  const page = (landscape: boolean) => ({
    size: {
      width: A4_WIDTH,
      height: A4_HEIGHT,
      orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
    },
    margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 500, footer: 500 },
  });

  // Consecutive sections with the same orientation share one Word section.
  const wordSections: ISectionOptions[] = [];
  let current: { landscape: boolean; children: Paragraph[] } | null = null;
  const flush = () => {
    if (current) {
      wordSections.push({
        properties: { page: page(current.landscape) },
        headers,
        footers,
        children: current.children,
      });
    }
  };
  const intro: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(pack.meta.title) }),
    new Paragraph({ children: [new TextRun({ text: pack.meta.classification, bold: true })] }),
    new Paragraph({
      spacing: { after: 200 },
      children: runs(
        `${pack.meta.force.name}. Generated ${formatWhen(pack.meta.generatedAt)} by ${pack.meta.generatedBy}.`,
      ),
    }),
  ];
  for (const section of sections) {
    const landscape = section.landscape === true;
    if (!current || current.landscape !== landscape) {
      flush();
      current = { landscape, children: current ? [] : [...intro] };
    }
    const contentWidth = (landscape ? A4_HEIGHT : A4_WIDTH) - 2 * MARGIN;
    current.children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: PAGE_BREAK_BEFORE.has(section.id),
        children: runs(section.title),
      }),
    );
    for (const block of section.blocks) {
      current.children.push(...blockChildren(block, section, contentWidth, tables));
    }
  }
  flush();

  const document = new Document({
    title: clean(pack.meta.title),
    subject: clean(`Inspection findings board pack, ${pack.meta.force.name}`),
    creator: clean(pack.meta.generatedBy),
    lastModifiedBy: clean(pack.meta.generatedBy),
    description: clean(`${pack.meta.classification}. Generated ${formatWhen(pack.meta.generatedAt)}.`),
    keywords: pack.meta.classification,
    styles: {
      default: {
        document: { run: { font: FONT, size: 20 } },
        heading1: {
          run: { font: FONT, size: 32, bold: true, color: '0B0C0C' },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
        },
        heading2: {
          run: { font: FONT, size: 26, bold: true, color: '0B0C0C' },
          paragraph: { spacing: { before: 200, after: 80 }, keepNext: true },
        },
        title: { run: { font: FONT, size: 44, bold: true, color: '0B0C0C' }, paragraph: { spacing: { after: 120 } } },
      },
    },
    sections: wordSections,
  });
  // The package's files in the docx library's order, with the tables put into the document part.
  const files = unzipFiles(await Packer.toBuffer(document));
  const documentPart = files.find(([name]) => name === 'word/document.xml');
  if (!documentPart) {
    throw new Error('The packed document has no word/document.xml');
  }
  const [, documentXml] = documentPart;
  documentPart[1] = tables.fill(documentXml.toString('utf8'));
  return zipFiles(files);
}
