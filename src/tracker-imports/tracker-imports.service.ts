import { createHash } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { Actor, CurrentUser } from '../access/current-user';
import { can, FORCE_ROLES } from '../access/roles';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { WriteTransactions } from '../database/write-transactions';
import { Evidence } from '../evidence/evidence.entity';
import { Action } from '../findings/action.entity';
import { FindingChanges } from '../findings/finding-changes';
import { FindingQueries } from '../findings/finding-queries';
import { Finding } from '../findings/finding.entity';
import { NO_THEME } from '../imports/import-record';
import { Force } from '../reports/force.entity';
import { Report } from '../reports/report.entity';
import type { NewFindingToRecord, ReportRecord, ReportToRecord } from '../reports/report-record';
import { ReportRecorder } from '../reports/report-recorder';
import type { TrackerChoicesDto } from './dto/tracker-choices.dto';
import {
  guessHeaderRow,
  guessMapping,
  headersOf,
  mappingByHeader,
  TRACKER_FIELD_VALUES,
  type ColumnMapping,
  type Sheet,
} from './tracker-columns';
import { TrackerImportSettings } from './tracker-import-settings.entity';
import {
  planTrackerImport,
  type HeldFinding,
  type HeldReport,
  type MatchDecision,
  type PlannedRow,
  type TrackerPlan,
} from './tracker-plan';
import {
  statusTable,
  statusWord,
  TRACKER_STATUS_TARGETS,
  type StatusWords,
  type TrackerStatusTarget,
} from './tracker-status';
import { TrackerUpload } from './tracker-upload.entity';
import { MAX_TRACKER_BYTES, readWorkbook, TrackerFileError, type Workbook } from './tracker-workbook';

export interface UploadedTrackerFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** An upload read again, with everything its preview shows. */
export interface TrackerPreview {
  upload: TrackerUpload;
  force: Force;
  workbook: Workbook;
  sheet: Sheet;
  headers: string[];
  statusWords: StatusWords;
  plan: TrackerPlan;
  /** A digest of what the commit will do, so a commit is refused if that changed since the preview. */
  planHash: string;
}

/** What a commit did. */
export interface TrackerCommitSummary {
  created: string[];
  updated: string[];
  unchanged: number;
  refused: number;
  waiting: number;
  reportKey: string | null;
}

export function formatSizeMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * A force's tracker spreadsheet brought into the tracker: upload (kept in the database, so any instance of the
 * app serves the next step), choices of sheet, header row, columns and status words (remembered for the
 * organisation), a preview of every row, and a commit in one transaction with its audit entry. Findings are
 * read for the preview only through FindingQueries, limited to the organisation; new findings are written by
 * ReportRecorder, and changes to held ones through FindingChanges (version check, history, audit of the rows).
 */
