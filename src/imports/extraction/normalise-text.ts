/**
 * Turns the text of an inspection report (PDF-extracted, web or plain) into clean lines and blocks.
 *
 * PDF text comes with hard line breaks inside sentences, page numbers, running heads, glossary URLs
 * between paragraphs and tables flattened to one cell a line; web text has one paragraph a line.
 * This module undoes the damage without changing any word: lines of a paragraph are joined with one
 * space, a line ending in a hyphen after a letter is joined without one ("force-" + "wide"), and page
 * furniture is dropped. Pure functions: no I/O.
 */

/** How the text lays out paragraphs: hard-wrapped lines (PDF) or one paragraph a line (web). */
export type TextStyle = 'wrapped' | 'paragraphs';

/**
 * heading: a short unpunctuated line or question; bullet: a list item (marker dropped);
 * table: a flattened judgment table.
 */
export type BlockKind = 'heading' | 'paragraph' | 'bullet' | 'table';

/** One paragraph, heading, list item or table of the document, in document order. */
export interface Block {
  kind: BlockKind;
  /**
   * The joined text, verbatim apart from line joins; a bullet's marker is dropped. A table row's cells are
   * separated by a tab (CELL_BREAK).
   */
  text: string;
  /** Index of the block's first line in `NormalisedText.lines`. */
  firstLine: number;
  /** How many source lines the block had. */
  lineCount: number;
  /**
   * For a bullet: the kind of marker it had ("•", "-", "o", "1." for any number and a full stop, "1)"),
   * so that a list of dashes can be told from the numbered paragraphs around it.
   */
  marker?: string;
}

/** The cleaned document: lines without page furniture ('' for a blank line) and the blocks built from them. */
export interface NormalisedText {
  style: TextStyle;
  lines: string[];
  blocks: Block[];
}

/** Line ranges [start, end) that are flattened tables; their lines become one `table` block each. */
export type TableRange = readonly [number, number];

/**
 * Characters that start a list item, followed by a space. "" is the Symbol-font bullet some PDFs produce;
 * "o" followed by a non-breaking space or a run of spaces is a Word sub-bullet pasted as text.
 */
const BULLET_MARKER =
  /^\s*(?:[•●▪■◦○‣⁃∙·]|[-*–](?=\s)|\d{1,2}[.)](?=\s)|\d{1,2}\.\d{1,3}(?=\s+\p{Lu})|o(?=\u00A0|\s{2,}))\s*/u;

/**
 * Where PDF text ran the next list item onto the line of the one before: a list marker after the end of
 * a sentence, a lead-in's colon or an item's semicolon ("… of investigations. - The force should …",
 * "… the force: – was failing to …; – did not protect …").
 */
const RUN_ON_ITEM = /(?<=[.;:](?:\s+(?:and|or))?)\s+(?=[-–•●▪]\s+\S)/u;

/** A line that is only a web address (glossary links between PDF paragraphs). */
const URL_LINE = /^\s*(?:https?:\/\/|www\.)\S*\s*$/i;

/** A line that is only a page number ("12", "Page 3 of 40", "3 | HMICFRS" is not matched on purpose). */
const PAGE_NUMBER_LINE = /^\s*(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?\s*$/i;

/** Web-page furniture that is never report content. */
const WEB_FURNITURE =
  /^\s*(?:skip to (?:main )?content|back to (?:publication|top)|print this page|share this page|cookies on [\w .]+|return to top)\s*$/i;

/** Dates and update stamps: read by the metadata extractor from the raw text, not content. */
const STAMP_LINE = /^\s*(?:last updated|published on|published|updated|date of publication)\s*:?\s*\d/i;

/** Lines that repeat on purpose and so are never running heads. */
const STRUCTURAL_LINE =
  /^(?:areas? for improvement|causes? of concern|recommendations?|summary|last|inspected|last inspected|outstanding|good|adequate|requires improvement|inadequate|ungraded|not graded|\d{4}(?:\/\d{2})?|yes|no)$/i;

/** Sentence-final punctuation, allowing a closing quote or bracket after it. */
const FINISHED = /[.!?:;][’”"')\]]*$/u;

/**
 * What keeps a table row's cells apart in a line and in its block's text: one TAB. A Word document's
 * table row is one line with its cells separated by tabs (docx-text.ts), and so is a table pasted as
 * text; the cells stay apart until the extractor has read the row, so that a board paper's finding is
 * taken from its own cell and its status from the status column (labelled-findings.ts). Everything else
 * reads the tab as the white space it is.
 */
export const CELL_BREAK = '\t';

/**
 * A line with its cell breaks kept: tabs before the first word are indentation (spaces); a run of tabs
 * and spaces holding a tab between two cells becomes one tab (an empty cell between them is dropped).
 */
function keepCellBreaks(line: string): string {
  const indent = /^[ \t]*/u.exec(line)?.[0] ?? '';
  return indent.replace(/\t/g, ' ') + line.slice(indent.length).replace(/[ \t]*\t[ \t]*/g, CELL_BREAK);
}

/**
 * Splits raw text into lines: any newline convention, form feeds as page breaks, no BOM or zero-width
 * spaces, a table row's cells kept apart by one tab (CELL_BREAK).
 */
export function splitRawLines(raw: string): string[] {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/[\u200B-\u200D\u2060]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\f/g, '\n\n')
    .split('\n')
    .map((line) => keepCellBreaks(line).replace(/\s+$/u, ''));
}

/** True for a blank (or whitespace-only) line. */
export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Splits lines where PDF text ran list items together (see RUN_ON_ITEM), keeping each item's words. */
export function splitRunOnItems(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    const parts: string[] = [];
    let rest = line;
    let match: RegExpExecArray | null;
    while ((match = RUN_ON_ITEM.exec(rest)) !== null && match.index > 0) {
      parts.push(rest.slice(0, match.index));
      rest = rest.slice(match.index + match[0].length);
    }
    parts.push(rest);
    return parts;
  });
}

