/**
 * Finds graded judgments: judgment tables (including tables flattened to one cell a line, with a
 * "Last inspected" column), and, where a report has no table, question or area headings followed by
 * "The force is good at …" or by a grade line, and press-release wording ("achieved an ‘outstanding’
 * grade in our 2016 Legitimacy inspection"). Carried-over grades keep the year they were given.
 */
import type { Grade } from '../../reports/report-types';
import type { ProposedJudgment } from './import-types';
import type { Block, TableRange } from './normalise-text';
import { isBlank, isBulletLine, isFinished } from './normalise-text';
import {
  fireAndRescueQuestionsIn,
  isFireAndRescueDocument,
  judgmentsInBlock,
  pillarOfQuestion,
} from './judgment-statements';
import { GRADE_PATTERN, parseGrade, sameArea, splitSentences } from './text-utils';

/** One row read from a judgment table. */
export interface TableRow {
  area: string;
  grade: Grade;
  year: string | null;
}

/** A table found in the cleaned lines: its rows and the lines it covers. */
export interface JudgmentTable {
  range: TableRange;
  rows: TableRow[];
}

const YEAR = /^(\d{4}(?:\/\d{2})?)$/;
const HEADER_CELL =
  /^(?:last|inspected|last inspected|area|grade|area grade|judgment|judgement|pillar|question|overall summary|inspected in \d{4}\/\d{2}\??)$/i;
const GRADE_ONLY = new RegExp(`^${GRADE_PATTERN}$`, 'i');
const ROW_ON_ONE_LINE = new RegExp(`^(.*\\S)\\s+${GRADE_PATTERN}(?:\\s+(\\d{4}(?:/\\d{2})?))?$`, 'i');

