/**
 * The pack as a PDF (pdfkit, in process, with the PDF standard Helvetica fonts: no font files, no
 * browser). A4, with the classification marking, title and generation date at the top of every
 * page and the marking and page number at the bottom; every section of the pack; tables that wrap
 * long cells and repeat their header row on each new page; and the charts drawn as vector shapes,
 * so they print crisply.
 *
 * The standard fonts use WinAnsi encoding: text is mapped to characters they can draw first
 * (pdfText), e.g. "Ŵ" becomes "W" and "→" becomes "to".
 */
import PDFDocument from 'pdfkit';
import type { BoardPack } from '../board-pack.types';
import {
  BAR_COLOUR,
  chartAltText,
  chartTable,
  chartValue,
  GRID_COLOUR,
  MUTED_TEXT_COLOUR,
  niceScale,
  seriesColour,
  TEXT_COLOUR,
  textColourOn,
  type ChartDatum,
  type ChartSpec,
} from './charts';
import { formatCount, formatWhen } from './format';
import { packSections, type PackBlock, type PackTable } from './pack-sections';
import { clipLines, wrapText } from './wrap-text';

export interface PdfOptions {
  /** Compress page content (the default). Tests turn it off to read the text back. */
  compress?: boolean;
}

type Doc = PDFKit.PDFDocument;

const MARGINS = { top: 72, bottom: 62, left: 50, right: 50 };
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const HEADER_FILL = '#dee0e2';
const RULE_COLOUR = '#b1b4b6';

// Characters outside Latin-1 that WinAnsi (and so the standard fonts) can draw.
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c,
  0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const REPLACEMENTS: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2190': '<-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2713': 'v',
  '\u2714': 'v',
  '\u2717': 'x',
  '\u2718': 'x',
  '\u200b': '',
  '\u200d': '',
  '\ufeff': '',
  '\u2028': '\n',
  '\u2029': '\n',
};

function drawable(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code);
}

/**
 * Text the standard fonts can draw: line ends as "\n", tabs and other controls as spaces, "→" as
 * "to", accented letters outside Latin-1 without their accent (Ŵ → W), anything else as "?".
 */