/** True when a line starts with a list marker. */
export function isBulletLine(line: string): boolean {
  return BULLET_MARKER.test(line) && line.replace(BULLET_MARKER, '').trim() !== '';
}

/** The kind of a line's list marker: the character, or "1." / "1)" for any number; null when it has none. */
export function bulletMarker(line: string): string | null {
  if (!isBulletLine(line)) {
    return null;
  }
  const marker = (BULLET_MARKER.exec(line)?.[0] ?? '').trim();
  if (/^\d+\.\d/.test(marker)) {
    return '1.1';
  }
  return /^\d/.test(marker) ? `1${marker.slice(-1)}` : marker;
}

/** The line without its list marker. */
export function stripBullet(line: string): string {
  return line.replace(BULLET_MARKER, '');
}

/** True when text ends with sentence-final punctuation (so the paragraph or item is complete). */
export function isFinished(text: string): boolean {
  return FINISHED.test(text.trim());
}

/**
 * Decides whether lines are hard-wrapped (PDF) or one paragraph a line (web): web text has many long
 * lines; wrapped text has none over about 100 characters.
 */
export function detectStyle(lines: readonly string[]): TextStyle {
  const content = lines.filter((line) => !isBlank(line));
  if (content.length === 0) {
    return 'paragraphs';
  }
  const long = content.filter((line) => line.trim().length > 120).length;
  return long / content.length >= 0.1 ? 'paragraphs' : 'wrapped';
}

/** A heading that numbers findings ("Recommendation 2", "Area for improvement 3"): never a running head. */
const NUMBERED_FINDING_LINE = /^(?:areas? for improvement|causes? of concern|recommendations?|AFI)\b/iu;

/**
 * The key under which a running head is counted: a head or footer with the page number at its start or
 * end ("12 | Wessex Police PEEL inspection", "Wessex Police PEEL inspection 13") counts once whatever the
 * page, when at least three words remain.
 */
export function runningHeadKey(text: string): string {
  const match = /^(?:\d{1,3}\s*[|–-]?\s+)(?<body>.+)$|^(?<body2>.+?)(?:\s+[|–-]?\s*\d{1,3})$/u.exec(text);
  const body = match?.groups?.body ?? match?.groups?.body2;
  if (!body || body.split(/\s+/u).length < 3 || NUMBERED_FINDING_LINE.test(body)) {
    return text;
  }
  return `# ${body}`;
}

/**
 * Lines that appear at least three times, short and not structural: running heads and footers of a
 * paginated (wrapped) document, counted under runningHeadKey. Returned as keys.
 */
export function findRunningHeads(lines: readonly string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const text = line.trim();
    if (text === '' || text.length > 80 || STRUCTURAL_LINE.test(text) || isBulletLine(line) || isFinished(text)) {
      continue;
    }
    const key = runningHeadKey(text);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count >= 3).map(([text]) => text));
}

/**
 * Drops page furniture: URL-only lines, page numbers, web furniture, update stamps and (for wrapped
 * text) running heads. A dropped line disappears entirely, so a paragraph interrupted by it rejoins.
 * Runs of blank lines collapse to one.
 */
