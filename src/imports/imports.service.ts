import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { sha256Hex } from '../evidence/evidence-storage';
import { FormError } from '../common/form-error';
import { nowIso } from '../common/dates';
import { isUniqueViolation } from '../database/unique-violation';
import { WriteTransactions } from '../database/write-transactions';
import { Finding } from '../findings/finding.entity';
import { Force } from '../reports/force.entity';
import { isEmptyProposal } from './extraction/extract-report';
import { formatSize, MAX_IMPORT_BYTES } from './extraction/read-document';
import { ReportRecorder } from '../reports/report-recorder';
import {
  initialLinks,
  sectionsOf,
  type Decision,
  type ImportReview,
  type MatchCandidate,
  type ProposalSection,
} from './import-review';
import { recordOfImport } from './import-record';
import { applyReview, sectionDecisionOf, type ReviewImportDto, type SectionDecisionDto } from './dto/review-import.dto';
import { ReportImport } from './report-import.entity';
import { ReportReader } from './report-reader';
import type { ImportProgress, MatchingData } from './report-reading';

export type { ImportProgress } from './report-reading';

/** Who is importing, and from where (the CLI passes its own name and no address). */
export interface ImportActor {
  username: string;
  ip: string | null;
}

export interface UploadedReportFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** What a commit made, for the message after it. */
export interface CommitSummary {
  reportKey: string;
  reportTitle: string;
  findings: number;
  sources: number;
  judgments: number;
  assessments: number;
  links: number;
}

/** Receives progress; the upload waits for it, so a streamed line can leave before the next long step. */
export type ProgressListener = (progress: ImportProgress) => void | Promise<void>;

/** Lets pending output (a streamed progress line) go out before synchronous work holds the event loop. */
const yieldToOutput = () => new Promise<void>((resolve) => setImmediate(resolve));

/** PostgreSQL advisory lock class (first key) on which uploads of a document (second key: its hash) take turns. */
const UPLOAD_LOCK = 7405801;

/** The outcome of reading a document: a new import to review, or the one this document already is. */
export type UploadOutcome = { kind: 'new'; import: ReportImport } | { kind: 'already'; import: ReportImport };

