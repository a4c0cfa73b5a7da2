/**
 * Extracts a PDF's text in process with unpdf (a serverless build of Mozilla's PDF.js: pure
 * JavaScript, no binaries). Lines are rebuilt from the text items' positions, and a blank line is put
 * where the vertical gap between lines is clearly larger than the page's usual line spacing (a new
 * paragraph), so the extractor sees paragraphs much as a PDF-to-text tool prints them. Pages are
 * separated by form feeds.
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A positioned piece of text on a page, as unpdf returns it. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize: number;
  hasEOL: boolean;
}

/** One rebuilt line: its text, baseline and font size. */
interface PdfLine {
  text: string;
  y: number;
  size: number;
}

/** Groups a page's items into lines by baseline, joining items with a space where there is a visible gap. */
export function itemsToLines(items: readonly PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | null = null;
  let lastEnd = 0;
  let breakNext = false;
  for (const item of items) {
    const size = item.fontSize || item.height || 10;
    const sameLine = current !== null && !breakNext && Math.abs(item.y - current.y) <= size * 0.5;
    if (!sameLine) {
      if (current !== null && current.text.trim() !== '') {
        lines.push(current);
      }
      current = { text: '', y: item.y, size };
      lastEnd = item.x;
    }
    const line = current as PdfLine;
    const gap = item.x - lastEnd;
    if (line.text !== '' && gap > size * 0.2 && !line.text.endsWith(' ') && !item.str.startsWith(' ')) {
      line.text += ' ';
    }
    line.text += item.str;
    lastEnd = item.x + item.width;
    breakNext = item.hasEOL;
  }
  if (current !== null && current.text.trim() !== '') {
    lines.push(current);
  }
  return lines;
}

/** A page's text: its lines, with a blank line wherever the gap to the next line is well above the usual spacing. */
export function pageText(items: readonly PdfTextItem[]): string {
  const lines = itemsToLines(items);
  const gaps = lines
    .slice(1)
    .map((line, i) => lines[i].y - line.y)
    .filter((gap) => gap > 0)
    .sort((a, b) => a - b);
  const usual = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 0;
  const out: string[] = [];
  lines.forEach((line, i) => {
    const gap = i > 0 ? lines[i - 1].y - line.y : 0;
    if (i > 0 && usual > 0 && (gap > usual * 1.45 || gap < 0)) {
      out.push('');
    }
    out.push(line.text.replace(/\s+$/u, ''));
  });
  return out.join('\n');
}

/** How long reading one PDF may take before it is given up. */
export const PDF_READ_TIMEOUT_MS = 60_000;

/**
 * Runs in a worker thread: loads unpdf (an ES module) and sends the text items of each page as it is
 * read, so the caller can show progress. A worker keeps the parsing of an untrusted file off the
 * request thread, lets it be stopped after a time limit, and gives PDF.js the plain Node module
 * loader it needs for its own dynamic imports. Items are mapped as unpdf's extractTextItems maps them.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { getDocumentProxy } = await import(workerData.unpdf);
  const pdf = await getDocumentProxy(workerData.bytes, { verbosity: 0 });
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const items = content.items.filter((item) => item.str != null).map((item) => {
        const [, , c, d, e, f] = item.transform;
        return { str: item.str, x: e, y: f, width: item.width, height: item.height, fontSize: Math.hypot(c, d), hasEOL: item.hasEOL };
      });
      page.cleanup();
      parentPort.postMessage({ page: number, pages: pdf.numPages, items });
    }
    parentPort.postMessage({ done: true });
  } finally {
    await pdf.destroy();
  }
})().catch((error) => parentPort.postMessage({ error: error && error.message ? String(error.message) : String(error) }));
`;

/** The file URL of unpdf's ES module build. */
function unpdfModuleUrl(): string {
  return pathToFileURL(join(dirname(require.resolve('unpdf')), 'index.mjs')).href;
}

/** Called as each page of a PDF has been read. */
export type PageProgress = (page: number, pages: number) => void;

type WorkerMessage = { page: number; pages: number; items: PdfTextItem[] } | { done: true } | { error: string };

/** Thrown when a PDF holds more text than the reader was asked to take: reading stops at that page. */
export class PdfTextLimitError extends Error {
  override readonly name = 'PdfTextLimitError';

  constructor(readonly maxCharacters: number) {
    super(`the PDF has more than ${maxCharacters} characters of text`);
  }
}

/** Limits on reading one PDF. */
export interface PdfReadLimits {
  /** Give up after this long (default PDF_READ_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Stop with a PdfTextLimitError as soon as the pages read hold more characters than this. */
  maxCharacters?: number;
}

/**
 * The structured text of a PDF, page by page, via unpdf in a worker thread. The bytes are copied
 * once and that copy is handed (transferred) to the worker, not cloned again.
 */
export function extractPdfItems(
  bytes: Uint8Array,
  onPage: PageProgress = () => undefined,
  limits: PdfReadLimits = {},
): Promise<PdfTextItem[][]> {
  const timeoutMs = limits.timeoutMs ?? PDF_READ_TIMEOUT_MS;
  const maxCharacters = limits.maxCharacters ?? Number.POSITIVE_INFINITY;
  return new Promise((resolve, reject) => {
    const copy = new Uint8Array(bytes);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { unpdf: unpdfModuleUrl(), bytes: copy },
      transferList: [copy.buffer],
    });
    const pages: PdfTextItem[][] = [];
    let characters = 0;
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      // Keep an 'error' listener while the worker stops: an error emitted with none would throw here.
      worker.removeAllListeners('message');
      worker.removeAllListeners('error');
      worker.on('error', () => undefined);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`reading it took longer than ${Math.round(timeoutMs / 1000)} seconds`))),
      timeoutMs,
    );
    worker.on('message', (message: WorkerMessage) => {
      if ('error' in message) {
        finish(() => reject(new Error(message.error)));
      } else if ('done' in message) {
        finish(() => resolve(pages));
      } else {
        characters += message.items.reduce((sum, item) => sum + item.str.length, 0);
        if (characters > maxCharacters) {
          finish(() => reject(new PdfTextLimitError(maxCharacters)));
          return;
        }
        pages.push(message.items);
        onPage(message.page, message.pages);
      }
    });
    worker.once('error', (error) => finish(() => reject(error)));
  });
}

/** The text of a PDF: pages rebuilt into lines and paragraphs, separated by form feeds. */
export async function readPdfText(
  bytes: Uint8Array,
  onPage?: PageProgress,
  limits: PdfReadLimits = {},
): Promise<string> {
  const pages = await extractPdfItems(bytes, onPage, limits);
  return pages.map((items) => pageText(items)).join('\n\f\n');
}