export function dropFurniture(lines: readonly string[], style: TextStyle): string[] {
  const heads = style === 'wrapped' ? findRunningHeads(lines) : new Set<string>();
  const kept: string[] = [];
  for (const line of lines) {
    const text = line.trim();
    if (
      URL_LINE.test(line) ||
      PAGE_NUMBER_LINE.test(line) ||
      WEB_FURNITURE.test(line) ||
      STAMP_LINE.test(line) ||
      heads.has(runningHeadKey(text))
    ) {
      continue;
    }
    if (text === '' && (kept.length === 0 || kept[kept.length - 1] === '')) {
      continue;
    }
    kept.push(text === '' ? '' : line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') {
    kept.pop();
  }
  return kept;
}

/**
 * Some PDF-to-text tools put a blank line after every line ("double spacing"). When most lines are
 * followed by exactly one blank line, single blank lines are removed and longer gaps kept as one.
 */
export function undoDoubleSpacing(lines: readonly string[]): string[] {
  let content = 0;
  let singleGaps = 0;
  for (let i = 0; i < lines.length; i++) {
    if (isBlank(lines[i])) {
      continue;
    }
    content++;
    if (i + 2 < lines.length && isBlank(lines[i + 1]) && !isBlank(lines[i + 2])) {
      singleGaps++;
    }
  }
  if (content < 8 || singleGaps / content < 0.6) {
    return [...lines];
  }
  const result: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!isBlank(lines[i])) {
      result.push(lines[i]);
      continue;
    }
    let end = i;
    while (end + 1 < lines.length && isBlank(lines[end + 1])) {
      end++;
    }
    const before = lines[i - 2];
    const after = lines[end + 2];
    const beforeRun = i >= 2 && !isBlank(lines[i - 1]) && before !== undefined && !isBlank(before);
    const afterRun = end + 1 < lines.length && after !== undefined && !isBlank(after);
    if (end > i || beforeRun || afterRun) {
      result.push('');
    }
    i = end;
  }
  return result;
}

/** The 90th-percentile length of content lines: the wrap width of a PDF's body text. */
export function wrapWidth(lines: readonly string[]): number {
  const lengths = lines
    .filter((line) => !isBlank(line) && !isBulletLine(line))
    .map((line) => line.trim().length)
    .sort((a, b) => a - b);
  if (lengths.length === 0) {
    return 80;
  }
  return lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.9))];
}

/** Leading spaces of a line. */
function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** True when a line starts with an upper-case letter, digit or opening quote. */
function startsCapital(text: string): boolean {
  return /^[\p{Lu}\d‘“"'(]/u.test(text.trim());
}

/** True when a line starts with a lower-case letter: it continues a sentence. */
export function startsLower(text: string): boolean {
  return /^\p{Ll}/u.test(text.trim());
}

/** A short, unpunctuated, capitalised line: in wrapped text, a heading standing on its own. */
function isHeadingLine(line: string, width: number): boolean {
  const text = line.trim();
  const words = text.split(/\s+/).length;
  return (
    text.length > 0 &&
    text.length < width * 0.6 &&
    words <= 12 &&
    !isFinished(text) &&
    !/[,–-]$/.test(text) &&
    startsCapital(text) &&
    !isBulletLine(line)
  );
}

/**
 * Joins the lines of one paragraph: one space between lines, none after a hyphen that follows a
 * letter ("force-" + "wide" → "force-wide"). Words are never changed.
 */
export function joinLines(lines: readonly string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      continue;
    }
    if (text === '') {
      text = line;
    } else if (/\p{L}-$/u.test(text) && /^\p{L}/u.test(line)) {
      text += line;
    } else {
      text += ` ${line}`;
    }
  }
  return text;
}

