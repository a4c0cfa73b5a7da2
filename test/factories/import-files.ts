/**
 * Report files to import, written to a temporary folder: real PDFs drawn with pdfkit (standard
 * Helvetica, text extracted back by unpdf), an HTML page, and the kinds of bad input the importer
 * must refuse with a clear message.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/** The two areas for improvement in the report files made here. */
export const AREAS_FOR_IMPROVEMENT = [
  'The force should improve how it records and reviews the use of force by its officers and staff.',
  'The force should make sure that all frontline officers and staff receive annual safety training.',
] as const;

const OPENING =
  'This report sets out what we found when we inspected how Wessex Police treats the public and its workforce. It works well with local communities, who help it to set its priorities, and it encourages people from all backgrounds to join its volunteer programmes.';
const CLOSING =
  'The force has a clear set of values that its workforce understands. Supervisors and senior leaders check stop and search records, and an independent advisory group helps the force to be open about its use of force.';

/** A PDF's bytes, drawn by `draw` on A4 pages. */
export function pdfBytes(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72 });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

/**
 * A one-page report: a heading, a wrapped paragraph, "Areas for improvement" with two bullets
 * (• as text, as inspectorate PDFs print them), another paragraph.
 */
export function reportPdf(areas: readonly string[] = AREAS_FOR_IMPROVEMENT): Promise<Buffer> {
  return pdfBytes((doc) => {
    doc.font('Helvetica-Bold').fontSize(16).text('Wessex Police PEEL 2019').moveDown();
    doc.font('Helvetica').fontSize(11).text(OPENING).moveDown();
    doc.font('Helvetica-Bold').fontSize(13).text('Areas for improvement').moveDown(0.5);
    doc.font('Helvetica').fontSize(11);
    for (const area of areas) {
      doc.text(`• ${area}`).moveDown(0.5);
    }
    doc.moveDown().text(CLOSING);
  });
}

/** A PDF with no text layer: one filled rectangle, as a scanned page has only an image. */
export function pdfWithoutText(): Promise<Buffer> {
  return pdfBytes((doc) => {
    doc.rect(72, 72, 300, 200).fill('#1d70b8');
  });
}

/** The same report as a web page, with furniture (script, navigation) the importer must ignore. */
export function reportHtml(areas: readonly string[] = AREAS_FOR_IMPROVEMENT): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><title>Wessex Police PEEL 2019</title><script>window.track("Areas for improvement");</script></head>',
    '<body><nav><a href="/">Home</a> <a href="/reports">Reports</a></nav>',
    '<main><h1>Wessex Police PEEL 2019</h1>',
    `<p>${OPENING}</p>`,
    '<h2>Areas for improvement</h2>',
    `<ul>${areas.map((area) => `<li>${area.replace(/’/g, '&rsquo;')}</li>`).join('')}</ul>`,
    `<p>${CLOSING}</p>`,
    '</main></body></html>',
  ].join('\n');
}

/** The first bytes of a PNG image: signature and IHDR chunk (with NUL bytes, as real images have). */
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');

/** Bytes that look random but are the same on every run. */
export function noiseBytes(length: number, seed = 20250122): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** A temporary folder for import files, removed by `remove()`. */
export interface ImportFolder {
  dir: string;
  /** Writes a file and returns its path. */
  write(name: string, content: string | Uint8Array): string;
  /** A sparse file of `bytes` zero bytes (no disk used), so a size check can be tested cheaply. */
  sparse(name: string, bytes: number): string;
  remove(): void;
}

export function importFolder(): ImportFolder {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-import-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    sparse(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, '');
      truncateSync(path, bytes);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A PDF with one page for each part of a text (paragraphs separated by blank lines), as a multi-page report would be.
 */
export function pdfOfPages(pages: readonly string[]): Promise<Buffer> {
  return pdfBytes((doc) => {
    pages.forEach((page, index) => {
      if (index > 0) {
        doc.addPage();
      }
      for (const paragraph of page.split('\n\n')) {
        doc.text(paragraph.trim(), { width: 450 }).moveDown();
      }
    });
  });
}