@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
    private readonly reader: ReportReader,
    private readonly recorder: ReportRecorder,
  ) {}

  list(): Promise<ReportImport[]> {
    return this.dataSource.getRepository(ReportImport).find({
      select: {
        id: true,
        fileName: true,
        format: true,
        sizeBytes: true,
        status: true,
        createdBy: true,
        createdAt: true,
        committedAt: true,
        reportId: true,
      },
      relations: { report: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 100,
    });
  }

  async get(id: number): Promise<ReportImport> {
    const found = await this.dataSource
      .getRepository(ReportImport)
      .findOne({ where: { id }, relations: { report: true } });
    if (!found) {
      throw new NotFoundException(`There is no import ${id}`);
    }
    if (found.review && !found.review.links) {
      // Reviewed before links were proposed: start its links as a new review would.
      found.review.links = initialLinks(found.proposal);
    }
    return found;
  }

  async forces(): Promise<Force[]> {
    return this.dataSource.getRepository(Force).find({ order: { name: 'ASC' } });
  }

  /**
   * Reads an uploaded document and stores its proposal for review. Nothing is written when the
   * document cannot be read. A document that holds nothing to import is stored like any other, with
   * its empty proposal, so that the review page can say so and the person can discard it (and the
   * same document uploaded again is recognised); a document already uploaded (same bytes)
   * is recognised by its SHA-256 and not stored again, even when several uploads of it arrive at
   * once (here or on another instance): the first stores it, the others are told it is already here.
   * The reading itself runs in a worker thread (ReportReader); the file's buffer is handed to it.
   */
  async upload(
    file: UploadedReportFile | undefined,
    actor: ImportActor,
    onProgress: ProgressListener = () => undefined,
  ): Promise<UploadOutcome> {
    if (!file) {
      throw new FormError([{ field: 'file', message: 'Select a report file to import (PDF, Word, HTML or text)' }]);
    }
    const name = file.originalname || 'The file';
    if (file.size > MAX_IMPORT_BYTES) {
      throw new FormError(
        [
          {
            field: 'file',
            message: `${name} is ${formatSize(file.size)}; the largest file that can be imported is ${formatSize(MAX_IMPORT_BYTES)}.`,
          },
        ],
        413,
      );
    }
    const contentHash = sha256Hex(file.buffer);
    const existing = await this.findUpload(contentHash);
    if (existing) {
      return { kind: 'already', import: existing };
    }
    const read = await this.reader.read(
      name,
      file.buffer,
      () => this.matchingData(),
      (progress) => void onProgress(progress),
    );
    await onProgress({ stage: 'saving', message: 'Saving the proposal for review' });
    await yieldToOutput();
    const { format, text, proposal, review } = read;
    let saved: ReportImport | null;
    try {
      saved = await this.writes.run(async (manager) => {
        const values = {
          contentHash,
          fileName: name.slice(0, 300),
          format,
          sizeBytes: file.size,
          status: 'ready' as const,
          text,
          proposal,
          review,
          reportId: null,
          createdBy: actor.username,
          createdAt: nowIso(),
          committedBy: null,
          committedAt: null,
        };
        if (this.writes.isPostgres) {
          // Uploads of one document on every instance take turns here (SQLite's writes take turns anyway),
          // so the one after the first sees the first's row below rather than meeting the unique index.
          await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [
            UPLOAD_LOCK,
            Number.parseInt(contentHash.slice(0, 8), 16) | 0,
          ]);
        }
        // Read again inside the transaction: another upload of the same document may have been stored meanwhile.
        const current = await manager.findOne(ReportImport, { where: { contentHash } });
        let stored: ReportImport;
        if (!current) {
          stored = await manager.save(ReportImport, manager.create(ReportImport, values));
        } else if (current.status === 'discarded') {
          // A discarded import of this document starts again; only one of simultaneous uploads restarts it.
          const restarted = await manager.update(ReportImport, { id: current.id, status: 'discarded' }, values);
          if (!restarted.affected) {
            return null;
          }
          stored = await manager.findOneByOrFail(ReportImport, { id: current.id });
        } else {
          return null;
        }
        await this.audit.record(manager, {
          actor: actor.username,
          ip: actor.ip,
          action: 'import.upload',
          entityType: 'report_import',
          entityId: stored.id,
          summary: `Uploaded ${stored.fileName} for import: ${proposal.findings.length} findings, ${proposal.judgments.length} judgments, ${proposal.assessments.length} verdicts proposed`,
          changes: { contentHash: [null, contentHash] },
        });
        return stored;
      });
    } catch (error) {
      // Stored at the same moment by another upload (the unique content hash refused this one).
      if (!isUniqueViolation(error)) {
        throw error;
      }
      saved = null;
    }
    if (saved) {
      return { kind: 'new', import: saved };
    }
    const winner = await this.findUpload(contentHash);
    if (!winner) {
      // Stored by another upload at the same moment, and discarded since.
      throw new FormError(
        [
          {
            field: 'file',
            message: `${name} was uploaded by someone else at the same time and then discarded. Upload it again.`,
          },
        ],
        409,
      );
    }
    return { kind: 'already', import: winner };
  }

  /** The import of a document (by its SHA-256) that has not been discarded, if there is one. */
  private async findUpload(contentHash: string): Promise<ReportImport | null> {
    const found = await this.dataSource
      .getRepository(ReportImport)
      .findOne({ where: { contentHash }, relations: { report: true } });
    return found && found.status !== 'discarded' ? found : null;
  }

  /** What a new proposal is matched with: the forces, every finding held, and the inspections. */
  private async matchingData(): Promise<MatchingData> {
    const inspections = await this.dataSource.query<Array<{ key: string; period: string; force_code: string | null }>>(
      'SELECT i.key, i.period, fo.code AS force_code FROM inspections i LEFT JOIN forces fo ON fo.id = i.force_id',
    );
    return {
      forces: (await this.forces()).map((force) => ({ code: force.code, name: force.name })),
      candidates: await this.candidates(),
      inspections: inspections.map((row) => ({ key: row.key, period: row.period, forceCode: row.force_code })),
    };
  }

  /** Stores the reviewer's edits and decisions (checked first); optionally commits them. */
  async saveReview(id: number, dto: ReviewImportDto, actor: ImportActor): Promise<ReportImport> {
    const row = await this.openForReview(id);
    this.refuseNothingToImport(row);
    const review = applyReview(row.review, dto, await this.knownForReview());
    return this.storeReview(row, review, actor, `Reviewed import ${row.fileName}`);
  }

  /**
   * A section's "Dismiss this section" or "Restore this section": every item the document has
   * under that section rejected or accepted at once, stored with the rest of the form as typed
   * (the button sends the whole review form), after the same checks as a save, and audited as one.
   */
  async decideSection(
    id: number,
    dto: SectionDecisionDto,
    actor: ImportActor,
  ): Promise<{ import: ReportImport; section: ProposalSection; decision: Decision }> {
    const row = await this.openForReview(id, 'its sections can no longer be dismissed or restored');
    this.refuseNothingToImport(row);
    const { section, decided } = sectionDecisionOf(dto, sectionsOf(row.proposal.findings));
    const review = applyReview(row.review, dto, await this.knownForReview(), decided);
    const done = decided.decision === 'reject' ? 'Dismissed' : 'Restored';
    const stored = await this.storeReview(
      row,
      review,
      actor,
      `${done} the section “${section.name}” (${section.items.length} items) of import ${row.fileName}`,
    );
    return { import: stored, section, decision: decided.decision };
  }

  /** What a review's references and force are checked against. */
  private async knownForReview(): Promise<{ forceCodes: Set<string>; references: Set<string> }> {
    return {
      forceCodes: new Set((await this.forces()).map((force) => force.code)),
      references: await this.existingReferences(),
    };
  }

  /** Writes a checked review over the stored one, with its audit entry, while the import is still open. */
  private storeReview(row: ReportImport, review: ImportReview, actor: ImportActor, summary: string) {
    return this.writes.run(async (manager) => {
      await manager.update(ReportImport, { id: row.id, status: 'ready' }, { review });
      await this.audit.record(manager, {
        actor: actor.username,
        ip: actor.ip,
        action: 'import.review',
        entityType: 'report_import',
        entityId: row.id,
        summary,
      });
      return { ...row, review };
    });
  }

  /** Replaces the review as a whole (the command line accepts every item as proposed). */
  async replaceReview(id: number, review: ImportReview): Promise<void> {
    await this.openForReview(id);
    await this.writes.run((manager) => manager.update(ReportImport, { id, status: 'ready' }, { review }));
  }

  async discard(id: number, actor: ImportActor): Promise<void> {
    const row = await this.openForReview(id);
    await this.writes.run(async (manager) => {
      await manager.update(ReportImport, { id, status: 'ready' }, { status: 'discarded' });
      await this.audit.record(manager, {
        actor: actor.username,
        ip: actor.ip,
        action: 'import.discard',
        entityType: 'report_import',
        entityId: id,
        summary: `Discarded import ${row.fileName}`,
      });
    });
  }

  /**
   * Writes the reviewed import in one transaction: the report (in an existing inspection when it
   * is another document of one), its judgments, each accepted finding as a new item or as another
   * source of the finding it was matched to, each accepted verdict as an assessment, and a history
   * entry and audit entry for what was made (recordOfImport, written by ReportRecorder). Either all
   * of it is written or none.
   */
  async commit(id: number, actor: ImportActor): Promise<CommitSummary> {
    const row = await this.openForReview(id);
    const review = row.review;
    this.refuseNothingToImport(row);
    if (!review.report.type) {
      throw new FormError([{ field: 'report.type', message: 'Choose the type of report before committing' }]);
    }
    if (!review.report.title.trim()) {
      throw new FormError([{ field: 'report.title', message: 'Enter the report title before committing' }]);
    }
    return this.writes.run(async (manager) => {
      const current = await manager.findOne(ReportImport, { where: { id } });
      if (current?.status !== 'ready') {
        throw new FormError([{ field: 'file', message: 'This import has already been committed or discarded.' }], 409);
      }
      const recorded = await this.recorder.record(manager, recordOfImport(row, actor.username, nowIso()));
      const [report] = recorded.reports;
      const summary: CommitSummary = {
        reportKey: report.key,
        reportTitle: report.title,
        findings: recorded.findings,
        sources: recorded.sources,
        judgments: recorded.judgments,
        assessments: recorded.assessments,
        links: recorded.links,
      };
      const committedAt = nowIso();
      await manager.update(
        ReportImport,
        { id },
        { status: 'committed', reportId: report.id, committedBy: actor.username, committedAt },
      );
      await this.audit.record(manager, {
        actor: actor.username,
        ip: actor.ip,
        action: 'import.commit',
        entityType: 'report',
        entityId: report.key,
        summary: `Imported ${report.title} from ${row.fileName}: ${summary.findings} new findings, ${summary.sources} more sources, ${summary.judgments} judgments, ${summary.assessments} verdicts, ${summary.links} links, ${recorded.statedStatuses} stated statuses`,
        changes: { report: [null, report.key], contentHash: [null, row.contentHash] },
      });
      return summary;
    });
  }

  /**
   * A document that holds nothing to import has no review to save or commit: its page offers only
   * discarding it. This answers a form sent anyway, before anything in it is checked.
   */
  private refuseNothingToImport(row: ReportImport): void {
    if (isEmptyProposal(row.proposal)) {
      throw new FormError([
        {
          field: 'file',
          message: `${row.fileName} holds no findings to import, so there is nothing to review or commit. Discard this import.`,
        },
      ]);
    }
  }

  /** The import, refused (409) once committed or discarded; `consequence` says what that means for this form. */
  private async openForReview(id: number, consequence?: string): Promise<ReportImport> {
    const row = await this.get(id);
    if (row.status !== 'ready') {
      throw new FormError(
        [
          {
            field: 'file',
            message: consequence
              ? `This import has already been ${row.status}: ${consequence}.`
              : `This import has already been ${row.status}.`,
          },
        ],
        409,
      );
    }
    return row;
  }

  private async existingReferences(): Promise<Set<string>> {
    const rows = await this.dataSource.getRepository(Finding).find({ select: { reference: true } });
    return new Set(rows.map((row) => row.reference));
  }

  /** Every finding an import may match: the forces' findings and the national recommendations. */
  private async candidates(): Promise<MatchCandidate[]> {
    type Row = {
      reference: string;
      kind: MatchCandidate['kind'];
      text: string;
      force_code: string | null;
      inspection_key: string;
      report_title: string;
    };
    const rows = await this.dataSource.query<Row[]>(
      `SELECT f.reference, f.kind, f.text, fo.code AS force_code, i.key AS inspection_key, r.title AS report_title
         FROM findings f
         JOIN reports r ON r.id = f.report_id
         JOIN inspections i ON i.id = r.inspection_id
         LEFT JOIN forces fo ON fo.id = f.force_id`,
    );
    return rows.map((r) => ({
      reference: r.reference,
      kind: r.kind,
      text: r.text,
      forceCode: r.force_code,
      inspectionKey: r.inspection_key,
      reportTitle: r.report_title,
    }));
  }
}