@Injectable()
export class TrackerImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
    private readonly queries: FindingQueries,
    private readonly changes: FindingChanges,
    private readonly recorder: ReportRecorder,
  ) {}

  /** The organisations this user may import for: a force lead's own, every one for inspectors and administrators. */
  async organisationsFor(user: Pick<CurrentUser, 'role' | 'forceId'>): Promise<Force[]> {
    const forces = this.dataSource.getRepository(Force);
    if (FORCE_ROLES.includes(user.role)) {
      return forces.find({ where: { id: user.forceId ?? -1 } });
    }
    return forces.find({ order: { name: 'ASC' } });
  }

  /** The uploads this user may see, newest first. */
  async list(user: Pick<CurrentUser, 'role' | 'forceId'>): Promise<TrackerUpload[]> {
    return this.dataSource.getRepository(TrackerUpload).find({
      select: {
        id: true,
        forceId: true,
        fileName: true,
        sizeBytes: true,
        status: true,
        outcome: true,
        createdBy: true,
        createdAt: true,
      },
      where: FORCE_ROLES.includes(user.role) ? { forceId: user.forceId ?? -1 } : {},
      relations: { force: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 50,
    });
  }

  /** The upload, if this user may see it (another organisation's is not found). */
  async get(id: number, user: Pick<CurrentUser, 'role' | 'forceId'>): Promise<TrackerUpload> {
    const upload = await this.dataSource
      .getRepository(TrackerUpload)
      .findOne({ where: { id }, relations: { force: true } });
    if (!upload || (FORCE_ROLES.includes(user.role) && upload.forceId !== user.forceId)) {
      throw new NotFoundException(`There is no tracker import ${id}`);
    }
    return upload;
  }

  /**
   * Reads an uploaded spreadsheet and keeps it for its preview: the sheet and header row guessed (the first sheet
   * whose headers name fields), the columns mapped from the headers (those the organisation mapped before first).
   */
  async upload(
    file: UploadedTrackerFile | undefined,
    organisationCode: string | undefined,
    actor: Actor,
  ): Promise<TrackerUpload> {
    const organisations = await this.organisationsFor(actor.user);
    const force =
      organisations.length === 1 && FORCE_ROLES.includes(actor.user.role)
        ? organisations[0]
        : organisations.find((candidate) => candidate.code === (organisationCode ?? '').trim().toUpperCase());
    if (!force) {
      throw new FormError([{ field: 'organisation', message: 'Select the organisation whose tracker this is' }]);
    }
    if (!file || file.size === 0) {
      throw new FormError([{ field: 'file', message: 'Select a tracker spreadsheet (.xlsx or .csv)' }]);
    }
    const name = (file.originalname || 'tracker').slice(0, 300);
    if (file.size > MAX_TRACKER_BYTES) {
      throw new FormError(
        [
          {
            field: 'file',
            message: `${name} is larger than ${formatSizeMb(MAX_TRACKER_BYTES)}, the largest spreadsheet taken.`,
          },
        ],
        413,
      );
    }
    const workbook = await this.read(name, file.buffer);
    const settings = await this.settingsOf(force.id);
    const guessed = workbook.sheets
      .map((sheet) => {
        const headerRow = guessHeaderRow(sheet);
        const headers = headersOf(sheet, headerRow);
        return { sheet, headerRow, mapping: guessMapping(headers, settings?.columnHeaders ?? {}) };
      })
      .sort((a, b) => Object.keys(b.mapping).length - Object.keys(a.mapping).length)[0];
    return this.writes.run(async (manager) => {
      const upload = await manager.save(
        TrackerUpload,
        manager.create(TrackerUpload, {
          forceId: force.id,
          fileName: name,
          sizeBytes: file.size,
          contentHash: createHash('sha256').update(file.buffer).digest('hex'),
          content: file.buffer.toString('base64'),
          sheetName: guessed.sheet.name.slice(0, 200),
          headerRow: guessed.headerRow,
          mapping: guessed.mapping,
          decisions: {},
          status: 'ready',
          outcome: null,
          createdBy: actor.user.username,
          createdAt: nowIso(),
          committedBy: null,
          committedAt: null,
        }),
      );
      await this.audit.record(manager, {
        actor: actor.user.username,
        ip: actor.ip,
        action: 'tracker_import.upload',
        entityType: 'tracker_upload',
        entityId: upload.id,
        summary: `Uploaded the tracker spreadsheet ${name} for ${force.name}`,
        changes: { contentHash: [null, upload.contentHash] },
      });
      return upload;
    });
  }

  private async read(name: string, bytes: Buffer): Promise<Workbook> {
    try {
      return await readWorkbook(name, bytes);
    } catch (error) {
      if (error instanceof TrackerFileError) {
        throw new FormError([{ field: 'file', message: error.message }]);
      }
      throw error;
    }
  }

  private settingsOf(forceId: number, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(TrackerImportSettings, { where: { forceId } });
  }

  /** The upload read again, its rows planned against what the organisation holds now. */
  async preview(id: number, user: Pick<CurrentUser, 'role' | 'forceId'>): Promise<TrackerPreview> {
    return this.previewOf(await this.get(id, user));
  }

  private async previewOf(upload: TrackerUpload): Promise<TrackerPreview> {
    const workbook = await this.read(upload.fileName, Buffer.from(upload.content, 'base64'));
    const sheet = workbook.sheets.find((candidate) => candidate.name === upload.sheetName) ?? workbook.sheets[0];
    const headers = headersOf(sheet, upload.headerRow);
    const settings = await this.settingsOf(upload.forceId);
    const statusWords = statusTable(settings?.statusWords);
    const plan = planTrackerImport({
      sheet,
      headerRow: upload.headerRow,
      mapping: upload.mapping,
      statusWords,
      findings: await this.heldFindings(upload.forceId, upload.force.code),
      reports: await this.heldReports(upload.forceId),
      decisions: upload.decisions,
    });
    return {
      upload,
      force: upload.force,
      workbook,
      sheet,
      headers,
      statusWords,
      plan,
      planHash: planDigest(plan),
    };
  }

  /** The organisation's findings (its own and its records of national recommendations), as the plan compares rows. */
  private async heldFindings(forceId: number, forceCode: string): Promise<Array<HeldFinding & { version: number }>> {
    const visible = this.queries.ofForce(forceId);
    const findings = await visible
      .findings()
      .select([
        'finding.id',
        'finding.reference',
        'finding.kind',
        'finding.text',
        'finding.status',
        'finding.owner',
        'finding.targetDate',
        'finding.version',
        'finding.nationalFindingId',
      ])
      .getMany();
    if (findings.length === 0) {
      return [];
    }
    const ids = findings.map((finding) => finding.id);
    const actions = await visible.actions().select(['action.id', 'action.description', 'finding.id']).getMany();
    const notes = await visible
      .updates()
      .select(['update.id', 'update.commentary', 'finding.id'])
      .andWhere("update.type = 'progress_note'")
      .getMany();
    const evidence = await this.dataSource.getRepository(Evidence).find({
      select: { id: true, findingId: true },
      where: { findingId: In(ids), withdrawnAt: IsNull(), reviewState: In(['submitted', 'accepted']) },
    });
    const group = <T>(rows: T[], key: (row: T) => number, value: (row: T) => string) => {
      const map = new Map<number, string[]>();
      for (const row of rows) {
        map.set(key(row), [...(map.get(key(row)) ?? []), value(row)]);
      }
      return map;
    };
    const actionsOf = group(
      actions,
      (action) => action.finding.id,
      (action) => action.description,
    );
    const notesOf = group(
      notes,
      (note) => note.finding.id,
      (note) => note.commentary ?? '',
    );
    const evidenceOf = group(
      evidence,
      (item) => item.findingId,
      () => '',
    );
    return findings.map((finding) => ({
      id: finding.id,
      reference: finding.reference,
      // A record of a national recommendation is referenced as its organisation's code before the statement's.
      statementReference:
        finding.nationalFindingId && finding.reference.startsWith(`${forceCode}-`)
          ? finding.reference.slice(forceCode.length + 1)
          : null,
      kind: finding.kind,
      text: finding.text,
      status: finding.status,
      owner: finding.owner,
      targetDate: finding.targetDate,
      version: finding.version,
      activeEvidence: evidenceOf.get(finding.id)?.length ?? 0,
      actions: actionsOf.get(finding.id) ?? [],
      notes: notesOf.get(finding.id) ?? [],
    }));
  }

  /** The organisation's own reports, which a row may name. */
  private async heldReports(forceId: number): Promise<HeldReport[]> {
    const reports = await this.dataSource.getRepository(Report).find({
      select: { key: true, title: true, period: true, year: true },
      where: { forceId },
    });
    return reports.map((report) => ({
      key: report.key,
      title: report.title,
      period: report.period,
      year: report.year,
    }));
  }

  /**
   * Stores the choices made on the preview page: the sheet (another sheet's header row and columns are guessed
   * again), the header row (its columns guessed again), the columns, the answers on near matches, and the
   * organisation's status table and the headers its fields are read from, remembered for next time.
   */
  async saveChoices(id: number, dto: TrackerChoicesDto, actor: Actor): Promise<TrackerUpload> {
    const upload = await this.openUpload(id, actor.user);
    const workbook = await this.read(upload.fileName, Buffer.from(upload.content, 'base64'));
    const settings = await this.settingsOf(upload.forceId);
    const sheet = workbook.sheets.find((candidate) => candidate.name === (dto.sheet ?? upload.sheetName));
    if (!sheet) {
      throw new FormError([{ field: 'sheet', message: 'Select a sheet of the workbook' }]);
    }
    let headerRow = dto.headerRow ?? upload.headerRow;
    if (headerRow > sheet.rows.length) {
      throw new FormError([
        { field: 'headerRow', message: `The sheet ${sheet.name} has ${sheet.rows.length} rows: choose one of them` },
      ]);
    }
    let mapping: ColumnMapping;
    if (sheet.name !== upload.sheetName) {
      headerRow = guessHeaderRow(sheet);
      mapping = guessMapping(headersOf(sheet, headerRow), settings?.columnHeaders ?? {});
    } else if (headerRow !== upload.headerRow) {
      mapping = guessMapping(headersOf(sheet, headerRow), settings?.columnHeaders ?? {});
    } else if (dto.mapping) {
      mapping = mappingFromForm(dto, headersOf(sheet, headerRow).length);
    } else {
      mapping = upload.mapping;
    }
    const headers = headersOf(sheet, headerRow);
    const statusWords = statusWordsFromForm(dto, statusTable(settings?.statusWords));
    const decisions = decisionsFromForm(dto, upload.decisions);
    return this.writes.run(async (manager) => {
      await manager.update(
        TrackerUpload,
        { id: upload.id, status: 'ready' },
        { sheetName: sheet.name, headerRow, mapping, decisions },
      );
      await this.remember(manager, upload.forceId, mappingByHeader(mapping, headers), statusWords, actor);
      await this.audit.record(manager, {
        actor: actor.user.username,
        ip: actor.ip,
        action: 'tracker_import.choices',
        entityType: 'tracker_upload',
        entityId: upload.id,
        summary: `Chose the sheet, header row, columns and status words of ${upload.fileName}`,
      });
      return { ...upload, sheetName: sheet.name, headerRow, mapping, decisions };
    });
  }

  private async remember(
    manager: EntityManager,
    forceId: number,
    columnHeaders: TrackerImportSettings['columnHeaders'],
    statusWords: StatusWords,
    actor: Actor,
  ): Promise<void> {
    const values = { columnHeaders, statusWords, updatedBy: actor.user.username, updatedAt: nowIso() };
    const held = await this.settingsOf(forceId, manager);
    if (held) {
      await manager.update(TrackerImportSettings, { forceId }, values);
    } else {
      await manager.insert(TrackerImportSettings, { forceId, ...values });
    }
  }

  private async openUpload(id: number, user: Pick<CurrentUser, 'role' | 'forceId'>): Promise<TrackerUpload> {
    const upload = await this.get(id, user);
    if (upload.status !== 'ready') {
      throw new FormError([{ field: 'file', message: 'This spreadsheet has already been committed.' }], 409);
    }
    return upload;
  }

  /**
   * Writes what the preview showed, in one transaction: each held finding's changes through FindingChanges (the
   * version it had when planned, a history entry for each change naming the spreadsheet), the new findings through
   * ReportRecorder (under the report a row names, or a report for this spreadsheet), and one audit entry. Refused
   * rows and near matches not yet confirmed are left out; nothing else is lost for them. Refused when what the
   * commit would do is no longer what was previewed (`planHash`). In the browser, a finding already held changes
   * only as its force's lead could change it on its page (status, owner, target date, notes, actions): an inspector
   * or administrator brings a tracker's new findings in, and leaves the held ones to the force.
   */
  async commit(id: number, planHash: string, actor: Actor): Promise<TrackerCommitSummary> {
    const upload = await this.openUpload(id, actor.user);
    const preview = await this.previewOf(upload);
    const changing = preview.plan.rows.filter((row) => row.outcome === 'update').length;
    if (changing > 0 && !(can(actor.user.role, 'work') && can(actor.user.role, 'lead'))) {
      throw new FormError([
        {
          field: 'plan',
          message: `${changing} ${changing === 1 ? 'row changes a finding' : 'rows change findings'} the force already holds: those changes are the force's to make. Ask its lead to import this spreadsheet, or take those rows out of it.`,
        },
      ]);
    }
    if (planHash !== preview.planHash) {
      throw new FormError(
        [
          {
            field: 'plan',
            message:
              'What the import will do has changed since this preview (the choices, or the findings themselves). Check the preview again, then commit.',
          },
        ],
        409,
      );
    }
    return this.writePlan(preview, actor);
  }

  private async writePlan(preview: TrackerPreview, actor: Actor): Promise<TrackerCommitSummary> {
    const { upload, plan, force } = preview;
    const held = new Map(
      (await this.heldFindings(upload.forceId, force.code)).map((finding) => [finding.reference, finding]),
    );
    const loadedAt = nowIso();
    const at = nowIso();
    const where = (row: PlannedRow) => `From the tracker spreadsheet ${upload.fileName} (row ${row.row}).`;
    return this.writes.run(async (manager) => {
      const claimed = await manager.update(
        TrackerUpload,
        { id: upload.id, status: 'ready' },
        { status: 'committed', committedBy: actor.user.username, committedAt: at },
      );
      if (claimed.affected !== 1) {
        throw new FormError([{ field: 'file', message: 'This spreadsheet has already been committed.' }], 409);
      }
      const updated: string[] = [];
      for (const row of plan.rows.filter((candidate) => candidate.actionOf === null && candidate.finding)) {
        if (row.outcome !== 'update' && row.outcome !== 'unchanged') {
          continue;
        }
        const actionRows = plan.rows.filter((other) => other.actionOf === row.row && other.outcome === 'action_row');
        const changes = [...row.changes, ...actionRows.flatMap((other) => other.changes)];
        if (changes.length === 0) {
          continue;
        }
        const summary = held.get(row.finding!);
        if (!summary) {
          throw new Error(`${row.finding} is not held by ${force.code}`);
        }
        const finding = await manager.findOneByOrFail(Finding, { id: summary.id });
        await this.applyChanges(manager, finding, summary.version, loadedAt, row, changes, where, actor);
        updated.push(finding.reference);
      }
      const created = await this.writeNewFindings(manager, preview, actor, at);
      const counts = plan.counts;
      const outcome = [
        `${created.references.length} created`,
        `${updated.length} updated`,
        `${counts.unchanged} unchanged`,
        `${counts.refused} refused`,
        ...(counts.possible_match > 0 ? [`${counts.possible_match} awaiting confirmation, left out`] : []),
      ].join(', ');
      await manager.update(TrackerUpload, { id: upload.id }, { outcome });
      await this.audit.record(manager, {
        actor: actor.user.username,
        ip: actor.ip,
        action: 'tracker_import.commit',
        entityType: 'tracker_upload',
        entityId: upload.id,
        summary: `Imported the tracker spreadsheet ${upload.fileName} for ${force.name}: ${outcome}`,
        changes: {
          created: [null, created.references],
          updated: [null, updated],
          contentHash: [null, upload.contentHash],
        },
      });
      return {
        created: created.references,
        updated,
        unchanged: counts.unchanged,
        refused: counts.refused,
        waiting: counts.possible_match,
        reportKey: created.reportKey,
      };
    });
  }

  /** One held finding's changes from its row and its action rows, each with its history entry. */
  private async applyChanges(
    manager: EntityManager,
    finding: Finding,
    version: number,
    loadedAt: string,
    row: PlannedRow,
    changes: PlannedRow['changes'],
    where: (row: PlannedRow) => string,
    actor: Actor,
  ): Promise<void> {
    const columns: Partial<Pick<Finding, 'status' | 'owner' | 'targetDate'>> = {};
    for (const change of changes) {
      if (change.field === 'status' && change.status) {
        columns.status = change.status;
      } else if (change.field === 'owner') {
        columns.owner = change.to;
      } else if (change.field === 'targetDate') {
        columns.targetDate = change.to;
      }
    }
    // Over the version planned: a finding changed since the preview refuses the whole commit.
    await this.changes.updateIfUnchanged(manager, finding, { version, loadedAt }, columns);
    const source = where(row);
    // Each column changed, as its history entry.
    const entries = [
      ['status', 'status_change'],
      ['owner', 'owner_change'],
      ['targetDate', 'target_date_change'],
    ] as const;
    for (const [column, type] of entries) {
      const toValue = columns[column];
      if (toValue) {
        await this.changes.addUpdate(manager, finding, actor, {
          type,
          fromValue: finding[column],
          toValue,
          commentary: source,
        });
      }
    }
    for (const change of changes) {
      if (change.field === 'update') {
        await this.changes.addUpdate(manager, finding, actor, {
          type: 'progress_note',
          commentary: `${change.to}\n\n${source}`,
        });
      } else if (change.field === 'action' && change.action) {
        const action = await manager.save(
          Action,
          manager.create(Action, {
            findingId: finding.id,
            ...change.action,
            version: 1,
            createdAt: nowIso(),
            updatedAt: nowIso(),
          }),
        );
        await this.changes.addUpdate(manager, finding, actor, {
          type: 'action_added',
          actionId: action.id,
          toValue: 'Not started',
          commentary: `${action.description}\n\n${source}`,
        });
      }
    }
  }

  /**
   * The rows that create findings, recorded by ReportRecorder: under the report a row names when the organisation
   * holds it, else under one report for this spreadsheet (type "Force tracker"); then each row's latest update as
   * the new finding's first progress note.
   */
  private async writeNewFindings(
    manager: EntityManager,
    preview: TrackerPreview,
    actor: Actor,
    at: string,
  ): Promise<{ references: string[]; reportKey: string | null }> {
    const { upload, force, plan } = preview;
    const rows = plan.rows.filter((row) => row.outcome === 'create' && row.create);
    if (rows.length === 0) {
      return { references: [], reportKey: null };
    }
    const reports: ReportToRecord[] = [];
    const reportIndex = new Map<string | null, number>();
    const nextPosition = new Map<number, number>();
    const year = at.slice(0, 4);
    for (const row of rows) {
      const key = row.create!.reportKey;
      if (reportIndex.has(key)) {
        continue;
      }
      reportIndex.set(key, reports.length);
      if (key === null) {
        reports.push({
          inspectionKey: `${force.code.toLowerCase()}-tracker-import-${upload.id}`,
          title: `${force.name} tracker: ${upload.fileName}`.slice(0, 300),
          inspectorate: 'HMICFRS',
          type: 'force_tracker',
          forceCode: force.code,
          period: year,
          publishedOn: null,
          sourceFile: upload.fileName,
          sourceUrl: null,
        });
        nextPosition.set(reports.length - 1, 1);
      } else {
        const report = await manager.findOneByOrFail(Report, { key });
        reports.push({
          heldKey: key,
          title: report.title,
          inspectorate: report.inspectorate,
          type: report.type,
          forceCode: force.code,
          period: report.period,
          publishedOn: report.publishedOn,
          sourceFile: report.sourceFile,
          sourceUrl: report.sourceUrl,
        });
        const last = await manager
          .createQueryBuilder(Finding, 'finding')
          .select('MAX(finding.position)', 'last')
          .where('finding.reportId = :reportId', { reportId: report.id })
          .getRawOne<{ last: number | null }>();
        nextPosition.set(reports.length - 1, Number(last?.last ?? 0) + 1);
      }
    }
    const placed: Array<{ row: PlannedRow; report: number; position: number }> = [];
    const items: NewFindingToRecord[] = rows.map((row) => {
      const create = row.create!;
      const report = reportIndex.get(create.reportKey)!;
      const position = nextPosition.get(report)!;
      nextPosition.set(report, position + 1);
      placed.push({ row, report, position });
      return {
        finding: {
          kind: create.kind,
          title: create.title,
          text: create.text,
          subPoints: [],
          parent: null,
          theme: NO_THEME,
          sources: [{ report, section: null, role: 'origin', position }],
          owner: create.owner,
          status: create.status,
          targetDate: create.targetDate,
          actions: create.actions,
        },
      };
    });
    const record: ReportRecord = {
      author: actor.user.username,
      at,
      importedFrom: upload.fileName,
      reports,
      judgments: [],
      items,
      assessments: [],
      links: [],
    };
    const recorded = await this.recorder.record(manager, record);
    const references: string[] = [];
    for (const { row, report, position } of placed) {
      const finding = await manager.findOneByOrFail(Finding, {
        reportId: recorded.reports[report].id,
        position,
        forceId: force.id,
      });
      references.push(finding.reference);
      row.finding = finding.reference;
      if (row.create!.update) {
        await this.changes.addUpdate(manager, finding, actor, {
          type: 'progress_note',
          commentary: `${row.create!.update}\n\nFrom the tracker spreadsheet ${upload.fileName} (row ${row.row}).`,
        });
      }
    }
    const trackerReport = reportIndex.has(null) ? recorded.reports[reportIndex.get(null)!].key : null;
    return { references, reportKey: trackerReport };
  }

  /**
   * The command line's import: the spreadsheet read, the sheet and header row chosen or guessed, the columns from
   * the organisation's remembered mapping or the headers; a dry run plans it only; otherwise it is committed
   * (near matches not confirmed are left out, as on the page).
   */
  async importFile(
    file: UploadedTrackerFile,
    options: { organisationCode: string; sheet?: string; headerRow?: number; dryRun: boolean },
    actor: Actor,
  ): Promise<{ preview: TrackerPreview; committed: TrackerCommitSummary | null }> {
    const force = await this.dataSource
      .getRepository(Force)
      .findOne({ where: { code: options.organisationCode.toUpperCase() } });
    if (!force) {
      throw new FormError([{ field: 'organisation', message: `There is no organisation ${options.organisationCode}` }]);
    }
    const workbook = await this.read(file.originalname, file.buffer);
    const sheet = options.sheet ? workbook.sheets.find((candidate) => candidate.name === options.sheet) : undefined;
    if (options.sheet && !sheet) {
      throw new FormError([
        {
          field: 'sheet',
          message: `There is no sheet ${options.sheet}: the sheets are ${workbook.sheets.map((s) => s.name).join(', ')}`,
        },
      ]);
    }
    const settings = await this.settingsOf(force.id);
    const chosen = (sheet ? [sheet] : workbook.sheets)
      .map((candidate) => {
        const headerRow = options.headerRow ?? guessHeaderRow(candidate);
        return {
          sheet: candidate,
          headerRow,
          mapping: guessMapping(headersOf(candidate, headerRow), settings?.columnHeaders ?? {}),
        };
      })
      .sort((a, b) => Object.keys(b.mapping).length - Object.keys(a.mapping).length)[0];
    const upload = Object.assign(new TrackerUpload(), {
      id: 0,
      forceId: force.id,
      force,
      fileName: file.originalname,
      sizeBytes: file.size,
      contentHash: createHash('sha256').update(file.buffer).digest('hex'),
      content: file.buffer.toString('base64'),
      sheetName: chosen.sheet.name,
      headerRow: chosen.headerRow,
      mapping: chosen.mapping,
      decisions: {},
      status: 'ready' as const,
      outcome: null,
      createdBy: actor.user.username,
      createdAt: nowIso(),
      committedBy: null,
      committedAt: null,
    });
    if (options.dryRun) {
      return { preview: await this.previewOf(upload), committed: null };
    }
    const stored = await this.upload(file, force.code, actor);
    await this.writes.run((manager) =>
      manager.update(
        TrackerUpload,
        { id: stored.id },
        { sheetName: chosen.sheet.name, headerRow: chosen.headerRow, mapping: chosen.mapping },
      ),
    );
    const saved = await this.get(stored.id, { role: 'administrator', forceId: null });
    const preview = await this.previewOf(saved);
    return { preview, committed: await this.writePlan(preview, actor) };
  }
}

