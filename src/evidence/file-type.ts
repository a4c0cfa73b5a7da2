/**
 * Decides whether an uploaded evidence file may be kept, by its name AND its content.
 *
 * A name alone proves nothing: a web page, script or program renamed "report.pdf" must not be stored
 * and later handed to another user's browser. So each allowed extension belongs to a family whose
 * content is checked by its leading "magic" bytes (or, for text, by decoding it). Pure: no Nest, no I/O.
 */

/** Default largest upload; the app's limit comes from MAX_UPLOAD_MB (1 to 500, default 20). */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Longest safeName, in characters, including the extension. */
const MAX_SAFE_NAME_LENGTH = 150;

type ContentFamily = 'pdf' | 'ole2' | 'docx' | 'xlsx' | 'pptx' | 'png' | 'jpeg' | 'gif' | 'text' | 'email';

interface FileTypeInfo {
  mimeType: string;
  /** Shown to users next to the file, e.g. "Word document". */
  label: string;
  /** Used in "it is not a real …", e.g. "Word document". */
  noun: string;
  family: ContentFamily;
}

const FILE_TYPES = {
  pdf: { mimeType: 'application/pdf', label: 'PDF', noun: 'PDF', family: 'pdf' },
  doc: { mimeType: 'application/msword', label: 'Word document', noun: 'Word document', family: 'ole2' },
  docx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document',
    noun: 'Word document',
    family: 'docx',
  },
  xls: { mimeType: 'application/vnd.ms-excel', label: 'Excel spreadsheet', noun: 'Excel spreadsheet', family: 'ole2' },
  xlsx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel spreadsheet',
    noun: 'Excel spreadsheet',
    family: 'xlsx',
  },
  ppt: {
    mimeType: 'application/vnd.ms-powerpoint',
    label: 'PowerPoint presentation',
    noun: 'PowerPoint presentation',
    family: 'ole2',
  },
  pptx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint presentation',
    noun: 'PowerPoint presentation',
    family: 'pptx',
  },
  png: { mimeType: 'image/png', label: 'PNG image', noun: 'PNG image', family: 'png' },
  jpg: { mimeType: 'image/jpeg', label: 'JPEG image', noun: 'JPEG image', family: 'jpeg' },
  jpeg: { mimeType: 'image/jpeg', label: 'JPEG image', noun: 'JPEG image', family: 'jpeg' },
  gif: { mimeType: 'image/gif', label: 'GIF image', noun: 'GIF image', family: 'gif' },
  txt: { mimeType: 'text/plain; charset=utf-8', label: 'Text file', noun: 'text file (UTF-8)', family: 'text' },
  csv: { mimeType: 'text/csv; charset=utf-8', label: 'CSV file', noun: 'CSV file (UTF-8)', family: 'text' },
  eml: { mimeType: 'message/rfc822', label: 'Email', noun: 'email', family: 'email' },
  msg: { mimeType: 'application/vnd.ms-outlook', label: 'Outlook email', noun: 'Outlook email', family: 'ole2' },
} as const satisfies Record<string, FileTypeInfo>;

export type AllowedExtension = keyof typeof FILE_TYPES;

/** Lower-case extensions (without the dot) that may be uploaded. */
export const ALLOWED_EXTENSIONS = Object.keys(FILE_TYPES) as readonly AllowedExtension[];

/** For the file input's accept attribute: a hint to the browser's picker, never a check. */
export const UPLOAD_ACCEPT = ALLOWED_EXTENSIONS.map((extension) => `.${extension}`).join(',');

export const REFUSAL_EMPTY = 'The selected file is empty';
export const REFUSAL_WRONG_TYPE =
  'The selected file must be a PDF, Word, Excel, PowerPoint, image (PNG, JPEG, GIF), text, CSV or email file';
export const REFUSAL_WEB_PAGE = 'The selected file looks like a web page – save it as a PDF and upload that instead';

