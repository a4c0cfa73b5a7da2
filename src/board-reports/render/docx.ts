/**
 * The pack as an editable Word document (docx): board papers are edited before circulation, so
 * this is real Word structure (heading styles, bulleted lists, tables with repeating header rows),
 * not a picture of a page. Every page carries the classification marking top and bottom, the
 * title and force in the header, and the page number and generation date in the footer. Charts
 * appear as tables of their figures: Word does not take inline SVG reliably.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { BoardPack } from '../board-pack.types';
import { chartTable, type ChartSpec } from './charts';
import { formatWhen, xmlSafe } from './format';
import { packSections, type PackBlock, type PackSection, type PackTable } from './pack-sections';

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
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: meta.classification, bold: true, size: 22 })] }),
      new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: clean(title), size: 16, color: '505A5F' })] }),
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
          new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 16, color: '505A5F' }),
        ],
      }),
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: pack.meta.classification, bold: true, size: 22 })] }),
    ],
  });
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' };
const BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

function cell(text: string, width: number, options: { header?: boolean; size: number; align?: 'left' | 'right' }): TableCell {
  const lines = clean(text).split('\n');
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: BORDERS,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    shading: options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'DEE0E2' } : undefined,
    children: lines.map(
      (line) =>
        new Paragraph({
          alignment: options.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          spacing: { before: 0, after: 0 },
          children: [new TextRun({ text: line, bold: options.header, size: options.size })],
        }),
    ),
  });
}

function table(spec: PackTable, contentWidth: number, size: number): Table {
  const total = spec.columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = spec.columns.map((column) => Math.floor((column.weight / total) * contentWidth));
  return new Table({
    width: { size: contentWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: spec.columns.map((column, at) => cell(column.heading, widths[at], { header: true, size, align: column.align })),
      }),
      ...spec.rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: spec.columns.map((column, at) => cell(row[at] ?? '', widths[at], { size, align: column.align })),
          }),
      ),
    ],
  });
}

function caption(text: string, asHeading: boolean): Paragraph {
  return asHeading
    ? new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(text) })
    : new Paragraph({ spacing: { before: 120, after: 80 }, children: runs(text, { italics: true }) });
}

function chartBlocks(chart: ChartSpec, contentWidth: number): Array<Paragraph | Table> {
  const figures = chartTable(chart);
  const columns = figures.headings.map((heading, at) => ({ heading, weight: at === 0 ? 2 : 1, align: at === 0 ? ('left' as const) : ('right' as const) }));
  const spec: PackTable = { id: `chart-${chart.id}`, caption: chart.caption, columns, rows: figures.rows, empty: 'No data to show.' };
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: runs(chart.title) }),
    new Paragraph({ spacing: { after: 80 }, keepNext: true, children: runs(chart.caption, { italics: true }) }),
    ...(figures.rows.length ? [table(spec, contentWidth, 18)] : [new Paragraph({ children: runs(spec.empty) })]),
  ];
}

function blockChildren(block: PackBlock, section: PackSection, contentWidth: number): Array<Paragraph | Table> {
  const subheadings = section.id === 'summary';
  const size = section.id === 'appendix' ? 16 : 18;
  switch (block.kind) {
    case 'paragraph':
      return [new Paragraph({ spacing: { before: 160, after: 80 }, children: runs(block.text, { bold: subheadings }) })];
    case 'bullets':
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
    case 'chart':
      return chartBlocks(block.chart, contentWidth);
    case 'table':
      return [
        caption(block.table.caption, subheadings),
        block.table.rows.length ? table(block.table, contentWidth, size) : new Paragraph({ children: runs(block.table.empty) }),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
  }
}

/** The pack as a .docx document. */
export async function renderDocx(pack: BoardPack): Promise<Buffer> {
  const sections = packSections(pack);
  const headers = { default: header(pack) };
  const footers = { default: footer(pack) };
  const page = (landscape: boolean) => ({
    size: { width: A4_WIDTH, height: A4_HEIGHT, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
    margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 500, footer: 500 },
  });

  // Consecutive sections with the same orientation share one Word section.
  const wordSections: ISectionOptions[] = [];
  let current: { landscape: boolean; children: Array<Paragraph | Table> } | null = null;
  const flush = () => {
    if (current) {
      wordSections.push({ properties: { page: page(current.landscape) }, headers, footers, children: current.children });
    }
  };
  const intro: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(pack.meta.title) }),
    new Paragraph({ children: [new TextRun({ text: pack.meta.classification, bold: true })] }),
    new Paragraph({ spacing: { after: 200 }, children: runs(`${pack.meta.force.name}. Generated ${formatWhen(pack.meta.generatedAt)} by ${pack.meta.generatedBy}.`) }),
  ];
  for (const section of sections) {
    const landscape = section.landscape === true;
    if (!current || current.landscape !== landscape) {
      flush();
      current = { landscape, children: current ? [] : [...intro] };
    }
    const contentWidth = (landscape ? A4_HEIGHT : A4_WIDTH) - 2 * MARGIN;
    current.children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: PAGE_BREAK_BEFORE.has(section.id), children: runs(section.title) }));
    for (const block of section.blocks) {
      current.children.push(...blockChildren(block, section, contentWidth));
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
        heading1: { run: { font: FONT, size: 32, bold: true, color: '0B0C0C' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '0B0C0C' }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true } },
        title: { run: { font: FONT, size: 44, bold: true, color: '0B0C0C' }, paragraph: { spacing: { after: 120 } } },
      },
    },
    sections: wordSections,
  });
  return Packer.toBuffer(document);
}