/** A digest of what a plan does, row by row. */
export function planDigest(plan: TrackerPlan): string {
  const essence = plan.rows.map((row) => [
    row.row,
    row.outcome,
    row.finding,
    row.changes.map((change) => [change.field, change.from, change.to]),
  ]);
  return createHash('sha256').update(JSON.stringify(essence)).digest('hex');
}

/** The columns chosen on the page: each field's column number, or none. */
function mappingFromForm(dto: TrackerChoicesDto, width: number): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Map<number, string>();
  const errors: Array<{ field: string; message: string }> = [];
  for (const field of TRACKER_FIELD_VALUES) {
    const chosen = dto.mapping?.[field];
    if (chosen === undefined || chosen === '') {
      continue;
    }
    const column = Number(chosen);
    if (!Number.isInteger(column) || column < 0 || column >= width) {
      errors.push({ field: `mapping.${field}`, message: 'Select one of the sheet’s columns' });
      continue;
    }
    if (used.has(column)) {
      errors.push({ field: `mapping.${field}`, message: 'This column is already chosen for another field' });
      continue;
    }
    used.set(column, field);
    mapping[field] = column;
  }
  if (errors.length > 0) {
    throw new FormError(errors);
  }
  return mapping;
}

/** The status table as edited: a word with a status is kept, a word with none is removed. */
function statusWordsFromForm(dto: TrackerChoicesDto, current: StatusWords): StatusWords {
  if (!dto.statusWord || !dto.statusTarget) {
    return current;
  }
  const table: StatusWords = {};
  dto.statusWord.forEach((written, index) => {
    const word = statusWord(written ?? '');
    const target = dto.statusTarget![index] ?? '';
    if (word !== '' && (TRACKER_STATUS_TARGETS as readonly string[]).includes(target)) {
      table[word] = target as TrackerStatusTarget;
    }
  });
  return table;
}

/** The answers on near matches ("12:same", "14:new"), over those given before. */
function decisionsFromForm(
  dto: TrackerChoicesDto,
  current: Record<number, MatchDecision>,
): Record<number, MatchDecision> {
  const decisions = { ...current };
  for (const answer of dto.decision ?? []) {
    const match = /^(\d+):(same|new|)$/.exec(answer);
    if (match) {
      if (match[2] === '') {
        delete decisions[Number(match[1])];
      } else {
        decisions[Number(match[1])] = match[2] as MatchDecision;
      }
    }
  }
  return decisions;
}
