import type { Cell } from './tracker-columns';

/** How a CSV file was read: its encoding and separator, as the page says. */
export interface CsvReading {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  separator: ',' | ';' | '\t';
  rows: Cell[][];
}

export const SEPARATOR_NAMES: Record<CsvReading['separator'], string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
};

/** Windows-1252's characters for the bytes 0x80–0x9F (the rest are Latin-1's); undefined bytes kept as U+FFFD. */
const WINDOWS_1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

/** Windows-1252 text (Node's TextDecoder may read the label as Latin-1, losing curly quotes and the euro sign). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  }
  return text;
}

/**
 * The text of a CSV file: UTF-16 with its byte-order mark (Excel's "Unicode text"), UTF-8 with or without one,
 * and otherwise Windows-1252 (what Excel on Windows writes as "CSV", with £ and curly quotes as single bytes).
 */
export function decodeCsv(bytes: Uint8Array): { encoding: CsvReading['encoding']; text: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { encoding: 'utf-16le', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { encoding: 'utf-16be', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { encoding: 'windows-1252', text: decodeWindows1252(bytes) };
  }
}

/** How many times a separator occurs in a line outside quoted text. */
function countOutsideQuotes(line: string, separator: string): number {
  let count = 0;
  let quoted = false;
  for (const character of line) {
    if (character === '"') {
      quoted = !quoted;
    } else if (!quoted && character === separator) {
      count += 1;
    }
  }
  return count;
}

/**
 * The separator: of comma, semicolon (Excel's CSV where the decimal mark is a comma) and tab, the one the header
 * line holds most often, the header line being the line (of the first ten) that holds the most of any of them, so a
 * title line above the table does not decide.
 */
export function detectSeparator(text: string): CsvReading['separator'] {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .slice(0, 10);
  let best: { separator: CsvReading['separator']; count: number } = { separator: ',', count: 0 };
  for (const line of lines) {
    for (const separator of [',', ';', '\t'] as const) {
      const count = countOutsideQuotes(line, separator);
      if (count > best.count) {
        best = { separator, count };
      }
    }
  }
  return best.separator;
}

/** Parses CSV text (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes); empty cells are null. */
export function parseCsv(text: string, separator: string): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endCell = () => {
    row.push(cell === '' && !wasQuoted ? null : cell);
    cell = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    rows.push(row.every((value) => value === null) ? [] : row);
    row = [];
  };
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        cell += character;
      }
    } else if (character === '"' && cell === '') {
      quoted = true;
      wasQuoted = true;
    } else if (character === separator) {
      endCell();
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') {
        index += 1;
      }
      endRow();
    } else {
      cell += character;
    }
  }
  if (cell !== '' || row.length > 0) {
    endRow();
  }
  return rows;
}

/** Reads a CSV file's bytes: its encoding and separator detected. */
export function readCsv(bytes: Uint8Array): CsvReading {
  const { encoding, text } = decodeCsv(bytes);
  const separator = detectSeparator(text);
  return { encoding, separator, rows: parseCsv(text, separator) };
}
