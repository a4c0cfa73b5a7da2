/** Findings quoted under their label in board papers, minutes and trackers. Generic examples. */
import { isStatusCell, readLabelledFinding, splitStatusColumns } from './labelled-findings';
import { normaliseText, splitRawLines } from './normalise-text';

describe('readLabelledFinding', () => {
  it.each([
    ['AFI 3 - The service should review how it shares risk information with crews.', 'area_for_improvement'],
    [
      'Action for Further Improvement (AFI) 12 – the Force should improve how it records outcomes.',
      'area_for_improvement',
    ],
    ['Area for improvement 2: The force should make sure its supervisors review every case.', 'area_for_improvement'],
    ['Cause of concern 1 – The force does not answer emergency calls quickly enough.', 'cause_of_concern'],
    ['Recommendation 4 – The constabulary should publish its use of force data.', 'recommendation'],
  ])('%s', (text, kind) => {
    const found = readLabelledFinding(text);
    expect(found?.kind).toBe(kind);
    expect(found?.text).toMatch(/^(?:The|the) (?:service|Force|force|constabulary)\b/u);
  });

  it.each(['In response to a question regarding AFI 7, the chair asked for an update.', 'AFI 7', '2. Recommendation'])(
    'is not a labelled finding: %s',
    (text) => {
      expect(readLabelledFinding(text)).toBeNull();
    },
  );

  it('splits a flattened status-table row into the finding and its status', () => {
    expect(
      readLabelledFinding(
        'AFI 4 - The service should improve how it evaluates its prevention work 3 31 Mar 2024 On track 75',
        true,
      ),
    ).toEqual({
      kind: 'area_for_improvement',
      text: 'The service should improve how it evaluates its prevention work',
      statedStatus: 'On track',
    });
  });
});

describe('splitStatusColumns', () => {
  it('reads a RAG word at the end of a row without a date', () => {
    expect(splitStatusColumns('The force should review its vetting backlog Amber')).toEqual({
      text: 'The force should review its vetting backlog',
      statedStatus: 'Amber',
    });
  });

  it('leaves a row without a status alone', () => {
    expect(splitStatusColumns('The force should review its vetting backlog')).toEqual({
      text: 'The force should review its vetting backlog',
      statedStatus: null,
    });
  });
});

describe('a table row with its cells apart (a Word table: a tab between cells)', () => {
  it('keeps the cells apart through the clean-up, and a row is never a heading', () => {
    expect(splitRawLines('\tIndented\nAFI 1 – The force should act.  \t\tGreen \t Update\t')).toEqual([
      ' Indented',
      'AFI 1 – The force should act.\tGreen\tUpdate',
    ]);
    const { blocks } = normaliseText(
      'Ref\tArea for improvement\tRAG\n\nAFI 1\tThe force should review its vetting\tGreen',
    );
    expect(blocks.map((block) => [block.kind, block.text])).toEqual([
      ['paragraph', 'Ref\tArea for improvement\tRAG'],
      ['paragraph', 'AFI 1\tThe force should review its vetting\tGreen'],
    ]);
  });

  it.each([
    [
      'the label before the finding in its cell, the RAG column after it, an update last',
      'AFI 1 – The force should improve how it records the use of force.\tGreen\tRecording audited monthly. Closed by the board in January.',
      'The force should improve how it records the use of force.',
      'Green',
    ],
    [
      'the label a cell of its own, the status after a date',
      'Recommendation 3\tThe constabulary should publish its stop and search data.\t31/03/2024\tIn progress',
      'The constabulary should publish its stop and search data.',
      'In progress',
    ],
    [
      'a reference before the label, a status of several words',
      '12\tAFI 4 - The service should evaluate its prevention work\tOpen - Actions on going off track\t68%',
      'The service should evaluate its prevention work',
      'Open - Actions on going off track',
    ],
    [
      'an update that starts with a status word is not the status',
      'Cause of concern 1: The force does not answer emergency calls quickly enough.\tComplete. The new call plan started in May and calls are answered faster.',
      'The force does not answer emergency calls quickly enough.',
      null,
    ],
  ])('%s', (_case, row, text, statedStatus) => {
    const found = readLabelledFinding(row, true);
    expect(found).toEqual({ kind: expect.any(String) as unknown, text, statedStatus });
  });

  it('reads a RAG given as letters only under a header naming a status column', () => {
    const row = 'AFI 2\tThe force should review its vetting backlog\tG';
    expect(readLabelledFinding(row, true)?.statedStatus).toBe('G');
    expect(readLabelledFinding(row, false)?.statedStatus).toBeNull();
  });

  it('is not a labelled finding when no label starts its first cells', () => {
    expect(readLabelledFinding('Area for improvement\tRAG status\tUpdate', true)).toBeNull();
    expect(readLabelledFinding('The force should act on its vetting backlog\tAmber', true)).toBeNull();
  });

  it.each([
    ['Green', true],
    ['Amber/Green', true],
    ['Not started', true],
    ['On track', true],
    ['Closed', true],
    ['Recording audited monthly. Closed by the board in January.', false],
    ['Complete. The board agreed in May to close it.', false],
    ['Chief Superintendent Operations', false],
    ['30 Sep 2023', false],
  ])('isStatusCell(%s) is %s', (cell, expected) => {
    expect(isStatusCell(cell)).toBe(expected);
  });
});
