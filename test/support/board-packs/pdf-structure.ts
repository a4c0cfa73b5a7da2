/**
 * What makes a PDF made by pdfkit a tagged PDF, read back from its objects (dictionaries are never compressed, so
 * this reads a compressed PDF too): the catalog's language, MarkInfo, structure tree root and viewer preference to
 * show the title; the document's title; and the structure elements, their types and the figures' alternative text.
 */
export interface PdfStructure {
  lang: string | null;
  marked: boolean;
  hasStructTreeRoot: boolean;
  displayDocTitle: boolean;
  title: string | null;
  /** The structure elements' types (/S), in the order they are written. */
  elementTypes: string[];
  /** The alternative text of each Figure. */
  figureAlts: string[];
  /** Header cells with a column scope. */
  columnHeaders: number;
}

/** A PDF literal string's text: escapes undone, and UTF-16BE (with its byte order mark) decoded. */
export function pdfStringText(literal: string): string {
  const bytes: number[] = [];
  for (let at = 0; at < literal.length; at += 1) {
    const char = literal[at];
    if (char !== '\\') {
      bytes.push(char.charCodeAt(0) & 0xff);
      continue;
    }
    const next = literal[(at += 1)];
    const octal = /^[0-7]{1,3}/.exec(literal.slice(at));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      at += octal[0].length - 1;
    } else {
      bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let text = '';
    for (let at = 2; at + 1 < bytes.length; at += 2) {
      text += String.fromCharCode((bytes[at] << 8) | bytes[at + 1]);
    }
    return text;
  }
  return String.fromCharCode(...bytes);
}

const LITERAL = String.raw`\(((?:\\[^]|[^\\)])*)\)`;

function objectOf(source: string, ref: string | undefined): string {
  if (!ref) {
    return '';
  }
  const start = source.indexOf(`\n${ref} obj`);
  return start < 0 ? '' : source.slice(start, source.indexOf('endobj', start));
}

export function pdfStructure(pdf: Buffer): PdfStructure {
  const source = pdf.toString('latin1');
  const catalog = /\/Type \/Catalog([^]*?)>>\nendobj/.exec(source)?.[1] ?? '';
  const refOf = (key: string) => new RegExp(`/${key} (\\d+ 0) R`).exec(catalog)?.[1];
  const lang = new RegExp(`/Lang ${LITERAL}`).exec(catalog)?.[1];
  const info = /\/Info (\d+ 0) R/.exec(source)?.[1];
  // The title is a string object of its own: /Title n 0 R.
  const titleRef = /\/Title (\d+ 0) R/.exec(objectOf(source, info))?.[1];
  const title = new RegExp(`obj\n${LITERAL}\nendobj`).exec(`${objectOf(source, titleRef)}endobj`)?.[1];
  return {
    lang: lang === undefined ? null : pdfStringText(lang),
    marked: /\/Marked true/.test(objectOf(source, refOf('MarkInfo'))),
    hasStructTreeRoot: /\/Type \/StructTreeRoot/.test(objectOf(source, refOf('StructTreeRoot'))),
    displayDocTitle: /\/DisplayDocTitle true/.test(objectOf(source, refOf('ViewerPreferences'))),
    title: title === undefined ? null : pdfStringText(title),
    elementTypes: [...source.matchAll(/\n\/S \/(\w+)\n/g)].map((match) => match[1]),
    figureAlts: [...source.matchAll(new RegExp(String.raw`\/S \/Figure\n(?:[^]*?)\/Alt ${LITERAL}`, 'g'))].map(
      (match) => pdfStringText(match[1]),
    ),
    columnHeaders: (source.match(/\/Scope \/Column/g) ?? []).length,
  };
}
