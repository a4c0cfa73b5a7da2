/**
 * Reads a report file for import: a PDF (text extracted in process), a Word document (.docx), an
 * HTML page or plain text. Bad input gets one clear message (an ImportInputError) and nothing is
 * written: an empty file, a file over the size limit, a binary that is none of these, a file named
 * .pdf or .docx that is not one, an old (.doc) or password-protected Word file, a PDF or Word file
 * that cannot be read or has no text, a file with more text than one report holds.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { docxBodySize, isOle2, MAX_DOCX_BODY_BYTES, readDocxText } from './docx-text';
import { htmlToText, looksLikeHtml } from './html-to-text';
import { type PageProgress, PdfTextLimitError, readPdfText } from './pdf-text';

/** The largest file that can be imported (20 MB). The 2018/19 PEEL report as text is 150 KB; as a PDF a few MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * The most text one import reads: 2 million characters. The longest source report (the 2018/19 PEEL
 * assessment) has about 150,000; far more is not one report, and would hold the extractor for minutes.
 */
export const MAX_IMPORT_TEXT_CHARACTERS = 2_000_000;

/** Fewer non-space characters than this in a PDF's text means it has no usable text layer. */
const MIN_PDF_TEXT_CHARACTERS = 20;

/** A problem with the input file, with a message fit to show the person importing it. */
export class ImportInputError extends Error {
  override readonly name = 'ImportInputError';
}

/** How the document was read. */
export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'text';

/** A document's text, ready for the extractor. */
export interface DocumentText {
  format: DocumentFormat;
  text: string;
  bytes: number;
}

/**
 * Reads text out of PDF bytes, saying as each page is read, and stopping with a PdfTextLimitError
 * once the text passes maxCharacters; replaceable in tests.
 */
export type PdfReader = (bytes: Uint8Array, onPage?: PageProgress, maxCharacters?: number) => Promise<string>;

const readPdfWithLimit: PdfReader = (bytes, onPage, maxCharacters) => readPdfText(bytes, onPage, { maxCharacters });

/** "20 MB", "50.0 MB", "512 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = bytes / (1024 * 1024);
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** The refusal of a file with more text than an import reads. */
export function tooMuchTextMessage(name: string, maxCharacters: number = MAX_IMPORT_TEXT_CHARACTERS): string {
  return `${name} has too much text to import: more than ${maxCharacters.toLocaleString('en-GB')} characters, where a long inspection report has about 150,000. Check that the file is one inspection report.`;
}

/** The refusal of a file that is none of the formats read. */
export function notAReportFileMessage(name: string): string {
  return `${name} is not a PDF, Word (.docx), HTML or text file: it looks like binary data.`;
}

/** True when the bytes start with a PDF header (allowed anywhere in the first 1024 bytes). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Share of control characters (other than tab, newline, carriage return, form feed) in a text. */
function controlShare(text: string): number {
  if (text.length === 0) {
    return 0;
  }
  // eslint-disable-next-line no-control-regex -- counting control characters is the point of this regex
  const controls = text.match(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g)?.length ?? 0;
  return controls / text.length;
}

/**
 * Decodes bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252. Returns
 * null for binary data (NUL bytes without a UTF-16 BOM, or many control characters).
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return controlShare(text) > 0.01 ? null : text;
}

/**
 * Turns a file's bytes into text for the extractor, or throws ImportInputError saying what is wrong.
 * `onPage` follows a PDF's reading; text beyond `maxCharacters` is refused (a PDF's reading stops there).
 */
