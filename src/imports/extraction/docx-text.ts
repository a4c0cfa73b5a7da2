/**
 * Reads the text of a Word document (.docx: board papers, committee reports and police and crime
 * commissioners' responses are published as Word files) with mammoth, for the extractor. mammoth
 * turns the document into simple HTML (headings, paragraphs, lists, tables; no styling), which is
 * then read like a web page (html-to-text.ts), except that each table row is kept on one line with
 * its cells separated by a tab: board papers quote areas for improvement in tables with a status or
 * RAG column, and a row that stays one line keeps the finding beside its status.
 */
import { htmlToText } from './html-to-text';

/** The first bytes of a ZIP archive, which a .docx is. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** The first bytes of an OLE2 compound file: an old Word document (.doc), or a password-protected .docx. */
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The part of a .docx holding its body text. */
const DOCUMENT_PART = 'word/document.xml';

/**
 * The largest body (word/document.xml, uncompressed, as the archive declares it) read: 64 MB. Word's
 * markup is verbose, but a report of 2 million characters has far less; more is not one report, or
 * is an archive built to expand (a "ZIP bomb"). An archive that understates its sizes is stopped by
 * the reading worker's memory and time limits (reading-limits.ts).
 */
export const MAX_DOCX_BODY_BYTES = 64 * 1024 * 1024;

/** True when the bytes start with the given signature. */
function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

/** True when the bytes are a ZIP archive (perhaps a .docx; docxBodySize tells). */
export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_MAGIC);
}

/** True when the bytes are an OLE2 compound file (an old .doc, or an encrypted Office file). */
export function isOle2(bytes: Uint8Array): boolean {
  return startsWith(bytes, OLE2_MAGIC);
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const EOCD_LENGTH = 22;
const CENTRAL_ENTRY_LENGTH = 46;

/**
 * The uncompressed size the ZIP's central directory declares for word/document.xml, or null when
 * the bytes are not a ZIP holding one (so not a Word document). The directory is found through the
 * end-of-central-directory record in the last 22 bytes plus up to 64 KB of comment; nothing is
 * decompressed here.
 */
export function docxBodySize(bytes: Uint8Array): number | null {
  if (!isZip(bytes)) {
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - EOCD_LENGTH - 0xffff);
  for (let eocd = bytes.length - EOCD_LENGTH; eocd >= lowest; eocd--) {
    if (view.getUint32(eocd, true) !== EOCD_SIGNATURE) {
      continue;
    }
    const entries = view.getUint16(eocd + 10, true);
    const directoryOffset = view.getUint32(eocd + 16, true);
    let position = directoryOffset;
    for (let index = 0; index < entries; index++) {
      if (position + CENTRAL_ENTRY_LENGTH > eocd || view.getUint32(position, true) !== CENTRAL_ENTRY_SIGNATURE) {
        break;
      }
      const uncompressed = view.getUint32(position + 24, true);
      const nameLength = view.getUint16(position + 28, true);
      const extraLength = view.getUint16(position + 30, true);
      const commentLength = view.getUint16(position + 32, true);
      const nameStart = position + CENTRAL_ENTRY_LENGTH;
      const name = Buffer.from(bytes.buffer, bytes.byteOffset + nameStart, Math.min(nameLength, eocd - nameStart));
      if (name.toString('utf8') === DOCUMENT_PART) {
        return uncompressed;
      }
      position = nameStart + nameLength + extraLength + commentLength;
    }
  }
  return null;
}

/**
 * mammoth's HTML as text: each table row one line, its cells separated by a tab (a cell's own
 * paragraphs and list items joined by spaces); everything else as a web page is read.
 */
export function docxHtmlToText(html: string): string {
  const cellsOnOneLine = html.replace(
    /<t([dh])\b[^>]*>([\s\S]*?)<\/t\1\s*>/gi,
    (_whole, tag: string, inner: string) =>
      `<t${tag}>${inner.replace(/<\/?(?:p|h[1-6]|ul|ol|li|div|blockquote)\b[^>]*>|<br\s*\/?>/gi, ' ')}&#9;</t${tag}>`,
  );
  return htmlToText(cellsOnOneLine)
    .split('\n')
    .map((line) => line.replace(/ *\t */g, '\t').replace(/\t+$/, ''))
    .join('\n');
}

/**
 * The text of a .docx, or an Error saying why it cannot be read (a damaged archive, no document
 * part). Images are not read; linked files outside the document are never opened.
 */
export async function readDocxText(bytes: Uint8Array): Promise<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // mammoth is loaded when a Word document is first read, not at start.
  const { default: mammoth } = await import('mammoth');
  const result = await mammoth.convertToHtml(
    { buffer },
    {
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
    },
  );
  return docxHtmlToText(result.value);
}
