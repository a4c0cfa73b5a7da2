import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { sha256Hex } from '../evidence/evidence-storage';
import { FormError } from '../common/form-error';
import { nowIso } from '../common/dates';
import { isUniqueViolation } from '../database/unique-violation';
import { WriteTransactions } from '../database/write-transactions';
import { reportYear } from '../default-data/default-data.service';
import { FINDING_KINDS } from '../findings/finding-kind';
import { Assessment } from '../findings/assessment.entity';
import { FindingLink } from '../findings/finding-link.entity';
import { FindingSource } from '../findings/finding-source.entity';
import { Finding } from '../findings/finding.entity';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from '../findings/finding-update.entity';
import { formatSize, MAX_IMPORT_BYTES } from './extraction/read-document';
import { Inspection } from '../reports/inspection.entity';
import { Judgment } from '../reports/judgment.entity';
import { Report } from '../reports/report.entity';
import { initialLinks, pillarOf, shortTitle, type ImportReview, type MatchCandidate } from './import-review';
import { applyReview, type ReviewImportDto } from './dto/review-import.dto';
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

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
    private readonly reader: ReportReader,
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
   * document cannot be read or holds nothing to import; a document already uploaded (same bytes)
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
      throw new FormError([{ field: 'file', message: 'Select a report file to import (PDF, HTML or text)' }]);
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
    const review = applyReview(row.review, dto, {
      forceCodes: new Set((await this.forces()).map((force) => force.code)),
      references: await this.existingReferences(),
    });
    return this.writes.run(async (manager) => {
      await manager.update(ReportImport, { id, status: 'ready' }, { review });
      await this.audit.record(manager, {
        actor: actor.username,
        ip: actor.ip,
        action: 'import.review',
        entityType: 'report_import',
        entityId: id,
        summary: `Reviewed import ${row.fileName}`,
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
   * entry and audit entry for what was made. Either all of it is written or none.
   */
  async commit(id: number, actor: ImportActor): Promise<CommitSummary> {
    const row = await this.openForReview(id);
    const review = row.review;
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
      const summary = await this.write(manager, row, actor);
      const committedAt = nowIso();
      const report = await manager.findOneByOrFail(Report, { key: summary.reportKey });
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
        summary: `Imported ${report.title} from ${row.fileName}: ${summary.findings} new findings, ${summary.sources} more sources, ${summary.judgments} judgments, ${summary.assessments} verdicts, ${summary.links} links`,
        changes: { report: [null, report.key], contentHash: [null, row.contentHash] },
      });
      return summary;
    });
  }

  private async openForReview(id: number): Promise<ReportImport> {
    const row = await this.get(id);
    if (row.status !== 'ready') {
      throw new FormError([{ field: 'file', message: `This import has already been ${row.status}.` }], 409);
    }
    return row;
  }

  private async write(manager: EntityManager, row: ReportImport, actor: ImportActor): Promise<CommitSummary> {
    const { proposal, review } = row;
    const at = nowIso();
    const force = review.report.forceCode
      ? await manager.findOneByOrFail(Force, { code: review.report.forceCode })
      : null;
    const period = review.report.period;
    const forcePrefix = force?.code ?? 'NAT';

    // Another document of an inspection already held (a web summary and its full report) joins it.
    let inspection = await manager.findOne(Inspection, { where: { forceId: force ? force.id : IsNull(), period } });
    const baseKey = `${forcePrefix.toLowerCase()}-${slug(period)}-${slug(review.report.type)}`;
    const reportKey = await this.freeKey(manager, Report, baseKey);
    if (!inspection) {
      inspection = await manager.save(
        Inspection,
        manager.create(Inspection, {
          key: await this.freeKey(manager, Inspection, baseKey),
          title: review.report.title,
          forceId: force?.id ?? null,
          period,
        }),
      );
    }
    const [{ last }] = await manager.query<Array<{ last: number | null }>>(
      'SELECT MAX(display_order) AS last FROM reports',
    );
    const report = await manager.save(
      Report,
      manager.create(Report, {
        key: reportKey,
        inspectionId: inspection.id,
        title: review.report.title.trim(),
        inspectorate: review.report.inspectorate,
        type: review.report.type || 'peel_legitimacy',
        forceId: force?.id ?? null,
        period,
        year: reportYear({ publishedOn: review.report.publishedOn, period }),
        publishedOn: review.report.publishedOn,
        sourceFile: row.fileName,
        sourceUrl: null,
        pccResponsePublishedOn: null,
        pccResponseUrl: null,
        displayOrder: Number(last ?? 0) + 1,
      }),
    );

    const judgments = proposal.judgments.filter((_, index) => review.judgments[index]?.decision === 'accept');
    await manager.save(
      Judgment,
      judgments.map((judgment, position) =>
        manager.create(Judgment, {
          reportId: report.id,
          pillar: pillarOf(judgment.area),
          area: judgment.area,
          grade: judgment.grade,
          lastInspected: judgment.lastInspected,
          position,
        }),
      ),
    );

    // Findings: new items, or another source of the item they were matched to.
    const made = new Map<number, Finding>();
    let created = 0;
    let sources = 0;
    const numbers = new Map<string, number>();
    const nextReference = async (prefix: string): Promise<string> => {
      if (!numbers.has(prefix)) {
        const rows = await manager
          .getRepository(Finding)
          .createQueryBuilder('finding')
          .select('finding.reference', 'reference')
          .where('finding.reference LIKE :prefix', { prefix: `${prefix}%` })
          .getRawMany<{ reference: string }>();
        numbers.set(prefix, Math.max(0, ...rows.map((r) => Number(r.reference.slice(prefix.length)) || 0)));
      }
      const next = numbers.get(prefix)! + 1;
      numbers.set(prefix, next);
      return `${prefix}${String(next).padStart(2, '0')}`;
    };
    for (const [index, finding] of proposal.findings.entries()) {
      const reviewed = review.findings[index];
      if (reviewed?.decision !== 'accept') {
        continue;
      }
      if (reviewed.match && reviewed.useMatch) {
        const existing = await manager.findOneByOrFail(Finding, { reference: reviewed.match.reference });
        await manager.save(
          FindingSource,
          manager.create(FindingSource, {
            findingId: existing.id,
            reportId: report.id,
            section: reviewed.section,
            role: reviewed.match.relation === 'another_source' ? 'also_published_in' : 'cited_by',
            position: index,
          }),
        );
        await manager.save(
          FindingUpdate,
          manager.create(FindingUpdate, {
            findingId: existing.id,
            author: actor.username,
            type: 'recorded',
            commentary: `${reviewed.match.relation === 'another_source' ? 'Also published in' : 'Cited in'} ${report.title} (imported from ${row.fileName}).`,
            createdAt: at,
          }),
        );
        made.set(index, existing);
        sources += 1;
        continue;
      }
      const national = reviewed.kind === 'national_recommendation';
      const prefix = `${national ? 'NAT' : forcePrefix}-${report.year}-${FINDING_KINDS[reviewed.kind].code}-`;
      const parentIndex = finding.parentIndex;
      const saved = await manager.save(
        Finding,
        manager.create(Finding, {
          reference: await nextReference(prefix),
          kind: reviewed.kind,
          title: shortTitle(reviewed.text),
          text: reviewed.text,
          subPoints: finding.subPoints,
          parentId: parentIndex !== null && made.has(parentIndex) ? made.get(parentIndex)!.id : null,
          forceId: national ? null : (force?.id ?? null),
          reportId: report.id,
          year: report.year,
          position: index,
          section: reviewed.section,
          theme: reviewed.theme.trim() || 'Not yet assigned',
          owner: null,
          actionOwners: [],
          status: 'not_started',
          targetDate: null,
          exampleData: false,
          version: 1,
          createdAt: at,
          updatedAt: at,
        }),
      );
      await manager.save(
        FindingSource,
        manager.create(FindingSource, {
          findingId: saved.id,
          reportId: report.id,
          section: reviewed.section,
          role: national ? 'cited_by' : 'origin',
          position: index,
        }),
      );
      await manager.save(
        FindingUpdate,
        manager.create(FindingUpdate, {
          findingId: saved.id,
          author: actor.username,
          type: 'recorded',
          commentary: `Imported from ${row.fileName}: published in ${report.title} (${report.period}).`,
          createdAt: at,
        }),
      );
      made.set(index, saved);
      created += 1;
    }

    // Verdicts on earlier findings (or on this report's own national recommendations).
    let assessments = 0;
    for (const [index, assessment] of proposal.assessments.entries()) {
      const reviewed = review.assessments[index];
      if (reviewed?.decision !== 'accept' || !reviewed.target) {
        continue;
      }
      const target = reviewed.target.startsWith('#')
        ? made.get(Number(reviewed.target.slice(1)) - 1)
        : await manager.findOneBy(Finding, { reference: reviewed.target });
      if (!target) {
        continue;
      }
      await manager.save(
        Assessment,
        manager.create(Assessment, {
          findingId: target.id,
          reportId: report.id,
          forceId: force?.id ?? null,
          verdict: assessment.verdict,
          quote: assessment.quote,
          commentary: null,
          assessedOn: report.publishedOn,
          recordedBy: actor.username,
          createdAt: at,
        }),
      );
      assessments += 1;
    }

    // Links: those proposed and kept, and those the reviewer added. Both ends must have been accepted.
    const wanted: Array<{ from: Finding; to: Finding; type: 'cites' | 'relates_to'; reason: string }> = [];
    for (const link of review.links ?? []) {
      const from = made.get(link.from);
      const to = made.get(link.to);
      if (link.decision === 'accept' && from && to) {
        wanted.push({ from, to, type: link.type, reason: `${link.reason} Proposed on import from ${row.fileName}.` });
      }
    }
    for (const [index, reviewed] of review.findings.entries()) {
      const from = made.get(index);
      for (const target of reviewed.relatedTo ?? []) {
        const to = target.startsWith('#')
          ? made.get(Number(target.slice(1)) - 1)
          : await manager.findOneBy(Finding, { reference: target });
        if (from && to) {
          wanted.push({
            from,
            to,
            type: 'relates_to',
            reason: `Related at review by ${actor.username} on import from ${row.fileName}.`,
          });
        }
      }
    }
    let links = 0;
    const seen = new Set<string>();
    for (const link of wanted) {
      const key = `${link.from.id}>${link.to.id}:${link.type}`;
      if (
        link.from.id === link.to.id ||
        seen.has(key) ||
        (await manager.existsBy(FindingLink, { fromFindingId: link.from.id, toFindingId: link.to.id, type: link.type }))
      ) {
        continue;
      }
      seen.add(key);
      await manager.save(
        FindingLink,
        manager.create(FindingLink, {
          fromFindingId: link.from.id,
          toFindingId: link.to.id,
          type: link.type,
          reason: link.reason,
          createdAt: at,
        }),
      );
      links += 1;
    }
    return {
      reportKey: report.key,
      reportTitle: report.title,
      findings: created,
      sources,
      judgments: judgments.length,
      assessments,
      links,
    };
  }

  private async freeKey(
    manager: EntityManager,
    entity: typeof Report | typeof Inspection,
    base: string,
  ): Promise<string> {
    let key = base.slice(0, 90);
    for (let n = 2; await manager.existsBy(entity, { key }); n += 1) {
      key = `${base.slice(0, 90)}-${n}`;
    }
    return key;
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