/** A table line with pipes and repeated spaces removed ("| Vetting | Adequate |" → "Vetting Adequate"). */
function cellText(line: string): string {
  return line.replace(/\|/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A line that can belong to a flattened table: blank, a grade, a year, a header, a separator or a short cell. */
function isTableLine(line: string): boolean {
  const text = cellText(line);
  if (isBlank(line) || /^[\s|:-]+$/.test(line)) {
    return true;
  }
  if (GRADE_ONLY.test(text) || YEAR.test(text) || HEADER_CELL.test(text)) {
    return true;
  }
  if (ROW_ON_ONE_LINE.test(text) && text.length <= 110) {
    return true;
  }
  return text.length <= 80 && !isFinished(text) && !isBulletLine(line) && !/[,;]$/.test(text);
}

/**
 * Reads the rows of one run of table lines. An area is the last group of consecutive text lines before
 * a grade (a wrapped cell spans several lines); a year after a grade is that row's "last inspected".
 * Returns the rows and the index of the first line of the first row.
 */
export function parseTableRun(
  lines: readonly string[],
  start: number,
  end: number,
): { rows: TableRow[]; firstRowLine: number; lastRowLine: number } {
  const rows: TableRow[] = [];
  let areaLines: string[] = [];
  let areaStart = -1;
  let previousBlank = true;
  let firstRowLine = -1;
  let lastRowLine = -1;
  let last: TableRow | null = null;
  for (let i = start; i < end; i++) {
    const text = cellText(lines[i]);
    if (isBlank(lines[i]) || /^[\s|:-]+$/.test(lines[i])) {
      previousBlank = true;
      continue;
    }
    if (HEADER_CELL.test(text)) {
      areaLines = [];
      previousBlank = true;
      continue;
    }
    const year = YEAR.exec(text);
    if (year) {
      if (last && last.year === null) {
        last.year = year[1];
        lastRowLine = i;
      }
      previousBlank = true;
      continue;
    }
    const gradeOnly = GRADE_ONLY.test(text) ? parseGrade(text) : null;
    const oneLine = gradeOnly ? null : ROW_ON_ONE_LINE.exec(text);
    if (gradeOnly || oneLine) {
      const prefix = oneLine ? oneLine[1] : '';
      const lead = prefix && previousBlank ? [] : areaLines;
      // A list item's marker and the colon or dash before its grade are not part of the area.
      const area = [...lead, prefix]
        .filter(Boolean)
        .join(' ')
        .replace(/^(?:[-–•*▪●]|o(?=\s))\s+/, '')
        .replace(/\s*[:–—-]$/, '')
        .trim();
      const grade = gradeOnly ?? parseGrade(oneLine?.[2] ?? '');
      if (area !== '' && grade) {
        last = { area, grade, year: oneLine?.[3] ?? null };
        rows.push(last);
        firstRowLine = firstRowLine < 0 ? (lead.length > 0 ? areaStart : i) : firstRowLine;
        lastRowLine = i;
      }
      areaLines = [];
      previousBlank = true;
      continue;
    }
    if (previousBlank) {
      areaLines = [];
      areaStart = i;
    }
    areaLines.push(text);
    previousBlank = false;
  }
  return { rows, firstRowLine, lastRowLine };
}

/** Finds flattened judgment tables: runs of table-shaped lines holding at least two graded rows. */
export function findJudgmentTables(lines: readonly string[]): JudgmentTable[] {
  const tables: JudgmentTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isTableLine(lines[i]) || isBlank(lines[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && isTableLine(lines[end])) {
      end++;
    }
    const { rows, firstRowLine, lastRowLine } = parseTableRun(lines, i, end);
    if (rows.length >= 2) {
      tables.push({ range: [firstRowLine, lastRowLine + 1], rows });
    }
    i = Math.max(end, i + 1);
  }
  return tables;
}

/** A statement elsewhere in the report of the year an area was last graded. */
interface YearClaim {
  area: string;
  year: string;
}

/**
 * Year claims in the text: "In 2017, we judged the force as good at its treatment of the workforce"
 * and, under an area heading, "our judgment from the 2016 effectiveness inspection has been carried over".
 */
export function findYearClaims(blocks: readonly Block[]): YearClaim[] {
  const claims: YearClaim[] = [];
  const judged = new RegExp(
    `\\bin (\\d{4}), we judged the force as (?:being )?${GRADE_PATTERN} (?:at|in) ([^.]+)`,
    'gi',
  );
  let heading: string | null = null;
  for (const block of blocks) {
    if (block.kind === 'heading' && parseGrade(block.text) === null) {
      heading = block.text;
      continue;
    }
    if (block.kind !== 'paragraph') {
      continue;
    }
    for (const match of block.text.matchAll(judged)) {
      claims.push({ year: match[1], area: match[3] });
    }
    const carried = /\bjudgment from the (\d{4})\b[^.]*\bcarried over/i.exec(block.text);
    if (carried && heading) {
      claims.push({ year: carried[1], area: heading });
    }
  }
  return claims;
}

/** The most common year among the table's rows: the year of the inspection itself. */
function dominantYear(rows: readonly TableRow[]): string | null {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.year) {
      counts.set(row.year, (counts.get(row.year) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  for (const [year, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) {
      best = year;
    }
  }
  return best;
}

/**
 * The year an area was last inspected: the table's year, unless most statements of it in the text
 * agree on another (tables flattened from PDFs are the least reliable source).
 */
function votedYear(row: TableRow, claims: readonly YearClaim[]): string | null {
  const votes = [
    row.year,
    ...claims.filter((claim) => sameArea(claim.area, row.area)).map((claim) => claim.year),
  ].filter((year): year is string => year !== null);
  if (votes.length === 0) {
    return null;
  }
  const counts = new Map<string, number>();
  votes.forEach((year) => counts.set(year, (counts.get(year) ?? 0) + 1));
  const best = Math.max(...counts.values());
  const winners = [...counts].filter(([, count]) => count === best).map(([year]) => year);
  return row.year !== null && winners.includes(row.year) ? row.year : winners[0];
}

/** Judgments from table rows; a year other than the report's own period is a carried-over grade. */
export function judgmentsFromTables(
  tables: readonly JudgmentTable[],
  blocks: readonly Block[],
  period: string | null,
): ProposedJudgment[] {
  const rows = tables.flatMap((table) => table.rows);
  const current = period ?? dominantYear(rows);
  const claims = findYearClaims(blocks);
  return rows.map((row) => {
    const year = row.year === null || row.year === current ? row.year : votedYear(row, claims);
    return { area: row.area, grade: row.grade, lastInspected: year === null || year === current ? null : year };
  });
}

const STATEMENT = new RegExp(
  `^(?:The force|The constabulary|[A-Z][\\w&' -]+ (?:Constabulary|Police)) (?:(?:is|was|remains|has been judged(?: as)?) ['‘]?${GRADE_PATTERN}['’]?|(requires improvement)) (?:at|in)\\b`,
);
const PRESS_RELEASE = new RegExp(
  `\\bachieved an? ['‘"“]?${GRADE_PATTERN}['’"”]? grade in (?:our|the|its) (\\d{4}) ([A-Z][a-z]+) inspection`,
  'i',
);

/**
 * The area a question heading names: the pillar for a pillar's question ("How efficiently does the
 * force operate …?" → "Efficiency"), the framework's name for a fire and rescue question in a fire and
 * rescue document, else the heading as printed.
 */
function headingArea(heading: string, fireAndRescue: boolean): string {
  const pillar = pillarOfQuestion(heading);
  if (pillar) {
    return pillar;
  }
  const questions = fireAndRescue ? fireAndRescueQuestionsIn(heading) : [];
  return questions.length === 1 ? questions[0] : heading;
}

/**
 * Judgments where there is no table, in the order the text gives them:
 * - a heading followed by a grade line (and perhaps a carried-over note); a pillar's question heading
 *   is named by its pillar;
 * - a police question heading followed by a paragraph opening "The force is good at …" (the area is
 *   the heading as printed);
 * - press-release wording ("achieved an ‘outstanding’ grade in our 2016 Legitimacy inspection");
 * - pillars and fire and rescue questions graded in prose, and lists completing "It requires
 *   improvement in:" (judgment-statements.ts).
 */
export function judgmentsFromText(blocks: readonly Block[]): ProposedJudgment[] {
  const judgments: ProposedJudgment[] = [];
  const add = (judgment: ProposedJudgment): void => {
    if (!judgments.some((existing) => existing.area.toLowerCase() === judgment.area.toLowerCase())) {
      judgments.push(judgment);
    }
  };
  const fireAndRescue = isFireAndRescueDocument(blocks);
  /** Blocks whose judgment a heading rule has already read. */
  const read = new Set<number>();
  let listGrade: Grade | null = null;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    const next = blocks[i + 1];
    // A title ("Exampleshire PEEL 2019") names a report, not an area.
    const isTitle = /\b(?:19|20)\d\d(?:\/\d\d)?$/.test(block.text.trim());
    if (block.kind === 'heading' && parseGrade(block.text) === null && !isTitle && next) {
      const gradeLine = next.kind === 'heading' ? parseGrade(next.text) : null;
      if (gradeLine) {
        const note = blocks[i + 2];
        const carried =
          note && note.kind === 'paragraph'
            ? /\bjudgment from the (\d{4})\b[^.]*\bcarried over/i.exec(note.text)
            : null;
        add({
          area: headingArea(block.text, fireAndRescue),
          grade: gradeLine,
          lastInspected: carried ? carried[1] : null,
        });
        continue;
      }
      const statement = next.kind === 'paragraph' ? STATEMENT.exec(splitSentences(next.text)[0]?.text ?? '') : null;
      const grade = statement ? parseGrade(statement[1] ?? statement[2]) : null;
      if (grade) {
        add({ area: block.text, grade, lastInspected: null });
        read.add(i + 1);
      }
    }
    if (block.kind === 'paragraph') {
      const pressRelease = PRESS_RELEASE.exec(block.text);
      const pressGrade = pressRelease ? parseGrade(pressRelease[1]) : null;
      if (pressRelease && pressGrade) {
        add({ area: pressRelease[3], grade: pressGrade, lastInspected: null });
      }
    }
    if ((block.kind === 'paragraph' || block.kind === 'bullet') && !read.has(i)) {
      const stated = judgmentsInBlock(block.text, fireAndRescue, block.kind === 'bullet' ? listGrade : null);
      stated.judgments.forEach(add);
      listGrade = stated.listGrade ?? (block.kind === 'bullet' ? listGrade : null);
    } else {
      listGrade = null;
    }
  }
  return judgments;
}

/** All judgments: from tables when the report has one, else from headings and statements. */
export function extractJudgments(
  tables: readonly JudgmentTable[],
  blocks: readonly Block[],
  period: string | null,
): ProposedJudgment[] {
  const fromTables = judgmentsFromTables(tables, blocks, period);
  return fromTables.length > 0 ? fromTables : judgmentsFromText(blocks);
}
