/**
 * Reading one uploaded report, from its bytes to the review it starts with: the document's text
 * (PDF, Word document, web page or plain text), the extractor's proposal, and the proposed matches
 * with findings already held. A document with nothing to import is read like any other: its empty
 * proposal is the answer, and the review page says so. Pure apart from reading a PDF (in a worker
 * of its own): everything it needs from the database comes in the job, so it can run in a worker
 * thread (report-reading.worker.ts) and keep the request thread free.
 */
import { extractReport } from './extraction/extract-report';
import type { ImportProposal } from './extraction/import-types';
import { readPdfText } from './extraction/pdf-text';
import { decodeDocument, ImportInputError, type PdfReader } from './extraction/read-document';
import { initialReview, type ImportReview, type MatchCandidate } from './import-review';

/** One step of reading an upload, for a progress display: what is happening, and how far through it is. */
export interface ImportProgress {
  stage: 'waiting' | 'reading' | 'extracting' | 'matching' | 'saving';
  message: string;
  /** Pages read so far and in all, while a PDF is read. */
  done?: number;
  total?: number;
}

/** What the tracker already holds that a proposal is matched with: loaded by the service, read here. */
export interface MatchingData {
  forces: Array<{ code: string; name: string }>;
  candidates: MatchCandidate[];
  inspections: Array<{ key: string; period: string; forceCode: string | null }>;
}

export interface ReportReadingJob extends MatchingData {
  /** The file's name, as the messages give it. */
  name: string;
  bytes: Uint8Array;
  /** More text than this is refused. */
  maxTextCharacters: number;
  /** How long a PDF may take to read (the caller's own time limit stops the whole job as well). */
  pdfTimeoutMs: number;
}

/** The outcome: the document read and proposed (perhaps empty), or a refusal to show beside the file field. */
export type ReportReadingOutcome =
  | { kind: 'read'; format: string; text: string; proposal: ImportProposal; review: ImportReview }
  | { kind: 'refused'; message: string };

/** Reads the document of a job and proposes its review, saying as each step starts. */
export async function readReport(
  job: ReportReadingJob,
  onProgress: (progress: ImportProgress) => void = () => undefined,
): Promise<ReportReadingOutcome> {
  const readPdf: PdfReader = (bytes, onPage, maxCharacters) =>
    readPdfText(bytes, onPage, { maxCharacters, timeoutMs: job.pdfTimeoutMs });
  let document: { format: string; text: string };
  try {
    document = await decodeDocument(
      job.bytes,
      job.name,
      readPdf,
      (page, pages) =>
        onProgress({ stage: 'reading', message: `Read page ${page} of ${pages}`, done: page, total: pages }),
      job.maxTextCharacters,
    );
  } catch (error) {
    if (error instanceof ImportInputError) {
      return { kind: 'refused', message: error.message };
    }
    throw error;
  }
  onProgress({ stage: 'extracting', message: 'Finding the judgments, findings and verdicts' });
  const proposal = extractReport(document.text);
  onProgress({ stage: 'matching', message: 'Matching the proposed findings with those already in the tracker' });
  const review = initialReview(
    proposal,
    job.forces,
    job.candidates,
    (forceCode, period) =>
      job.inspections.find((inspection) => inspection.forceCode === forceCode && inspection.period === period)?.key ??
      null,
  );
  return { kind: 'read', format: document.format, text: document.text, proposal, review };
}