export function pdfText(value: string): string {
  const text = value.replace(/\r\n?/g, '\n').replace(/[ \t]*\u2192[ \t]*/g, ' to ');
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (drawable(code) || char === '\n') {
      out += char;
    } else if (char in REPLACEMENTS) {
      out += REPLACEMENTS[char];
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += ' ';
    } else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length > 0 && [...base].every((c) => drawable(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

/** A column never takes more than this share of a table's width to keep its values on one line. */
const MAX_NO_WRAP_SHARE = 0.35;

/**
 * The widths of a table's columns: shares of the width by weight, except that a column that must not wrap (a
 * reference) is as wide as its widest value or heading needs (`needed`, in points, with the cell's padding), up to
 * MAX_NO_WRAP_SHARE of the table; the other columns share what is left by weight.
 */
export function tableColumnWidths(
  spec: Pick<PackTable, 'columns' | 'rows'>,
  width: number,
  needed: (text: string, font: string) => number,
): number[] {
  const total = spec.columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = spec.columns.map((column) => (column.weight / total) * width);
  const fixed = new Map<number, number>();
  spec.columns.forEach((column, at) => {
    if (!column.noWrap) {
      return;
    }
    const widest = Math.max(needed(column.heading, BOLD), ...spec.rows.map((row) => needed(row[at] ?? '', FONT)));
    fixed.set(at, Math.min(Math.max(widths[at], widest), width * MAX_NO_WRAP_SHARE));
  });
  if (fixed.size === 0) {
    return widths;
  }
  const left = width - [...fixed.values()].reduce((sum, one) => sum + one, 0);
  const rest = spec.columns.reduce((sum, column, at) => sum + (fixed.has(at) ? 0 : column.weight), 0);
  return spec.columns.map((column, at) => fixed.get(at) ?? (rest > 0 ? (column.weight / rest) * left : 0));
}

/** Where the writing area of the current page ends. */
function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** A structure element's options, with the table header scope and layout box pdfkit takes (not in its types). */
type StructOptions = PDFKit.Mixins.StructureElementOptions & {
  scope?: 'Row' | 'Column' | 'Both';
  bbox?: [number, number, number, number];
};

class PdfWriter {
  /** The structure element that what is drawn now belongs to (the tagged PDF's structure tree). */
  private within: PDFKit.PDFStructureElement;

  constructor(
    readonly doc: Doc,
    private readonly pack: BoardPack,
  ) {
    this.within = doc.struct('Document');
    doc.addStructure(this.within);
  }

  private landscape = false;

  /** Draws content as a structure element of the given type (a heading, a paragraph, a cell, a figure). */
  tag(type: string, draw: () => void, options: StructOptions = {}): void {
    this.within.add(this.doc.struct(type, options, [draw]));
  }

  /** A structure element holding others (a table, a row, a list), built by `build`. */
  group(type: string, build: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
    const element = this.doc.struct(type, options);
    this.within.add(element);
    const parent = this.within;
    this.within = element;
    try {
      build();
    } finally {
      this.within = parent;
      element.end();
    }
  }

  /** Draws what is not content (rules, fills, running headers, a repeated header row) as an artifact. */
  artifact(draw: () => void, type?: 'Pagination' | 'Layout'): void {
    this.doc.markContent('Artifact', type ? { type } : undefined);
    draw();
    this.doc.endMarkedContent();
  }

  /** The document's finish: the structure tree closed. */
  end(): void {
    this.within.end();
  }

  newPage(landscape = this.landscape): void {
    this.landscape = landscape;
    this.doc.addPage({ size: 'A4', layout: landscape ? 'landscape' : 'portrait', margins: MARGINS });
  }

  /** Starts a new page unless `height` more fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > bottom(this.doc)) {
      this.newPage();
    }
  }

  /** A section's heading (level 1, tagged H2 under the title's H1) or a subheading (level 2, H3). */
  heading(text: string, level: 1 | 2): void {
    const doc = this.doc;
    const size = level === 1 ? 16 : 12.5;
    doc.font(BOLD).fontSize(size);
    const height = doc.heightOfString(pdfText(text), { width: contentWidth(doc) });
    this.ensure(height + (level === 1 ? 90 : 60)); // keep a heading with what follows it
    doc.moveDown(level === 1 ? 0.6 : 0.5);
    this.tag(level === 1 ? 'H2' : 'H3', () =>
      doc.fillColor(TEXT_COLOUR).text(pdfText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) }),
    );
    doc.moveDown(0.3);
    doc.font(FONT).fontSize(10);
  }

  paragraph(text: string, options: { bold?: boolean; italic?: boolean; size?: number; colour?: string } = {}): void {
    const doc = this.doc;
    doc.font(options.bold ? BOLD : options.italic ? ITALIC : FONT).fontSize(options.size ?? 10);
    const value = pdfText(text);
    this.ensure(Math.min(doc.heightOfString(value, { width: contentWidth(doc) }), 40));
    this.tag('P', () =>
      doc
        .fillColor(options.colour ?? TEXT_COLOUR)
        .text(value, doc.page.margins.left, doc.y, { width: contentWidth(doc) }),
    );
    doc.moveDown(0.3);
  }

  bullets(items: readonly string[]): void {
    const doc = this.doc;
    doc.font(FONT).fontSize(10).fillColor(TEXT_COLOUR);
    const indent = 14;
    this.group('L', () => {
      for (const item of items) {
        const value = pdfText(item);
        const width = contentWidth(doc) - indent;
        this.ensure(doc.heightOfString(value, { width }) + 2);
        const y = doc.y;
        this.group('LI', () => {
          this.tag('Lbl', () => doc.text('•', doc.page.margins.left + 2, y, { lineBreak: false }));
          this.tag('LBody', () => doc.text(value, doc.page.margins.left + indent, y, { width }));
        });
        doc.moveDown(0.2);
      }
    });
  }

  /** A table whose rows never split across pages, with its header row repeated on every page it spans. */
  table(spec: PackTable, size = 8.5): void {
    const doc = this.doc;
    if (spec.rows.length === 0) {
      this.paragraph(spec.empty);
      return;
    }
    const pad = 3;
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    const widths = tableColumnWidths(spec, width, (text, font) => {
      doc.font(font).fontSize(size);
      return tableFont(doc).widthOf(pdfText(text)) * size + 2 * pad + 1;
    });
    doc.font(FONT).fontSize(size);
    const lineHeight = doc.currentLineHeight(true);
    // Cells are wrapped here rather than by PDFKit's line wrapper: the lines are known before
    // drawing (so a row's height is exact) and each is drawn once, as one line.
    // A cell taller than a page is cut short, with an ellipsis: the full text is in the other formats.
    const maxLines = Math.max(1, Math.floor((bottom(doc) - doc.page.margins.top - 60 - 2 * pad) / lineHeight));
    const layOut = (cells: readonly string[], font: string): string[][] => {
      doc.font(font).fontSize(size);
      const measure = tableFont(doc);
      const widthOf = (text: string) => measure.widthOf(text) * size;
      return cells.map((text, at) => {
        const inner = widths[at] - 2 * pad - 1; // a point to spare, so no line touches the cell's edge
        return clipLines(wrapText(text, inner, widthOf), maxLines, inner, widthOf);
      });
    };
    const heightOf = (lines: readonly string[][]) =>
      Math.max(1, ...lines.map((cell) => cell.length)) * lineHeight + 2 * pad;
    // Tagged as a table: a row (TR) of header cells (TH) first, then a row of data cells (TD) for each row. The header
    // row repeated on a later page, and the fills and rules, are artifacts.
    const draw = (lines: readonly string[][], height: number, kind: 'header' | 'repeated header' | 'row') => {
      const header = kind !== 'row';
      const y = doc.y;
      if (header) {
        this.artifact(() => doc.rect(left, y, width, height).fill(HEADER_FILL));
      }
      doc
        .font(header ? BOLD : FONT)
        .fontSize(size)
        .fillColor(TEXT_COLOUR);
      const measure = tableFont(doc);
      const cells: PlacedLine[][] = [];
      let x = left;
      lines.forEach((cell, at) => {
        const inner = widths[at] - 2 * pad;
        const right = spec.columns[at].align === 'right';
        const placed: PlacedLine[] = [];
        cell.forEach((line, index) => {
          if (line) {
            const indent = right ? Math.max(0, inner - measure.widthOf(line) * size) : 0;
            placed.push({ x: x + pad + indent, y: y + pad + index * lineHeight, text: line });
          }
        });
        cells.push(placed);
        x += widths[at];
      });
      if (kind === 'repeated header') {
        this.artifact(() => drawLines(doc, cells.flat()), 'Pagination');
      } else {
        this.group('TR', () =>
          cells.forEach((placed) =>
            this.tag(header ? 'TH' : 'TD', () => drawLines(doc, placed), header ? { scope: 'Column' } : undefined),
          ),
        );
      }
      this.artifact(() =>
        doc
          .moveTo(left, y + height)
          .lineTo(left + width, y + height)
          .lineWidth(header ? 1 : 0.5)
          .strokeColor(header ? TEXT_COLOUR : RULE_COLOUR)
          .stroke(),
      );
      doc.x = left;
      doc.y = y + height;
    };

    const headings = layOut(
      spec.columns.map((column) => pdfText(column.heading)),
      BOLD,
    );
    const headerHeight = heightOf(headings);
    let first = true;
    this.group('Table', () => {
      for (const row of spec.rows) {
        const lines = layOut(
          spec.columns.map((_, at) => pdfText(row[at] ?? '')),
          FONT,
        );
        const height = heightOf(lines);
        const room = bottom(doc) - doc.y;
        if (first) {
          if (headerHeight + height > room) {
            this.newPage();
          }
          draw(headings, headerHeight, 'header');
          first = false;
        } else if (height > room) {
          this.newPage();
          this.artifact(
            () =>
              doc
                .font(ITALIC)
                .fontSize(8)
                .fillColor(MUTED_TEXT_COLOUR)
                .text(pdfText(`${spec.caption} (continued)`), left, doc.y, { width }),
            'Pagination',
          );
          doc.moveDown(0.2);
          draw(headings, headerHeight, 'repeated header');
        }
        draw(lines, height, 'row');
      }
    });
    doc.moveDown(0.8);
  }

  caption(text: string, asHeading: boolean): void {
    if (asHeading) {
      this.heading(text, 2);
    } else {
      this.paragraph(text, { italic: true, size: 9.5, colour: MUTED_TEXT_COLOUR });
    }
  }

  chart(spec: ChartSpec): void {
    const doc = this.doc;
    const height =
      spec.kind === 'stacked' ? 250 : spec.kind === 'line' ? 210 : Math.max(60, (spec.data.length || 1) * 20 + 40);
    this.ensure(height + 70);
    this.heading(spec.title, 2);
    this.paragraph(spec.caption, { italic: true, size: 9.5, colour: MUTED_TEXT_COLOUR });
    const box = { x: doc.page.margins.left, y: doc.y + 4, width: contentWidth(doc), height };
    const empty =
      spec.kind === 'stacked'
        ? spec.categories.length === 0 || spec.series.length === 0
        : (spec.kind === 'bar' ? spec.data : spec.points).length === 0;
    if (empty) {
      this.paragraph('No data to show.');
      return;
    }
    this.tag(
      'Figure',
      () => {
        if (spec.kind === 'bar') {
          drawBarChart(doc, box, spec.data, spec.valueLabel);
        } else if (spec.kind === 'line') {
          drawLineChart(doc, box, spec.points, spec.valueLabel, spec.categoryLabel);
        } else {
          drawStackedChart(doc, box, spec);
        }
      },
      { alt: pdfText(chartAltText(spec)), bbox: [box.x, box.y, box.x + box.width, box.y + box.height] },
    );
    doc.x = box.x;
    doc.y = box.y + box.height + 10;
    doc.fillColor(TEXT_COLOUR).strokeColor(TEXT_COLOUR).lineWidth(1);
    if (spec.kind === 'stacked') {
      // The figures too: segments too small to label still have their numbers here.
      const figures = chartTable(spec);
      this.table(
        {
          id: `chart-${spec.id}`,
          caption: spec.title,
          columns: figures.headings.map((heading, at) => ({
            heading,
            weight: at === 0 ? 1.2 : 1,
            align: at === 0 ? 'left' : 'right',
          })),
          rows: figures.rows,
          empty: 'No data to show.',
        },
        8,
      );
    }
  }

  block(block: PackBlock, subheadings: boolean, tableSize: number): void {
    switch (block.kind) {
      case 'paragraph':
        this.paragraph(block.text, { bold: subheadings });
        break;
      case 'bullets':
        this.bullets(block.items);
        break;
      case 'chart':
        this.chart(block.chart);
        break;
      case 'table':
        this.ensure(80); // a caption with its header row and first rows
        this.caption(block.table.caption, subheadings);
        this.table(block.table, tableSize);
        break;
    }
  }

  /** The header and footer of every page, drawn once the number of pages is known. */
  decoratePages(): void {
    const doc = this.doc;
    const { meta } = this.pack;
    const range = doc.bufferedPageRange();
    const title = pdfText(meta.title.includes(meta.force.name) ? meta.title : `${meta.title} – ${meta.force.name}`);
    const generated = pdfText(`Generated ${formatWhen(meta.generatedAt)}`);
    for (let index = range.start; index < range.start + range.count; index += 1) {
      doc.switchToPage(index);
      const page = doc.page;
      const savedBottom = page.margins.bottom;
      page.margins.bottom = 0; // writing in the margin must not start a new page
      this.artifact(() => this.decoratePage(index - range.start + 1, range.count, title, generated), 'Pagination');
      page.margins.bottom = savedBottom;
    }
  }

  private decoratePage(number: number, count: number, title: string, generated: string): void {
    const doc = this.doc;
    const { meta } = this.pack;
    const page = doc.page;
    const left = page.margins.left;
    const width = page.width - page.margins.left - page.margins.right;
    doc
      .font(BOLD)
      .fontSize(11)
      .fillColor(TEXT_COLOUR)
      .text(meta.classification, left, 22, { width, align: 'center', lineBreak: false });
    doc.font(FONT).fontSize(8).fillColor(MUTED_TEXT_COLOUR);
    doc.text(fitLabel(doc, title, width * 0.72), left, 42, { width: width * 0.72, lineBreak: false });
    doc.text(formatWhen(meta.generatedAt.slice(0, 10)), left + width * 0.72, 42, {
      width: width * 0.28,
      align: 'right',
      lineBreak: false,
    });
    doc
      .moveTo(left, 56)
      .lineTo(left + width, 56)
      .lineWidth(0.5)
      .strokeColor(RULE_COLOUR)
      .stroke();

    const footerY = page.height - 44;
    doc
      .moveTo(left, footerY - 6)
      .lineTo(left + width, footerY - 6)
      .lineWidth(0.5)
      .strokeColor(RULE_COLOUR)
      .stroke();
    doc.font(FONT).fontSize(8).fillColor(MUTED_TEXT_COLOUR);
    doc.text(generated, left, footerY, { width: width * 0.4, lineBreak: false });
    doc.text(`Page ${number} of ${count}`, left + width * 0.6, footerY, {
      width: width * 0.4,
      align: 'right',
      lineBreak: false,
    });
    doc
      .font(BOLD)
      .fontSize(11)
      .fillColor(TEXT_COLOUR)
      .text(meta.classification, left, footerY + 14, { width, align: 'center', lineBreak: false });
  }
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function drawValueGridVertical(doc: Doc, plot: Box, scale: { max: number; step: number }): void {
  doc.font(FONT).fontSize(7.5);
  for (let tick = 0; tick <= scale.max; tick += scale.step) {
    const y = plot.y + plot.height - (tick / scale.max) * plot.height;
    doc
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.width, y)
      .lineWidth(0.5)
      .strokeColor(GRID_COLOUR)
      .stroke();
    doc
      .fillColor(MUTED_TEXT_COLOUR)
      .text(formatCount(tick), plot.x - 40, y - 3.5, { width: 36, align: 'right', lineBreak: false });
  }
  doc
    .moveTo(plot.x, plot.y + plot.height)
    .lineTo(plot.x + plot.width, plot.y + plot.height)
    .lineWidth(1)
    .strokeColor(TEXT_COLOUR)
    .stroke();
}

function fitLabel(doc: Doc, label: string, width: number): string {
  let text = pdfText(label);
  if (doc.widthOfString(text) <= width) {
    return text;
  }
  while (text.length > 1 && doc.widthOfString(`${text}…`) > width) {
    text = text.slice(0, -1);
  }
  return `${text}…`;
}

function drawBarChart(doc: Doc, box: Box, data: readonly ChartDatum[], valueLabel: string): void {
  const values = data.map((d) => ({ label: d.label, value: chartValue(d.value) }));
  doc.font(FONT).fontSize(8.5);
  const labelWidth = Math.min(
    box.width * 0.38,
    Math.max(...values.map((d) => doc.widthOfString(pdfText(d.label)))) + 8,
  );
  const scale = niceScale(Math.max(...values.map((d) => d.value)));
  const plot = { x: box.x + labelWidth, y: box.y, width: box.width - labelWidth - 36, height: values.length * 20 };
  const xOf = (value: number) => plot.x + (value / scale.max) * plot.width;
  doc.font(FONT).fontSize(7.5);
  for (let tick = 0; tick <= scale.max; tick += scale.step) {
    doc
      .moveTo(xOf(tick), plot.y)
      .lineTo(xOf(tick), plot.y + plot.height)
      .lineWidth(0.5)
      .strokeColor(GRID_COLOUR)
      .stroke();
    doc.fillColor(MUTED_TEXT_COLOUR).text(formatCount(tick), xOf(tick) - 20, plot.y + plot.height + 4, {
      width: 40,
      align: 'center',
      lineBreak: false,
    });
  }
  values.forEach((d, at) => {
    const y = plot.y + at * 20 + 3;
    doc
      .font(FONT)
      .fontSize(8.5)
      .fillColor(TEXT_COLOUR)
      .text(fitLabel(doc, d.label, labelWidth - 8), box.x, y + 3, {
        width: labelWidth - 8,
        align: 'right',
        lineBreak: false,
      });
    const barWidth = xOf(d.value) - plot.x;
    if (barWidth > 0) {
      doc.rect(plot.x, y, barWidth, 14).fill(BAR_COLOUR);
    }
    doc
      .font(BOLD)
      .fontSize(8.5)
      .fillColor(TEXT_COLOUR)
      .text(formatCount(d.value), plot.x + barWidth + 4, y + 3, { lineBreak: false });
  });
  doc
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.height)
    .lineWidth(1)
    .strokeColor(TEXT_COLOUR)
    .stroke();
  doc
    .font(FONT)
    .fontSize(8)
    .fillColor(MUTED_TEXT_COLOUR)
    .text(pdfText(valueLabel), plot.x, plot.y + plot.height + 16, {
      width: plot.width,
      align: 'center',
      lineBreak: false,
    });
}