export interface EvidenceFileAccepted {
  ok: true;
  mimeType: string;
  /** Lower-case, without the dot, e.g. "docx". */
  extension: AllowedExtension;
  label: string;
  /** The original name made safe to store, show and offer for download. Never empty. */
  safeName: string;
}

export interface EvidenceFileRefused {
  ok: false;
  /** A GOV.UK-style error message for the file field. */
  reason: string;
}

export type EvidenceFileCheck = EvidenceFileAccepted | EvidenceFileRefused;

/** Checks an upload's size, name and content; on success gives its MIME type, label and a safe name. */
export function checkEvidenceFile(input: {
  originalName: string;
  content: Buffer;
  maxBytes: number;
}): EvidenceFileCheck {
  const { originalName, content, maxBytes } = input;
  if (content.length === 0) {
    return { ok: false, reason: REFUSAL_EMPTY };
  }
  if (content.length > maxBytes) {
    return { ok: false, reason: `The selected file must be smaller than ${describeSize(maxBytes)}` };
  }
  const extension = allowedExtension(originalName);
  if (extension === null) {
    return { ok: false, reason: REFUSAL_WRONG_TYPE };
  }
  const type: FileTypeInfo = FILE_TYPES[extension];
  const problem = contentProblem(type.family, content);
  if (problem === 'web-page') {
    return { ok: false, reason: REFUSAL_WEB_PAGE };
  }
  if (problem === 'mismatch') {
    return { ok: false, reason: `The selected file’s content does not match its name: it is not a real ${type.noun}` };
  }
  return {
    ok: true,
    mimeType: type.mimeType,
    extension,
    label: type.label,
    safeName: safeFileName(originalName, extension),
  };
}

/**
 * A Content-Disposition value that makes browsers download (never display) the file under safeName:
 * an ASCII fallback for old clients plus the exact UTF-8 name (RFC 6266 / RFC 5987). Node refuses
 * header values with characters above U+00FF, so never put safeName into the header unencoded.
 */
