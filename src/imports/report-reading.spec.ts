import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportPdf } from '../../test/factories/import-files';
import { tooMuchTextMessage } from './extraction/read-document';
import { readReport, type ImportProgress, type ReportReadingJob } from './report-reading';

const CLEVELAND = readFileSync(
  join(__dirname, '..', '..', 'test', 'fixtures', 'uploads', 'cleveland-peel-2025-26.txt'),
);

function job(bytes: Uint8Array, overrides: Partial<ReportReadingJob> = {}): ReportReadingJob {
  return {
    name: 'cleveland.txt',
    bytes,
    maxTextCharacters: 2_000_000,
    pdfTimeoutMs: 60_000,
    forces: [{ code: 'CLE', name: 'Cleveland Police' }],
    candidates: [],
    inspections: [{ key: 'cle-2025-26-peel', period: '2025/26', forceCode: 'CLE' }],
    ...overrides,
  };
}

describe('readReport (what the worker thread runs on one upload)', () => {
  it('reads the document, proposes its findings and the review they start with, saying each step', async () => {
    const steps: ImportProgress[] = [];
    const outcome = await readReport(job(CLEVELAND), (progress) => steps.push(progress));
    expect(steps.map((step) => step.stage)).toEqual(['extracting', 'matching']);
    if (outcome.kind !== 'read') {
      throw new Error(outcome.message);
    }
    expect(outcome.format).toBe('text');
    expect(outcome.proposal.findings.map((finding) => finding.text)).toContain(
      'The force should improve how it manages suspects who are wanted for arrest.',
    );
    expect(outcome.review.report).toMatchObject({ forceCode: 'CLE', period: '2025/26' });
    expect(outcome.review.findings.every((finding) => finding.decision === 'accept')).toBe(true);
  });

  it('says each page of a PDF as it is read', async () => {
    const steps: ImportProgress[] = [];
    const outcome = await readReport(job(await reportPdf(), { name: 'report.pdf' }), (step) => steps.push(step));
    expect(outcome.kind).toBe('read');
    expect(steps[0]).toEqual({ stage: 'reading', message: 'Read page 1 of 1', done: 1, total: 1 });
  });

  it('reads a document with nothing to import like any other: its empty proposal is the answer', async () => {
    const outcome = await readReport(job(Buffer.from('Minutes of the meeting.\n'), { name: 'minutes.txt' }));
    expect(outcome).toMatchObject({
      kind: 'read',
      format: 'text',
      proposal: { judgments: [], findings: [], assessments: [] },
      review: { judgments: [], findings: [], assessments: [] },
    });
  });

  it('refuses more text than the limit, with the message for the field', async () => {
    await expect(readReport(job(CLEVELAND, { maxTextCharacters: 100 }))).resolves.toEqual({
      kind: 'refused',
      message: tooMuchTextMessage('cleveland.txt', 100),
    });
  });
});
