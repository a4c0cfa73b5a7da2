/**
 * Small text helpers shared by the extractors: grade words, sentence splitting that keeps the source
 * text verbatim, and a crude word stemmer for matching differently worded area names.
 */
import type { Grade } from '../../reports/report-types';

/** Grade words as printed, in the order they must be tried (longest first). */
export const GRADE_PATTERN = '(outstanding|good|adequate|requires improvement|inadequate|ungraded|not graded)';

/** Maps a printed grade ("Requires improvement", "‘good’") to its key, or null. */
export function parseGrade(text: string): Grade | null {
  const word = text
    .trim()
    .replace(/^[‘'"“]+|[’'"”]+$/g, '')
    .toLowerCase();
  switch (word) {
    case 'outstanding':
      return 'outstanding';
    case 'good':
      return 'good';
    case 'adequate':
      return 'adequate';
    case 'requires improvement':
      return 'requires_improvement';
    case 'inadequate':
      return 'inadequate';
    case 'ungraded':
    case 'not graded':
      return 'ungraded';
    default:
      return null;
  }
}

/** One sentence of a paragraph, with its position so that multi-sentence quotes stay verbatim. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/** Words whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'no',
  'nos',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'vs',
  'approx',
  'cf',
  'fig',
  'para',
  'paras',
  'p',
  'pp',
  'inc',
  'ltd',
  'co',
]);

/**
 * Splits a paragraph into sentences at . ? ! (and a closing quote or bracket after it) followed by
 * white space and a capital, digit or opening quote. Abbreviations such as "e.g." do not split.
 */
export function splitSentences(paragraph: string): Sentence[] {
  const sentences: Sentence[] = [];
  const boundary = /[.?!][’”"')\]]*(?=\s+[\p{Lu}\d‘“"'(])/gu;
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = boundary.exec(paragraph)) !== null) {
    const end = match.index + match[0].length;
    const before = paragraph.slice(start, match.index);
    const lastWord = (/([\p{L}.]+)$/u.exec(before)?.[1] ?? '').toLowerCase();
    if (match[0].startsWith('.') && (ABBREVIATIONS.has(lastWord) || /^\p{Lu}$/u.test(lastWord))) {
      continue;
    }
    pushSentence(sentences, paragraph, start, end);
    start = end;
  }
  pushSentence(sentences, paragraph, start, paragraph.length);
  return sentences;
}

/** Adds the trimmed slice [start, end) as a sentence when it has any text. */
function pushSentence(sentences: Sentence[], paragraph: string, start: number, end: number): void {
  const raw = paragraph.slice(start, end);
  const leading = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text !== '') {
    sentences.push({ text, start: start + leading, end: start + leading + text.length });
  }
}

/** The verbatim text from the start of sentence `from` to the end of sentence `to` (inclusive). */
export function sentenceSpan(paragraph: string, sentences: readonly Sentence[], from: number, to: number): string {
  return paragraph.slice(sentences[from].start, sentences[to].end);
}

/** Words that carry no meaning when comparing area names. */
const STOPWORDS = new Set([
  'the',
  'of',
  'and',
  'at',
  'in',
  'its',
  'to',
  'a',
  'an',
  'for',
  'on',
  'how',
  'well',
  'does',
  'do',
  'is',
  'are',
  'with',
  'it',
  'that',
  'force',
  'forces',
  'constabulary',
  'our',
]);

/** Content-word stems of a phrase: "Fair treatment of the workforce" → {fair, treat, workforce}. */
export function stems(phrase: string): Set<string> {
  const words = phrase
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word));
  return new Set(
    words.map((word) =>
      word.replace(/(?:ments?|ing|ly|ness|ed|es|s)$/u, (suffix) => (word.length - suffix.length >= 4 ? '' : suffix)),
    ),
  );
}

/** True when two phrases name the same thing: the stems of one contain the other's, or they mostly overlap. */
export function sameArea(a: string, b: string): boolean {
  const left = stems(a);
  const right = stems(b);
  if (left.size === 0 || right.size === 0) {
    return false;
  }
  const shared = [...left].filter((stem) => right.has(stem)).length;
  const smaller = Math.min(left.size, right.size);
  return (shared === smaller && smaller >= 2) || shared / (left.size + right.size - shared) >= 0.6;
}

/** Normalises text for comparison: case, curly quotes, dashes, non-breaking spaces, white space, bullets. */
export function normaliseForMatch(text: string): string {
  return text
    .replace(/[‘’‛′`]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[–—‑‐]/g, '-')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/^[\s•●▪■◦\-*]+/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