export function attachmentDisposition(safeName: string): string {
  const ascii = safeName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(safeName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The file's base name without any folders (browsers on Windows may send "C:\…\name.pdf"). */
function baseName(originalName: string): string {
  const parts = originalName.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

function isAllowedExtension(value: string): value is AllowedExtension {
  return Object.prototype.hasOwnProperty.call(FILE_TYPES, value);
}

/** The name's extension if it is one we accept; null for none or any other. */
function allowedExtension(originalName: string): AllowedExtension | null {
  const name = baseName(originalName).trim();
  const dot = name.lastIndexOf('.');
  if (dot < 0) {
    return null;
  }
  const extension = name.slice(dot + 1).toLowerCase();
  return isAllowedExtension(extension) ? extension : null;
}

/** "20 MB", "1.5 MB", "500 KB": rounded down, so a file the message allows is never refused. */
function describeSize(bytes: number): string {
  const oneDecimal = (value: number): string => String(Math.floor(value * 10) / 10);
  if (bytes >= 1024 * 1024) {
    return `${oneDecimal(bytes / (1024 * 1024))} MB`;
  }
  if (bytes >= 1024) {
    return `${oneDecimal(bytes / 1024)} KB`;
  }
  return `${bytes} bytes`;
}

/**
 * The original base name with anything that could confuse a file system, a header or a page replaced
 * by "_" (control characters, quotes, slashes, <, >, %, …); letters and digits of any script stay, so
 * Welsh and other names survive. Leading dots go (no hidden files); trimmed to 150 characters keeping
 * the checked, lower-cased extension. An empty result becomes "evidence.<extension>".
 */
function safeFileName(originalName: string, extension: AllowedExtension): string {
  const name = baseName(originalName).normalize('NFC');
  const stem = name.slice(0, name.lastIndexOf('.'));
  const cleaned = Array.from(stem)
    .map((character) => (/^[\p{L}\p{N} .\-_()[\]]$/u.test(character) ? character : '_'))
    .join('')
    .replace(/^[\s.]+/, '')
    .trimEnd();
  const room = MAX_SAFE_NAME_LENGTH - extension.length - 1;
  const trimmed = Array.from(cleaned).slice(0, room).join('').trimEnd();
  return `${trimmed === '' ? 'evidence' : trimmed}.${extension}`;
}

type ContentProblem = 'mismatch' | 'web-page' | null;

function mismatchUnless(ok: boolean): ContentProblem {
  return ok ? null : 'mismatch';
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const GIF87_MAGIC = Buffer.from('GIF87a', 'latin1');
const GIF89_MAGIC = Buffer.from('GIF89a', 'latin1');

function startsWith(content: Buffer, magic: Buffer): boolean {
  return content.length >= magic.length && content.subarray(0, magic.length).equals(magic);
}

/**
 * Whether the content is what the extension's family says. Old Office files (.doc, .xls, .ppt) and
 * Outlook .msg all share the OLE2 container header, so they are told apart only by name.
 */
function contentProblem(family: ContentFamily, content: Buffer): ContentProblem {
  switch (family) {
    case 'pdf':
      return mismatchUnless(startsWith(content, PDF_MAGIC));
    case 'ole2':
      return mismatchUnless(startsWith(content, OLE2_MAGIC));
    case 'docx':
      return mismatchUnless(isOfficeOpenXml(content, 'word/'));
    case 'xlsx':
      return mismatchUnless(isOfficeOpenXml(content, 'xl/'));
    case 'pptx':
      return mismatchUnless(isOfficeOpenXml(content, 'ppt/'));
    case 'png':
      return mismatchUnless(startsWith(content, PNG_MAGIC));
    case 'jpeg':
      return mismatchUnless(startsWith(content, JPEG_MAGIC));
    case 'gif':
      return mismatchUnless(startsWith(content, GIF87_MAGIC) || startsWith(content, GIF89_MAGIC));
    case 'text':
      return textProblem(content);
    case 'email':
      return emailProblem(content);
  }
}

/**
 * An Office Open XML file is a ZIP holding "[Content_Types].xml" and its application's folder
 * (word/, xl/ or ppt/). The folder is what tells a Word file from an Excel one.
 */
function isOfficeOpenXml(content: Buffer, folder: string): boolean {
  if (!startsWith(content, ZIP_MAGIC)) {
    return false;
  }
  const names = zipEntryNames(content);
  return names !== null && names.includes('[Content_Types].xml') && names.some((name) => name.startsWith(folder));
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const EOCD_LENGTH = 22;
const CENTRAL_ENTRY_LENGTH = 46;

/**
 * The entry names from a ZIP's central directory, or null if it cannot be read. The directory is the
 * ZIP's own index (what unzip tools and Office read), found through the end-of-central-directory
 * record, which sits in the last 22 bytes plus up to 64 KB of comment. ZIP64 archives (over 4 GB or
 * 65,535 entries) are not read: no accepted upload is that big.
 */
function zipEntryNames(content: Buffer): string[] | null {
  const lowest = Math.max(0, content.length - EOCD_LENGTH - 0xffff);
  for (let eocd = content.length - EOCD_LENGTH; eocd >= lowest; eocd--) {
    if (content.readUInt32LE(eocd) !== EOCD_SIGNATURE) {
      continue;
    }
    const entryCount = content.readUInt16LE(eocd + 10);
    const directorySize = content.readUInt32LE(eocd + 12);
    const directoryOffset = content.readUInt32LE(eocd + 16);
    if (directoryOffset + directorySize > eocd) {
      continue; // A stray signature inside the data or comment, not the real record.
    }
    return centralDirectoryNames(content, directoryOffset, eocd, entryCount);
  }
  return null;
}

function centralDirectoryNames(content: Buffer, start: number, end: number, entryCount: number): string[] | null {
  const names: string[] = [];
  let position = start;
  for (let index = 0; index < entryCount; index++) {
    if (position + CENTRAL_ENTRY_LENGTH > end || content.readUInt32LE(position) !== CENTRAL_ENTRY_SIGNATURE) {
      return null;
    }
    const nameLength = content.readUInt16LE(position + 28);
    const extraLength = content.readUInt16LE(position + 30);
    const commentLength = content.readUInt16LE(position + 32);
    const nameStart = position + CENTRAL_ENTRY_LENGTH;
    if (nameStart + nameLength > end) {
      return null;
    }
    names.push(content.toString('utf8', nameStart, nameStart + nameLength));
    position = nameStart + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Decodes strict UTF-8 (a leading BOM is dropped); null for NUL bytes or invalid UTF-8. */
function decodeText(content: Buffer): string | null {
  if (content.includes(0)) {
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return null;
  }
}

const WEB_PAGE_STARTS = ['<!doctype html', '<!doctype svg', '<html', '<head', '<body', '<svg', '<script', '<iframe'];

/**
 * Whether text begins like HTML or SVG, after whitespace, a BOM, XML declarations and comments (an SVG
 * usually starts "<?xml …?>"). Downloads are sent as attachments with nosniff, so this is a second line
 * of defence against a page that runs script if a browser or viewer ever renders it.
 */
function looksLikeWebPage(text: string): boolean {
  let rest = text.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    const prologue = /^(?:<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->)/i.exec(rest);
    if (prologue === null) {
      break;
    }
    rest = rest.slice(prologue[0].length).trimStart();
  }
  const start = rest.slice(0, 20).toLowerCase();
  return WEB_PAGE_STARTS.some((prefix) => start.startsWith(prefix));
}

/** Text and CSV must be UTF-8 (or ASCII) without NUL bytes, which also turns away UTF-16 and binaries. */
function textProblem(content: Buffer): ContentProblem {
  const text = decodeText(content);
  if (text === null) {
    return 'mismatch';
  }
  return looksLikeWebPage(text) ? 'web-page' : null;
}

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/; // RFC 5322 field name: printable ASCII except ":".
const CONTINUATION_LINE = /^[ \t]/;
const KEY_HEADER = /^(from|to|subject|date)\s*:/i;

/**
 * An .eml file is an RFC 5322 message: header lines ("Name: value", folded lines starting with a space)
 * up to the first blank line, including at least one of From, To, Subject or Date. Only the header
 * block has to be UTF-8: a body may legitimately be in another 8-bit character set. No NUL bytes anywhere.
 */
function emailProblem(content: Buffer): ContentProblem {
  if (content.includes(0)) {
    return 'mismatch';
  }
  const header = decodeText(content.subarray(0, headerBlockEnd(content)));
  if (header === null) {
    return 'mismatch';
  }
  if (looksLikeWebPage(header)) {
    return 'web-page';
  }
  const lines = header
    .replace(/^\uFEFF/, '')
    .replace(/^(?:\r?\n)+/, '')
    .split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  // Some mail programs save a leading mbox "From sender date" separator line; it is not a header.
  const fields = lines.length > 0 && lines[0].startsWith('From ') ? lines.slice(1) : lines;
  if (fields.length === 0 || !HEADER_LINE.test(fields[0])) {
    return 'mismatch';
  }
  const allHeaders = fields.every((line) => HEADER_LINE.test(line) || CONTINUATION_LINE.test(line));
  return mismatchUnless(allHeaders && fields.some((line) => KEY_HEADER.test(line)));
}

/** Offset of the blank line that ends the header block; blank lines before the first header are skipped. */
function headerBlockEnd(content: Buffer): number {
  let position = 0;
  let seenHeader = false;
  while (position < content.length) {
    const newline = content.indexOf(0x0a, position);
    const lineEnd = newline < 0 ? content.length : newline;
    const blank = lineEnd === position || (lineEnd === position + 1 && content[position] === 0x0d);
    if (blank && seenHeader) {
      return position;
    }
    seenHeader = seenHeader || !blank;
    position = lineEnd + 1;
  }
  return content.length;
}