export async function decodeDocument(
  bytes: Uint8Array,
  name: string,
  readPdf: PdfReader = readPdfWithLimit,
  onPage?: PageProgress,
  maxCharacters: number = MAX_IMPORT_TEXT_CHARACTERS,
): Promise<DocumentText> {
  if (bytes.length === 0) {
    throw new ImportInputError(`${name} is empty: there is nothing to import.`);
  }
  if (isPdf(bytes)) {
    let text: string;
    try {
      text = await readPdf(bytes, onPage, maxCharacters);
    } catch (error) {
      if (error instanceof PdfTextLimitError) {
        throw new ImportInputError(tooMuchTextMessage(name, maxCharacters));
      }
      const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
      const locked = /password/i.test(reason);
      throw new ImportInputError(
        locked
          ? `${name} is a password-protected PDF: it cannot be read.`
          : `${name} could not be read as a PDF (${reason}).`,
      );
    }
    if (text.replace(/\s/g, '').length < MIN_PDF_TEXT_CHARACTERS) {
      throw new ImportInputError(
        `${name} is a PDF with no text in it (perhaps scanned pages): there is nothing to import.`,
      );
    }
    if (text.length > maxCharacters) {
      throw new ImportInputError(tooMuchTextMessage(name, maxCharacters));
    }
    return { format: 'pdf', text, bytes: bytes.length };
  }
  if (/\.pdf$/i.test(name)) {
    throw new ImportInputError(`${name} is named .pdf but is not a PDF.`);
  }
  const docxBody = docxBodySize(bytes);
  if (docxBody !== null) {
    return decodeDocx(bytes, name, docxBody, maxCharacters);
  }
  if (isOle2(bytes) && /\.docx?$/i.test(name)) {
    throw new ImportInputError(
      /\.docx$/i.test(name)
        ? `${name} is a password-protected Word document: it cannot be read. Save it without a password and upload it again.`
        : `${name} is an older Word document (.doc), which cannot be read: save it as .docx or PDF and upload that.`,
    );
  }
  if (/\.docx$/i.test(name)) {
    throw new ImportInputError(`${name} is named .docx but is not a Word document.`);
  }
  const text = decodeText(bytes);
  if (text === null) {
    throw new ImportInputError(notAReportFileMessage(name));
  }
  const html = /\.x?html?$/i.test(name) || looksLikeHtml(text);
  // Plain text is refused before any work on it; a web page by the text left once its markup is gone.
  if (!html && text.length > maxCharacters) {
    throw new ImportInputError(tooMuchTextMessage(name, maxCharacters));
  }
  const content = html ? htmlToText(text) : text;
  if (content.length > maxCharacters) {
    throw new ImportInputError(tooMuchTextMessage(name, maxCharacters));
  }
  if (content.trim() === '') {
    throw new ImportInputError(`${name} has no text in it: there is nothing to import.`);
  }
  return { format: html ? 'html' : 'text', text: content, bytes: bytes.length };
}

/**
 * Reads a Word document's text, with the same refusals as a PDF's: a body too large to be one
 * report, a damaged file, no text.
 */
async function decodeDocx(
  bytes: Uint8Array,
  name: string,
  bodyBytes: number,
  maxCharacters: number,
): Promise<DocumentText> {
  if (bodyBytes > MAX_DOCX_BODY_BYTES) {
    throw new ImportInputError(tooMuchTextMessage(name, maxCharacters));
  }
  let text: string;
  try {
    text = await readDocxText(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
    throw new ImportInputError(`${name} could not be read as a Word document (${reason}).`);
  }
  if (text.length > maxCharacters) {
    throw new ImportInputError(tooMuchTextMessage(name, maxCharacters));
  }
  if (text.trim() === '') {
    throw new ImportInputError(`${name} is a Word document with no text in it: there is nothing to import.`);
  }
  return { format: 'docx', text, bytes: bytes.length };
}

/** Reads a report file from disk, checking its size before reading it. */
export async function readDocument(
  path: string,
  maxBytes: number = MAX_IMPORT_BYTES,
  readPdf: PdfReader = readPdfWithLimit,
): Promise<DocumentText> {
  const name = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new ImportInputError(`${path} is not a file.`);
    }
    size = info.size;
  } catch (error) {
    if (error instanceof ImportInputError) {
      throw error;
    }
    throw new ImportInputError(`${path} cannot be read: no such file, or no permission to read it.`);
  }
  if (size === 0) {
    throw new ImportInputError(`${name} is empty: there is nothing to import.`);
  }
  if (size > maxBytes) {
    throw new ImportInputError(
      `${name} is ${formatSize(size)}; the largest file that can be imported is ${formatSize(maxBytes)}.`,
    );
  }
  return decodeDocument(await readFile(path), name, readPdf);
}