function drawStackedChart(doc: Doc, box: Box, spec: Extract<ChartSpec, { kind: 'stacked' }>): void {
  const series = spec.series.map((s, index) => ({
    label: pdfText(s.label),
    colour: seriesColour(s, index),
    values: spec.categories.map((_, at) => chartValue(s.values[at] ?? 0)),
  }));
  const totals = spec.categories.map((_, at) => series.reduce((sum, s) => sum + s.values[at], 0));
  // Legend, wrapping onto more rows as needed.
  doc.font(FONT).fontSize(8);
  let x = box.x;
  let y = box.y;
  for (const s of series) {
    const entry = 14 + doc.widthOfString(s.label) + 14;
    if (x > box.x && x + entry > box.x + box.width) {
      x = box.x;
      y += 13;
    }
    doc.rect(x, y, 9, 9).fill(s.colour);
    doc.fillColor(TEXT_COLOUR).text(s.label, x + 13, y + 1, { lineBreak: false });
    x += entry;
  }
  const scale = niceScale(Math.max(...totals));
  const plot = { x: box.x + 54, y: y + 28, width: box.width - 58, height: box.y + box.height - (y + 28) - 22 };
  drawValueGridVertical(doc, plot, scale);
  drawValueAxisTitle(doc, box.x, plot, spec.valueLabel);
  const slot = plot.width / spec.categories.length;
  const column = Math.min(44, slot * 0.62);
  const yOf = (value: number) => plot.y + plot.height - (value / scale.max) * plot.height;
  spec.categories.forEach((category, at) => {
    const left = plot.x + slot * at + (slot - column) / 2;
    let base = 0;
    for (const s of series) {
      const value = s.values[at];
      if (value > 0) {
        const top = yOf(base + value);
        const h = yOf(base) - top;
        doc.rect(left, top, column, h).fill(s.colour);
        doc
          .moveTo(left, top)
          .lineTo(left + column, top)
          .lineWidth(0.75)
          .strokeColor('#ffffff')
          .stroke();
        const label = formatCount(value);
        doc.font(FONT).fontSize(7);
        if (h >= 10 && doc.widthOfString(label) <= column - 2) {
          doc
            .fillColor(textColourOn(s.colour))
            .text(label, left, top + h / 2 - 3, { width: column, align: 'center', lineBreak: false });
        }
      }
      base += value;
    }
    doc
      .font(BOLD)
      .fontSize(8)
      .fillColor(TEXT_COLOUR)
      .text(formatCount(totals[at]), left - 10, yOf(totals[at]) - 11, {
        width: column + 20,
        align: 'center',
        lineBreak: false,
      });
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(TEXT_COLOUR)
      .text(fitLabel(doc, category, slot - 2), plot.x + slot * at, plot.y + plot.height + 5, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
  });
}

function drawLineChart(
  doc: Doc,
  box: Box,
  points: readonly ChartDatum[],
  valueLabel: string,
  categoryLabel: string,
): void {
  const values = points.map((p) => ({ label: p.label, value: chartValue(p.value) }));
  const scale = niceScale(Math.max(...values.map((p) => p.value)));
  const plot = { x: box.x + 54, y: box.y + 14, width: box.width - 64, height: box.height - 48 };
  drawValueGridVertical(doc, plot, scale);
  const slot = plot.width / values.length;
  const xOf = (at: number) => plot.x + slot * at + slot / 2;
  const yOf = (value: number) => plot.y + plot.height - (value / scale.max) * plot.height;
  values.forEach((p, at) => (at === 0 ? doc.moveTo(xOf(at), yOf(p.value)) : doc.lineTo(xOf(at), yOf(p.value))));
  doc.lineWidth(2).lineJoin('round').strokeColor(BAR_COLOUR).stroke();
  values.forEach((p, at) => {
    doc.circle(xOf(at), yOf(p.value), 3).fill(BAR_COLOUR);
    doc
      .font(BOLD)
      .fontSize(7.5)
      .fillColor(TEXT_COLOUR)
      .text(formatCount(p.value), xOf(at) - slot / 2, yOf(p.value) - 13, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
    doc
      .font(FONT)
      .fontSize(7.5)
      .fillColor(TEXT_COLOUR)
      .text(fitLabel(doc, p.label, slot - 2), xOf(at) - slot / 2, plot.y + plot.height + 5, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
  });
  doc
    .font(FONT)
    .fontSize(8)
    .fillColor(MUTED_TEXT_COLOUR)
    .text(pdfText(categoryLabel), plot.x, plot.y + plot.height + 20, {
      width: plot.width,
      align: 'center',
      lineBreak: false,
    });
  drawValueAxisTitle(doc, box.x, plot, valueLabel);
}

/** The value axis's title, reading bottom to top, left of the axis. */
function drawValueAxisTitle(doc: Doc, x: number, plot: Box, label: string): void {
  const middle = plot.y + plot.height / 2;
  doc.save();
  doc.rotate(-90, { origin: [x + 6, middle] });
  doc
    .font(FONT)
    .fontSize(8)
    .fillColor(MUTED_TEXT_COLOUR)
    .text(pdfText(label), x + 6 - plot.height / 2, middle - 4, {
      width: plot.height,
      align: 'center',
      lineBreak: false,
    });
  doc.restore();
}

/**
 * Remembers the width of each string in each font. PDFKit measures every word of every cell, and a
 * Helvetica width means a kerning-pair lookup per character pair: on a 5,000-row appendix that was
 * most of the time. A width is linear in the font size, so one figure per font and string serves
 * every size.
 */
function rememberStringWidths(doc: Doc): void {
  type Measured = Doc & {
    _font: { name: string; widthOfString(text: string, size: number, features?: unknown): number };
    _fontSize: number;
  };
  const measured = doc as Measured;
  const widths = new Map<string, number>();
  measured.widthOfString = (text: string, options: PDFKit.Mixins.TextOptions = {}): number => {
    const value = `${text}`;
    const key = `${measured._font.name}\u0000${value}`;
    let unit = widths.get(key);
    if (unit === undefined) {
      unit = measured._font.widthOfString(value, 1, options.features);
      if (!options.features) {
        widths.set(key, unit);
      }
    }
    const scaling = (options as { horizontalScaling?: number }).horizontalScaling || 100;
    return ((unit * measured._fontSize + (options.characterSpacing || 0) * (value.length - 1)) * scaling) / 100;
  };
}

/** A standard font's per-character widths and codes, for measuring and drawing table text without kerning. */
interface TableFont {
  id: string;
  ascender: number;
  /** The width of a text at size 1, without kerning: the sum of its characters' widths. */
  widthOf(text: string): number;
  /** The text in the font's encoding, as PDF hex digits. */
  hex(text: string): string;
}

type PdfkitFont = {
  id: string;
  ascender: number;
  ref(): unknown;
  widthOfString(text: string, size: number, features?: unknown): number;
  font: { encodeText(text: string): string[] };
};
type DocState = Doc & {
  _font: PdfkitFont;
  _fontSize: number;
  page: { height: number };
  addContent(data: string): Doc;
};

const tableFonts = new WeakMap<PdfkitFont, TableFont>();

/**
 * The current font's TableFont. Each character is measured and encoded once, by PDFKit, and then
 * looked up: PDFKit's own measuring of a string looks up a kerning pair for every pair of
 * characters, and its encoding maps each string through several arrays, which on a 5,000-row
 * appendix was most of the time. Lines are drawn without kerning, so measuring without it is exact.
 */
function tableFont(doc: Doc): TableFont {
  const state = doc as DocState;
  const font = state._font;
  let known = tableFonts.get(font);
  if (!known) {
    const widths = new Map<number, number>();
    const codes = new Map<number, string>();
    known = {
      id: font.id,
      ascender: font.ascender,
      widthOf(text) {
        let width = 0;
        for (let i = 0; i < text.length; i++) {
          const code = text.charCodeAt(i);
          let one = widths.get(code);
          if (one === undefined) {
            one = font.widthOfString(text[i], 1);
            widths.set(code, one);
          }
          width += one;
        }
        return width;
      },
      hex(text) {
        let hex = '';
        for (let i = 0; i < text.length; i++) {
          const code = text.charCodeAt(i);
          let one = codes.get(code);
          if (one === undefined) {
            one = font.font.encodeText(text[i]).join('');
            codes.set(code, one);
          }
          hex += one;
        }
        return hex;
      },
    };
    tableFonts.set(font, known);
  }
  // The page's font resources (typed `any` by @types/pdfkit), keyed by font id.
  const pageFonts = state.page.fonts as Record<string, unknown>;
  if (pageFonts[font.id] == null) {
    pageFonts[font.id] = font.ref();
  }
  return known;
}

/** A line of table text: its top-left corner and its (WinAnsi) text. */
interface PlacedLine {
  x: number;
  y: number;
  text: string;
}

/**
 * Lines of text in the current font, size and fill colour, each with its top-left corner: what
 * `doc.text(line, x, y, { lineBreak: false })` writes for each, as one text object, without
 * PDFKit's per-call option handling (which dominated the time of a 5,000-row appendix).
 */
function drawLines(doc: Doc, lines: readonly PlacedLine[]): void {
  if (lines.length === 0) {
    return;
  }
  const state = doc as DocState;
  const font = tableFont(doc);
  const size = state._fontSize;
  const height = state.page.height;
  const drop = (font.ascender / 1000) * size;
  let content = `q 1 0 0 -1 0 ${pdfNumber(height)} cm BT /${font.id} ${pdfNumber(size)} Tf`;
  for (const line of lines) {
    content += ` 1 0 0 1 ${pdfNumber(line.x)} ${pdfNumber(height - line.y - drop)} Tm [<${font.hex(line.text)}>] TJ`;
  }
  state.addContent(`${content} ET Q`);
}

function pdfNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The pack as a PDF. */
export function renderPdf(pack: BoardPack, options: PdfOptions = {}): Promise<Buffer> {
  const generated = new Date(pack.meta.generatedAt);
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: true,
    compress: options.compress ?? true,
    // A tagged PDF: a structure tree of headings, paragraphs, lists, tables and figures with alternative text, in the
    // document's language, with its title shown as the window's title.
    tagged: true,
    pdfVersion: '1.7',
    lang: 'en-GB',
    displayTitle: true,
    font: FONT,
    info: {
      // Metadata strings are written as UTF-16, so they keep every character.
      Title: pack.meta.title,
      Author: pack.meta.generatedBy,
      Subject: `Inspection findings board pack, ${pack.meta.force.name}`,
      Keywords: pack.meta.classification,
      Creator: 'Inspection findings tracker',
      CreationDate: Number.isNaN(generated.getTime()) ? undefined : generated,
      ModDate: Number.isNaN(generated.getTime()) ? undefined : generated,
    },
  });
  rememberStringWidths(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  try {
    const writer = new PdfWriter(doc, pack);
    writer.tag('H1', () =>
      doc
        .font(BOLD)
        .fontSize(20)
        .fillColor(TEXT_COLOUR)
        .text(pdfText(pack.meta.title), { width: contentWidth(doc) }),
    );
    doc.moveDown(0.2);
    writer.tag('P', () =>
      doc
        .font(FONT)
        .fontSize(10)
        .text(
          pdfText(
            `${pack.meta.force.name}. Generated ${formatWhen(pack.meta.generatedAt)} by ${pack.meta.generatedBy}.`,
          ),
        ),
    );
    for (const section of packSections(pack)) {
      if (section.landscape) {
        writer.newPage(true);
      } else if (section.id === 'charts' || section.id === 'overdue-findings') {
        writer.newPage(false);
      }
      doc.outline.addItem(pdfText(section.title));
      writer.heading(section.title, 1);
      const subheadings = section.id === 'summary';
      for (const block of section.blocks) {
        writer.block(block, subheadings, section.id === 'appendix' ? 7.5 : 8.5);
      }
    }
    writer.end();
    writer.decoratePages();
    doc.end();
  } catch (error) {
    doc.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return done;
}
