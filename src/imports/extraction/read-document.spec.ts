import fsPromises from 'node:fs/promises';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AREAS_FOR_IMPROVEMENT,
  importFolder,
  noiseBytes,
  PNG_BYTES,
  pdfWithoutText,
  reportHtml,
  reportPdf,
  type ImportFolder,
} from '../../../test/factories/import-files';
import { FIXTURES } from '../../../scripts/import-eval/eval-import';
import { extractReport } from './extract-report';
import {
  decodeDocument,
  formatSize,
  ImportInputError,
  isPdf,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_TEXT_CHARACTERS,
  readDocument,
  tooMuchTextMessage,
} from './read-document';

/** The ImportInputError readDocument throws for a file, or a failure naming what it returned instead. */
async function refusal(path: string, maxBytes?: number): Promise<ImportInputError> {
  try {
    const document = await readDocument(path, maxBytes);
    throw new Error(`${path} was read as ${document.format} (${document.text.length} characters)`);
  } catch (error) {
    if (error instanceof ImportInputError) {
      return error;
    }
    throw error;
  }
}

describe('readDocument', () => {
  let folder: ImportFolder;

  beforeEach(() => {
    folder = importFolder();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    folder.remove();
  });

  describe('refuses bad input with a message saying what is wrong', () => {
    it('an empty file', async () => {
      const error = await refusal(folder.write('report.txt', ''));
      expect(error.message).toBe('report.txt is empty: there is nothing to import.');
    });

    it('a PNG image', async () => {
      const error = await refusal(folder.write('scan.png', PNG_BYTES));
      expect(error.message).toBe('scan.png is not a PDF, Word (.docx), HTML or text file: it looks like binary data.');
    });

    it('random bytes with no extension', async () => {
      const error = await refusal(folder.write('report', noiseBytes(64 * 1024)));
      expect(error.message).toBe('report is not a PDF, Word (.docx), HTML or text file: it looks like binary data.');
    });

    it('a file named .pdf that is not a PDF, whether text or binary', async () => {
      expect(
        (await refusal(folder.write('report.pdf', 'Areas for improvement\n\n• The force should do better.\n'))).message,
      ).toBe('report.pdf is named .pdf but is not a PDF.');
      expect((await refusal(folder.write('image.PDF', PNG_BYTES))).message).toBe(
        'image.PDF is named .pdf but is not a PDF.',
      );
    });

    it('a PDF with no text layer (only a drawn rectangle)', async () => {
      const bytes = await pdfWithoutText();
      expect(isPdf(bytes)).toBe(true);
      const error = await refusal(folder.write('scanned.pdf', bytes));
      expect(error.message).toBe(
        'scanned.pdf is a PDF with no text in it (perhaps scanned pages): there is nothing to import.',
      );
    });

    it('a damaged PDF (a PDF header, then nothing readable)', async () => {
      const error = await refusal(
        folder.write('damaged.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), noiseBytes(4096)])),
      );
      expect(error.message).toMatch(/^damaged\.pdf could not be read as a PDF \(.+\)\.$/);
    });

    it('a password-protected PDF', async () => {
      const locked = (): Promise<string> => Promise.reject(new Error('No password given'));
      await expect(decodeDocument(await reportPdf(), 'locked.pdf', locked)).rejects.toThrow(
        new ImportInputError('locked.pdf is a password-protected PDF: it cannot be read.'),
      );
    });

    it('a 50 MB file, by its size and without reading it', async () => {
      const path = folder.sparse('huge.pdf', 50 * 1024 * 1024);
      const readFile = jest.spyOn(fsPromises, 'readFile');
      const error = await refusal(path);
      expect(error.message).toBe('huge.pdf is 50 MB; the largest file that can be imported is 20 MB.');
      expect(readFile).not.toHaveBeenCalled();
      // The spy does see reads: a small file is read once, whole.
      await readDocument(
        folder.write('small.txt', 'Areas for improvement\n\n• The force should record the use of force.\n'),
      );
      expect(readFile).toHaveBeenCalledTimes(1);
    });

    it('a file that does not exist, and a folder', async () => {
      const missing = join(folder.dir, 'missing.pdf');
      expect((await refusal(missing)).message).toBe(
        `${missing} cannot be read: no such file, or no permission to read it.`,
      );
      const dir = join(folder.dir, 'reports.pdf');
      mkdirSync(dir);
      expect((await refusal(dir)).message).toBe(`${dir} is not a file.`);
    });

    it('an HTML page with no text', async () => {
      const error = await refusal(
        folder.write(
          'blank.html',
          '<!DOCTYPE html><html><head><title>x</title></head><body><nav>Home</nav></body></html>',
        ),
      );
      expect(error.message).toBe('blank.html has no text in it: there is nothing to import.');
    });
  });

  describe('refuses more text than one report holds (MAX_IMPORT_TEXT_CHARACTERS)', () => {
    const areas = 'Areas for improvement\n\n• The force should record the use of force.\n';

    it('has a documented limit of 2 million characters, and says so', () => {
      expect(MAX_IMPORT_TEXT_CHARACTERS).toBe(2_000_000);
      expect(tooMuchTextMessage('all.txt')).toBe(
        'all.txt has too much text to import: more than 2,000,000 characters, where a long inspection report has about 150,000. Check that the file is one inspection report.',
      );
    });

    it('plain text, counted before anything else is done with it', async () => {
      const text = `${areas}${'x'.repeat(200)}`;
      await expect(
        decodeDocument(Buffer.from(text), 'long.txt', undefined, undefined, text.length),
      ).resolves.toMatchObject({ format: 'text' });
      await expect(
        decodeDocument(Buffer.from(text), 'long.txt', undefined, undefined, text.length - 1),
      ).rejects.toThrow(new ImportInputError(tooMuchTextMessage('long.txt', text.length - 1)));
    });

    it('a web page by its text, not its markup', async () => {
      const html = reportHtml().replace('</head>', `<style>${'p { color: black; }\n'.repeat(500)}</style></head>`);
      const document = await decodeDocument(Buffer.from(html), 'page.html', undefined, undefined, 1500);
      expect(html.length).toBeGreaterThan(1500);
      expect(document.text.length).toBeLessThanOrEqual(1500);
      await expect(decodeDocument(Buffer.from(html), 'page.html', undefined, undefined, 100)).rejects.toThrow(
        new ImportInputError(tooMuchTextMessage('page.html', 100)),
      );
    });

    it('a PDF, whose reading stops at the page that passes the limit', async () => {
      const pdf = await reportPdf();
      await expect(decodeDocument(pdf, 'report.pdf', undefined, undefined, 100)).rejects.toThrow(
        new ImportInputError(tooMuchTextMessage('report.pdf', 100)),
      );
      await expect(decodeDocument(pdf, 'report.pdf')).resolves.toMatchObject({ format: 'pdf' });
    });
  });

  it('has a documented limit of 20 MB and takes a file of exactly the limit', async () => {
    expect(MAX_IMPORT_BYTES).toBe(20 * 1024 * 1024);
    expect(formatSize(MAX_IMPORT_BYTES)).toBe('20 MB');
    const text = 'Areas for improvement\n\n• The force should record the use of force.\n';
    const path = folder.write('limit.txt', text);
    await expect(readDocument(path, Buffer.byteLength(text))).resolves.toMatchObject({
      format: 'text',
      bytes: Buffer.byteLength(text),
    });
    expect((await refusal(path, Buffer.byteLength(text) - 1)).message).toMatch(
      /^limit\.txt is \d+ KB; the largest file that can be imported is \d+ KB\.$/,
    );
  });

  it('reads the text of a real PDF in process, paragraphs and bullets intact', async () => {
    const document = await readDocument(folder.write('report.pdf', await reportPdf()));
    expect(document.format).toBe('pdf');
    expect(document.text).toContain('Areas for improvement');
    const areas = extractReport(document.text).findings.filter((finding) => finding.kind === 'area_for_improvement');
    expect(areas.map((finding) => finding.text)).toEqual([...AREAS_FOR_IMPROVEMENT]);
  });

  it('reads an HTML page as text, without its script or navigation', async () => {
    const document = await readDocument(folder.write('report.html', reportHtml()));
    expect(document.format).toBe('html');
    expect(document.text).not.toMatch(/window\.track|Home|</);
    expect(extractReport(document.text).findings.map((finding) => [finding.kind, finding.text])).toEqual(
      AREAS_FOR_IMPROVEMENT.map((text) => ['area_for_improvement', text]),
    );
  });

  it('reads a text file with no findings (it is the extractor that finds nothing)', async () => {
    const path = join(FIXTURES, 'no-findings.txt');
    const document = await readDocument(path);
    expect(document).toMatchObject({ format: 'text', bytes: readFileSync(path).length });
    expect(document.text).toContain('Annex A – About the data');
  });
});
