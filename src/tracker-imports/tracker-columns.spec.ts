import { columnLetter, fieldOfHeader, guessHeaderRow, guessMapping, headersOf, type Sheet } from './tracker-columns';

describe('header row and columns of a tracker', () => {
  const sheet: Sheet = {
    name: 'Tracker',
    rows: [
      // A title merged across the sheet: the same text in each cell it covers.
      [
        'Force improvement tracker',
        'Force improvement tracker',
        'Force improvement tracker',
        'Force improvement tracker',
      ],
      [],
      // "Ref" merged down over two rows; group headings merged over two ranges.
      ['Ref', 'Finding', 'Finding', 'Progress', 'Progress'],
      ['Ref', 'Recommendation / AFI', 'RAG', 'Target date', 'Action owner', 'Owner'],
      ['AFI 1', 'The force should improve its vetting.', 'Green', 45838, 'Vetting manager', 'Head of PSD'],
    ],
  };

  it('passes over a title and a merged group heading to the row of headers', () => {
    expect(guessHeaderRow(sheet)).toBe(4);
  });

  it('takes the first row with three header-like cells when none names fields, else row 1', () => {
    expect(
      guessHeaderRow({
        name: 'x',
        rows: [
          ['Alpha', 'Beta', 'Gamma'],
          ['1', '2', '3'],
        ],
      }),
    ).toBe(1);
    expect(guessHeaderRow({ name: 'x', rows: [[null], ['Alpha', 'Beta', 'Gamma']] })).toBe(2);
    expect(guessHeaderRow({ name: 'x', rows: [[1, 2]] })).toBe(1);
  });

  it('names a field from a header’s words, the longest phrase winning', () => {
    expect(fieldOfHeader('Action owner')?.field).toBe('actionOwner');
    expect(fieldOfHeader('Owner')?.field).toBe('owner');
    expect(fieldOfHeader('AFI No.')?.field).toBe('reference');
    expect(fieldOfHeader('Recommendation / AFI')?.field).toBe('text');
    expect(fieldOfHeader('Target Date (dd/mm/yyyy)')?.field).toBe('targetDate');
    expect(fieldOfHeader('RAG')?.field).toBe('status');
    expect(fieldOfHeader('Latest update')?.field).toBe('update');
    expect(fieldOfHeader('Report / year')?.field).toBe('report');
    expect(fieldOfHeader('Colour of the sky')).toBeNull();
  });

  it('maps each field to one column, the organisation’s remembered headers first', () => {
    const headers = headersOf(sheet, 4);
    expect(guessMapping(headers)).toEqual({
      reference: 0,
      text: 1,
      status: 2,
      targetDate: 3,
      actionOwner: 4,
      owner: 5,
    });
    expect(guessMapping(headers, { owner: 'Action owner' })).toMatchObject({ owner: 4, reference: 0 });
    expect(guessMapping(headers, { owner: 'Action owner' }).actionOwner).toBeUndefined();
  });

  it('names each column once, a header merged across columns numbered after its first', () => {
    expect(headersOf(sheet, 3)).toEqual(['Ref', 'Finding', 'Finding (2)', 'Progress', 'Progress (2)', 'Column F']);
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(25)).toBe('Z');
    expect(columnLetter(26)).toBe('AA');
  });
});
