import {
  highlightWords,
  matchingPassage,
  searchCondition,
  searchWords,
  sqliteMatchQuery,
  wordsMatch,
} from './finding-search';

describe('finding search', () => {
  it('reads words from what was typed, references split into their parts', () => {
    expect(searchWords('  Vetting DECISIONS ')).toEqual(['vetting', 'decisions']);
    expect(searchWords('DER-2025-AFI-01')).toEqual(['der', '2025', 'afi', '01']);
    expect(searchWords('%%% "" _')).toEqual([]);
  });

  it('asks SQLite for every word, in any order, each quoted', () => {
    expect(sqliteMatchQuery('decisions vetting')).toBe('"decisions" AND "vetting"');
    expect(sqliteMatchQuery('a"b OR c')).toBe('"a" AND "b" AND "or" AND "c"');
    expect(sqliteMatchQuery('%%%')).toBeNull();
  });

  it('gives a condition nothing meets when nothing searchable was typed', () => {
    expect(searchCondition('sqlite', '%%%').sql).toBe('1 = 0');
    expect(searchCondition('postgres', '   ').sql).toBe('1 = 0');
  });

  it('ranks by bm25 on SQLite and ts_rank on PostgreSQL', () => {
    const sqlite = searchCondition('sqlite', 'supervision investigations');
    expect(sqlite.parameters.searchQuery).toBe('"supervision" AND "investigations"');
    expect(sqlite.ranked!.rank).toContain('bm25');
    expect(sqlite.rankDirection).toBe('ASC');
    const postgres = searchCondition('postgres', 'supervision investigations');
    expect(postgres.sql).toContain("to_tsvector('english', :searchQuery)");
    expect(postgres.parameters.searchQuery).toBe('supervision investigations');
    expect(postgres.rankDirection).toBe('DESC');
  });

  it('matches shown words that share a stem with a searched word', () => {
    expect(wordsMatch('disproportionality', 'disproportionate')).toBe(true);
    expect(wordsMatch('Decision', 'decisions')).toBe(true);
    expect(wordsMatch('forces', 'force')).toBe(true);
    expect(wordsMatch('vet', 'vetting')).toBe(false);
    expect(wordsMatch('policy', 'police')).toBe(false);
  });

  it('marks matching words and keeps the text whole', () => {
    const parts = highlightWords('Improve vetting: review decisions.', 'decision VETTING');
    expect(parts.map((part) => part.text).join('')).toBe('Improve vetting: review decisions.');
    expect(parts.filter((part) => part.mark).map((part) => part.text)).toEqual(['vetting', 'decisions']);
    expect(highlightWords('Nothing here', '')).toEqual([{ text: 'Nothing here', mark: false }]);
  });

  it('cuts a passage around the first match, or gives none', () => {
    const text = `${'word '.repeat(100)}the supervision in place for investigations ${'more '.repeat(100)}`;
    const passage = matchingPassage(text, 'investigations', 120)!;
    const joined = passage.map((part) => part.text).join('');
    expect(joined.startsWith('…')).toBe(true);
    expect(joined.endsWith('…')).toBe(true);
    expect(passage.some((part) => part.mark && part.text === 'investigations')).toBe(true);
    expect(matchingPassage('no match here', 'vetting')).toBeNull();
  });
});
