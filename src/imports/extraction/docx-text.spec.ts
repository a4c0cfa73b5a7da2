/**
 * Word documents (.docx) read for import: a board paper written with the `docx` package, quoting
 * areas for improvement in a table with a RAG status column, is read with each table row on one line
 * (cells separated by a tab) and its areas for improvement are proposed; bad Word files get one clear
 * message, as bad PDFs do.
 */
import { Document, Packer, Paragraph } from 'docx';
import { BOARD_PAPER_HEADER, BOARD_PAPER_ROWS, boardPaperDocx } from '../../../test/factories/board-paper-docx';
import { importFolder, type ImportFolder } from '../../../test/factories/import-files';
import { docxBodySize, docxHtmlToText, MAX_DOCX_BODY_BYTES } from './docx-text';
import { extractReport } from './extract-report';
import { decodeDocument, ImportInputError, readDocument, tooMuchTextMessage } from './read-document';

/** The ImportInputError decodeDocument throws for some bytes, or a failure naming what it returned instead. */
async function refusal(bytes: Uint8Array, name: string, maxCharacters?: number): Promise<string> {
  try {
    const document = await decodeDocument(bytes, name, undefined, undefined, maxCharacters);
    throw new Error(`${name} was read as ${document.format} (${document.text.length} characters)`);
  } catch (error) {
    if (error instanceof ImportInputError) {
      return error.message;
    }
    throw error;
  }
}

/** The bytes with the uncompressed size the ZIP's central directory declares for word/document.xml set to `size`. */
function withDeclaredBodySize(bytes: Buffer, size: number): Buffer {
  const copy = Buffer.from(bytes);
  const name = Buffer.from('word/document.xml');
  for (let at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0;) {
    if (copy.subarray(at + 46, at + 46 + name.length).equals(name)) {
      copy.writeUInt32LE(size, at + 24);
      return copy;
    }
    at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
  }
  throw new Error('no central directory entry for word/document.xml');
}

describe('reading a Word document (.docx)', () => {
  let folder: ImportFolder;

  beforeEach(() => {
    folder = importFolder();
  });

  afterEach(() => {
    folder.remove();
  });

  it('reads a board paper: headings and paragraphs a block each, each table row one line with its cells tab-separated', async () => {
    const document = await readDocument(folder.write('board-paper.docx', await boardPaperDocx()));
    expect(document.format).toBe('docx');
    expect(document.text).toBe(
      [
        'Wessex Police and Crime Panel',
        'HMICFRS PEEL 2023–25: progress on the areas for improvement',
        'This paper updates the panel on the progress Wessex Police has made against the areas for improvement in its PEEL inspection report.',
        BOARD_PAPER_HEADER.join('\t'),
        ...BOARD_PAPER_ROWS.map(([area, status, update]) => [area, status, update.join(' ')].join('\t')),
        'The panel is asked to note the progress made.',
      ].join('\n\n'),
    );
  });

  it('proposes the areas for improvement quoted in the table, each its own cell only, with the RAG status the paper gives', async () => {
    const document = await decodeDocument(await boardPaperDocx(), 'board-paper.docx');
    const proposal = extractReport(document.text);
    expect(proposal.findings.map((finding) => [finding.kind, finding.text, finding.statedStatus])).toEqual(
      BOARD_PAPER_ROWS.map(([area, status]) => ['area_for_improvement', area.replace(/^AFI \d+ – /, ''), status]),
    );
  });

  it('is recognised by its content, whatever its name', async () => {
    const document = await decodeDocument(await boardPaperDocx(), 'download');
    expect(document.format).toBe('docx');
  });

  describe('refuses a Word file it cannot read, with a message saying what is wrong', () => {
    it('a file named .docx that is not one', async () => {
      expect(await refusal(Buffer.from('Areas for improvement\n'), 'paper.docx')).toBe(
        'paper.docx is named .docx but is not a Word document.',
      );
    });

    it('an older Word document (.doc), and a password-protected .docx (both OLE2 compound files)', async () => {
      const ole2 = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
      expect(await refusal(ole2, 'paper.doc')).toBe(
        'paper.doc is an older Word document (.doc), which cannot be read: save it as .docx or PDF and upload that.',
      );
      expect(await refusal(ole2, 'locked.docx')).toBe(
        'locked.docx is a password-protected Word document: it cannot be read. Save it without a password and upload it again.',
      );
    });

    it('a damaged Word document', async () => {
      const damaged = Buffer.from(await boardPaperDocx());
      for (let index = 200; index < 1200; index++) {
        damaged[index] = (damaged[index] * 7 + 13) & 0xff;
      }
      expect(await refusal(damaged, 'damaged.docx')).toMatch(
        /^damaged\.docx could not be read as a Word document \(.+\)\.$/,
      );
    });

    it('a Word document with no text', async () => {
      const blank = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('')] }] }));
      expect(await refusal(blank, 'blank.docx')).toBe(
        'blank.docx is a Word document with no text in it: there is nothing to import.',
      );
    });

    it('more text than the limit, and a body declared larger than one report (before it is expanded)', async () => {
      const bytes = await boardPaperDocx();
      expect(await refusal(bytes, 'long.docx', 100)).toBe(tooMuchTextMessage('long.docx', 100));
      const bomb = withDeclaredBodySize(bytes, MAX_DOCX_BODY_BYTES + 1);
      expect(docxBodySize(bomb)).toBe(MAX_DOCX_BODY_BYTES + 1);
      expect(await refusal(bomb, 'bomb.docx')).toBe(tooMuchTextMessage('bomb.docx'));
    });
  });
});

describe('docxBodySize', () => {
  it('reads the declared size of word/document.xml, and is null for anything that is not a Word document', async () => {
    expect(docxBodySize(await boardPaperDocx())).toBeGreaterThan(1000);
    expect(docxBodySize(Buffer.from('PK\x03\x04 not really a zip'))).toBeNull();
    expect(docxBodySize(Buffer.from('%PDF-1.7'))).toBeNull();
  });
});

describe('docxHtmlToText', () => {
  it('keeps a row on one line: a cell’s paragraphs and list items joined by spaces, empty cells kept as tabs', () => {
    expect(
      docxHtmlToText(
        '<h1>Action plan</h1><table><tr><th><p>AFI</p></th><th><p>RAG</p></th><th></th><th><p>Notes</p></th></tr>' +
          '<tr><td><p>The force should do better.</p></td><td><p>Red</p></td><td></td><td><ul><li>One</li><li>Two</li></ul></td></tr></table>' +
          '<p>After the table.</p>',
      ),
    ).toBe(
      ['Action plan', 'AFI\tRAG\t\tNotes', 'The force should do better.\tRed\t\tOne Two', 'After the table.'].join(
        '\n\n',
      ),
    );
  });
});
