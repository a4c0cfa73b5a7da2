/**
 * Word-based search of findings (the search documents are kept by the database: migration
 * 1795426000000-CreateFindingSearch). Pure functions: the words of a search, the SQL condition and rank for each
 * database, and the highlighting of matching words in what a results page shows.
 */

/** The words of what a user typed: runs of letters and digits (a reference's parts are words too). */
export function searchWords(typed: string): string[] {
  return typed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The FTS5 query for SQLite: every word must match (in any order, anywhere in the document), each stemmed by the
 * table's porter tokenizer; null when nothing searchable was typed.
 */
export function sqliteMatchQuery(typed: string): string | null {
  const words = searchWords(typed);
  return words.length === 0 ? null : words.map((word) => `"${word}"`).join(' AND ');
}

export type SearchDatabase = 'sqlite' | 'postgres';

/** The matching documents with their rank, as a table to join once (never a ranking subquery per row). */
export interface RankedMatches {
  table: string;
  alias: string;
  /** The expression of the finding's id, and of its rank. */
  id: string;
  rank: string;
  where: string;
}

/**
 * The condition limiting findings (alias `alias`) to those matching every word, and the matches with their rank to
 * join for ordering (`rankDirection` first), for one database. No words: a condition nothing meets.
 */
export function searchCondition(
  database: SearchDatabase,
  typed: string,
  alias = 'finding',
): {
  sql: string;
  ranked: RankedMatches | null;
  rankDirection: 'ASC' | 'DESC';
  parameters: { searchQuery?: string };
} {
  if (database === 'postgres') {
    const words = searchWords(typed);
    if (words.length === 0) {
      return { sql: '1 = 0', ranked: null, rankDirection: 'DESC', parameters: {} };
    }
    // Each word stemmed as the documents are, all required; a long stem is shortened to the part English forms of
    // it share and matched as a prefix: "disproportionate" (stem disproportion) finds "disproportionality"
    // (disproport). Short ones (numbers, a reference's parts) match exactly.
    const query = `(SELECT to_tsquery('simple', string_agg(CASE WHEN length(lexeme) >= 8
        THEN quote_literal(left(lexeme, greatest(7, length(lexeme) - 3))) || ':*' ELSE quote_literal(lexeme) END, ' & '))
      FROM unnest(tsvector_to_array(to_tsvector('english', :searchQuery))) AS lexeme)`;
    return {
      sql: `${alias}.id IN (SELECT s.finding_id FROM finding_search s WHERE s.document @@ ${query})`,
      ranked: {
        table: 'finding_search',
        alias: 's',
        id: 's.finding_id',
        rank: `ts_rank(s.document, ${query})`,
        where: `s.document @@ ${query}`,
      },
      rankDirection: 'DESC',
      parameters: { searchQuery: words.join(' ') },
    };
  }
  const match = sqliteMatchQuery(typed);
  if (match === null) {
    return { sql: '1 = 0', ranked: null, rankDirection: 'ASC', parameters: {} };
  }
  return {
    sql: `${alias}.id IN (SELECT rowid FROM finding_search WHERE finding_search MATCH :searchQuery)`,
    // bm25: lower is better; the reference and title weigh most.
    ranked: {
      table: 'finding_search',
      alias: 'finding_search',
      id: 'finding_search.rowid',
      rank: 'bm25(finding_search, 10.0, 5.0, 1.0)',
      where: 'finding_search MATCH :searchQuery',
    },
    rankDirection: 'ASC',
    parameters: { searchQuery: match },
  };
}

/** A piece of shown text, marked when it is a word the search matched. */
export interface TextPart {
  text: string;
  mark: boolean;
}

/**
 * Whether a shown word matches a searched word, stemming as the search does in spirit: the same word, or the two
 * sharing a stem (a common start of at least six letters covering all but the last three letters of the shorter),
 * or a plural, so "disproportionate" marks "disproportionality", "decisions" marks "decision" and "force" "forces".
 */
export function wordsMatch(shown: string, searched: string): boolean {
  const a = shown.toLowerCase();
  const b = searched.toLowerCase();
  if (a === b || a === `${b}s` || b === `${a}s`) {
    return true;
  }
  const shorter = Math.min(a.length, b.length);
  const needed = Math.max(6, shorter - 3);
  if (shorter < needed) {
    return false;
  }
  return a.slice(0, needed) === b.slice(0, needed);
}

/** Splits text into parts, marking the words that match a searched word; the parts join back to the text. */
export function highlightWords(text: string, typed: string): TextPart[] {
  const searched = searchWords(typed);
  if (searched.length === 0 || text === '') {
    return [{ text, mark: false }];
  }
  const parts: TextPart[] = [];
  let plain = '';
  for (const piece of text.split(/([\p{L}\p{N}]+)/u)) {
    if (piece !== '' && /^[\p{L}\p{N}]+$/u.test(piece) && searched.some((word) => wordsMatch(piece, word))) {
      if (plain) {
        parts.push({ text: plain, mark: false });
        plain = '';
      }
      parts.push({ text: piece, mark: true });
    } else {
      plain += piece;
    }
  }
  if (plain) {
    parts.push({ text: plain, mark: false });
  }
  return parts;
}

/**
 * The passage of a long text around its first matching word (about `width` characters, cut at spaces, with an
 * ellipsis where cut), highlighted; null when no word of the text matches.
 */
export function matchingPassage(text: string, typed: string, width = 220): TextPart[] | null {
  const parts = highlightWords(text, typed);
  let offset = 0;
  let first = -1;
  for (const part of parts) {
    if (part.mark) {
      first = offset;
      break;
    }
    offset += part.text.length;
  }
  if (first < 0) {
    return null;
  }
  let start = Math.max(0, first - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > first ? space : end;
  }
  const passage = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  return highlightWords(passage, typed);
}
