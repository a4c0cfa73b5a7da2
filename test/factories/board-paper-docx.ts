/**
 * A Word (.docx) board paper written with the `docx` package, as forces and police and crime
 * commissioners publish them: a heading, a paragraph, and the inspectorate's areas for improvement
 * quoted in a table with a RAG status column and an update whose cell holds two paragraphs. The Wessex
 * paper is the default; DERBYSHIRE_PAPER quotes a finding the default data holds.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';

/** The rows of the paper's table after its header: area for improvement, RAG status, update. */
export const BOARD_PAPER_ROWS = [
  [
    'AFI 1 – The force should improve how it records and reviews the use of force by its officers and staff.',
    'Green',
    ['Recording audited monthly.', 'Closed by the board in January.'],
  ],
  [
    'AFI 2 – The force should make sure that all frontline officers and staff receive annual safety training.',
    'Amber',
    ['72% trained; the rest booked by June.'],
  ],
] as const;

/** The paper's header row. */
export const BOARD_PAPER_HEADER = ['Area for improvement', 'RAG status', 'Update'] as const;

/** A table cell of one or more paragraphs. */
function cell(text: string | readonly string[]): TableCell {
  const paragraphs = typeof text === 'string' ? [text] : text;
  return new TableCell({ children: paragraphs.map((paragraph) => new Paragraph(paragraph)) });
}

/** What a board paper says: who it is for, what it is about, its opening paragraph and its table's rows. */
export interface BoardPaper {
  heading: string;
  subject: string;
  opening: string;
  rows: ReadonlyArray<readonly [string, string, string | readonly string[]]>;
}

/** The Wessex paper the other tests read (Wessex is no force of the tracker's). */
const WESSEX_PAPER: BoardPaper = {
  heading: 'Wessex Police and Crime Panel',
  subject: 'HMICFRS PEEL 2023–25: progress on the areas for improvement',
  opening:
    'This paper updates the panel on the progress Wessex Police has made against the areas for improvement in its PEEL inspection report.',
  rows: BOARD_PAPER_ROWS,
};

/**
 * A Derbyshire paper on its PEEL 2018/19 areas for improvement: the first row quotes one the tracker holds
 * (DER-2018-AFI-12, word for word), the second one it does not.
 */
export const DERBYSHIRE_PAPER: BoardPaper = {
  heading: 'Derbyshire Police and Crime Panel',
  subject: 'HMICFRS PEEL 2018/19: progress on the areas for improvement',
  opening:
    'This paper updates the panel on the progress Derbyshire Constabulary has made against the areas for improvement in its PEEL inspection report.',
  rows: [
    [
      'AFI 12 – The force should ensure that all relevant officers and staff have in-date officer safety training.',
      'Amber',
      ['Refresher courses booked for the remaining officers.'],
    ],
    [
      'AFI 13 – The force should make sure that custody staff record every strip search and the reasons for it.',
      'Green',
      'Custody records audited quarterly.',
    ],
  ],
};

/** A board paper's bytes: the Wessex paper unless another is given. */
export function boardPaperDocx(paper: BoardPaper = WESSEX_PAPER): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: paper.heading, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: paper.subject, heading: HeadingLevel.HEADING_2 }),
          new Paragraph(paper.opening),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: BOARD_PAPER_HEADER.map((text) => cell(text)) }),
              ...paper.rows.map(
                ([area, status, update]) => new TableRow({ children: [cell(area), cell(status), cell(update)] }),
              ),
            ],
          }),
          new Paragraph('The panel is asked to note the progress made.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
