/**
 * A Word (.docx) board paper written with the `docx` package, as forces and police and crime
 * commissioners publish them: a heading, a paragraph, and the inspectorate's areas for improvement
 * quoted in a table with a RAG status column and an update whose cell holds two paragraphs.
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

/** The board paper's bytes. */
export function boardPaperDocx(): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Wessex Police and Crime Panel', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            text: 'HMICFRS PEEL 2023–25: progress on the areas for improvement',
            heading: HeadingLevel.HEADING_2,
          }),
          new Paragraph(
            'This paper updates the panel on the progress Wessex Police has made against the areas for improvement in its PEEL inspection report.',
          ),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: BOARD_PAPER_HEADER.map((text) => cell(text)) }),
              ...BOARD_PAPER_ROWS.map(
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