/** Groups line indexes into raw blocks (each a list of line indexes), honouring the text style. */
export function groupLines(lines: readonly string[], style: TextStyle, tables: readonly TableRange[] = []): number[][] {
  const groups: number[][] = [];
  const width = wrapWidth(lines);
  let current: number[] = [];
  const close = (): void => {
    if (current.length > 0) {
      groups.push(current);
      current = [];
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const table = tables.find(([start, end]) => i >= start && i < end);
    if (table) {
      close();
      groups.push(Array.from({ length: table[1] - table[0] }, (_, k) => table[0] + k));
      i = table[1] - 1;
      continue;
    }
    const line = lines[i];
    if (isBlank(line)) {
      close();
      continue;
    }
    if (style === 'paragraphs') {
      close();
      current.push(i);
      close();
      continue;
    }
    if (current.length > 0 && startsNewBlock(lines[current[current.length - 1]], line, lines[current[0]], width)) {
      close();
    }
    current.push(i);
    const next = lines[i + 1];
    if (
      next !== undefined &&
      !isBlank(next) &&
      isHeadingLine(line, width) &&
      (startsCapital(next) || isBulletLine(next)) &&
      current.length === 1
    ) {
      close();
    }
  }
  close();
  return groups;
}

/**
 * In wrapped text, whether `line` starts a new block after `previous` (the last line of the current
 * block, whose first line is `first`): a new list item; the end of a finished list item; a finished
 * short line (the last line of a paragraph); or a more indented line after a finished one (a new page).
 */
function startsNewBlock(previous: string, line: string, first: string, width: number): boolean {
  if (isBulletLine(line)) {
    return true;
  }
  const previousText = previous.trim();
  const finished = isFinished(previousText);
  if (isBulletLine(first)) {
    return finished;
  }
  if (finished && previousText.length < width * 0.7) {
    return true;
  }
  return indentOf(line) > indentOf(previous) && (finished || previousText.length < width * 0.7);
}

/**
 * Classifies a block of joined text that is not a table or bullet. A table row (cells apart, CELL_BREAK) is
 * a paragraph: a table's header row is not the heading of the rows under it.
 */
export function classifyText(text: string, lineCount: number, style: TextStyle): 'heading' | 'paragraph' {
  const words = text.split(/\s+/).length;
  const headingShaped =
    !text.includes(CELL_BREAK) &&
    text.length <= 160 &&
    words <= 25 &&
    (!isFinished(text) || text.endsWith('?')) &&
    !/[,]$/.test(text) &&
    startsCapital(text);
  if (!headingShaped) {
    return 'paragraph';
  }
  return style === 'wrapped' && lineCount > 2 ? 'paragraph' : 'heading';
}

/**
 * Merges a block that starts with a lower-case letter into the unfinished paragraph or list item it
 * continues (a sentence broken by a page break, a floating box or page furniture).
 */
export function mergeContinuations(blocks: readonly Block[]): Block[] {
  const result: Block[] = [];
  for (const block of blocks) {
    if ((block.kind === 'paragraph' || block.kind === 'heading') && startsLower(block.text)) {
      const target = continuationTarget(result);
      if (target !== null) {
        const host = result[target];
        result[target] = {
          ...host,
          text: joinLines([host.text, block.text]),
          lineCount: host.lineCount + block.lineCount,
        };
        continue;
      }
    }
    result.push(block);
  }
  return result;
}

/** Index of the block a lower-case continuation belongs to, looking back over headings and finished items. */
function continuationTarget(blocks: readonly Block[]): number | null {
  for (let i = blocks.length - 1; i >= 0 && i >= blocks.length - 8; i--) {
    const block = blocks[i];
    if (block.kind === 'table') {
      return null;
    }
    if (block.kind === 'heading') {
      continue;
    }
    if (!isFinished(block.text)) {
      return i;
    }
    if (block.kind === 'paragraph') {
      return null;
    }
  }
  return null;
}

/** Builds blocks from cleaned lines. */
export function buildBlocks(lines: readonly string[], style: TextStyle, tables: readonly TableRange[] = []): Block[] {
  const blocks: Block[] = [];
  for (const group of groupLines(lines, style, tables)) {
    const groupLinesText = group.map((index) => lines[index]);
    const firstLine = group[0];
    if (tables.some(([start]) => start === firstLine)) {
      blocks.push({
        kind: 'table',
        text: groupLinesText
          .map((line) => line.trim())
          .filter(Boolean)
          .join('\n'),
        firstLine,
        lineCount: group.length,
      });
      continue;
    }
    if (isBulletLine(groupLinesText[0])) {
      blocks.push({
        kind: 'bullet',
        text: joinLines([stripBullet(groupLinesText[0]), ...groupLinesText.slice(1)]),
        firstLine,
        lineCount: group.length,
        marker: bulletMarker(groupLinesText[0]) ?? undefined,
      });
      continue;
    }
    const text = joinLines(groupLinesText);
    blocks.push({ kind: classifyText(text, group.length, style), text, firstLine, lineCount: group.length });
  }
  return style === 'wrapped' ? mergeContinuations(blocks) : blocks;
}

/** Cleans raw text into lines without furniture, in the detected style. */
export function cleanLines(raw: string): { style: TextStyle; lines: string[] } {
  const rawLines = splitRunOnItems(undoDoubleSpacing(splitRawLines(raw)));
  const style = detectStyle(rawLines.filter((line) => !URL_LINE.test(line)));
  return { style, lines: dropFurniture(rawLines, style) };
}

/**
 * The whole clean-up: lines without furniture, then blocks. `findTables` marks flattened tables so
 * their cells do not become headings or paragraphs.
 */
export function normaliseText(
  raw: string,
  findTables: (lines: readonly string[]) => TableRange[] = () => [],
): NormalisedText {
  const { style, lines } = cleanLines(raw);
  const tables = findTables(lines);
  return { style, lines, blocks: buildBlocks(lines, style, tables) };
}
