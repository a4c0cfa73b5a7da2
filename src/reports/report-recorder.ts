import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { Action } from '../findings/action.entity';
import { Assessment } from '../findings/assessment.entity';
import { FindingLink } from '../findings/finding-link.entity';
import { FindingSource } from '../findings/finding-source.entity';
import { FindingUpdate } from '../findings/finding-update.entity';
import { Finding } from '../findings/finding.entity';
import { fillRecipientRecords, isStatement, recordOf } from '../findings/recipient-records';
import { Force } from './force.entity';
import { Inspection } from './inspection.entity';
import { Judgment } from './judgment.entity';
import { Report } from './report.entity';
import {
  baseReportKey,
  findingForceId,
  formatReference,
  furtherSourceHistory,
  homeSource,
  newFindingHistory,
  referenceNumber,
  referencePrefix,
  reportYear,
  hasWork,
  statedStatusHistory,
  statedStatusHolder,
  workingForceCode,
  type FindingRef,
  type NewFindingToRecord,
  type ReportRecord,
  type ReportToRecord,
  type SourceOfHeldFinding,
  type SourceToRecord,
} from './report-record';

/** What a record made. */
export interface RecordedReports {
  /** The reports, in the record's order. */
  reports: Report[];
  judgments: number;
  /** New findings. */
  findings: number;
  /** Sources added to findings already held. */
  sources: number;
  assessments: number;
  links: number;
  /** Statuses papers state for the findings they quote, recorded in those findings' history. */
  statedStatuses: number;
}

/**
 * The one writer of reports and their findings: a ReportRecord (report-record.ts) becomes the
 * inspections, reports, judgments, findings (causes of concern before their recommendations),
 * sources, history entries, actions, assessments and links, inside the caller's transaction.
 * A committed import (ImportsService) and the default data (DefaultDataService) record through it,
 * each then recording its audit entry in the same transaction: every row here is inserted through
 * the manager, so AuditedWrites collects it and the entry records its digest.
 */
@Injectable()
export class ReportRecorder {
  /** Writes the record with `manager` (the caller's transaction): all of it or, on an error, none. */
  async record(manager: EntityManager, record: ReportRecord): Promise<RecordedReports> {
    return new Recording(manager, record).write();
  }
}

/** One record being written: the reports and findings made so far, to resolve what later rows point at. */
class Recording {
  private readonly forces = new Map<string, Force | null>();
  private readonly reports: Report[] = [];
  /** Each item's finding (new, or the held one it is another source of), by item index. */
  private readonly made: Finding[] = [];
  private readonly byReference = new Map<string, Finding>();
  private readonly references: ReferenceNumbers;

  constructor(
    private readonly manager: EntityManager,
    private readonly record: ReportRecord,
  ) {
    this.references = new ReferenceNumbers(manager);
  }

  async write(): Promise<RecordedReports> {
    for (const report of this.record.reports) {
      this.reports.push(await this.writeReport(report));
    }
    await this.manager.save(
      Judgment,
      this.record.judgments.map((judgment) =>
        this.manager.create(Judgment, {
          reportId: this.report(judgment.report).id,
          pillar: judgment.pillar,
          area: judgment.area,
          grade: judgment.grade,
          lastInspected: judgment.lastInspected,
          position: judgment.position,
        }),
      ),
      { chunk: 100 },
    );
    let findings = 0;
    let sources = 0;
    let statedStatuses = 0;
    for (const item of this.record.items) {
      if ('sourceOf' in item) {
        const held = await this.writeSourceOfHeld(item);
        this.made.push(held);
        sources += 1;
        if (item.statedStatus) {
          statedStatuses += await this.writeStatedStatus(held, item.statedStatus, item.source.report);
        }
      } else {
        const finding = await this.writeNewFinding(item.finding);
        this.made.push(finding);
        this.byReference.set(finding.reference, finding);
        findings += 1;
        const stated = item.finding.statedStatus;
        if (stated) {
          if (!item.finding.sources.some((source) => source.report === stated.report)) {
            throw new Error(`The paper stating the status of ${finding.reference} is not one of its sources`);
          }
          statedStatuses += await this.writeStatedStatus(finding, stated.status, stated.report);
        }
      }
    }
    return {
      reports: this.reports,
      judgments: this.record.judgments.length,
      findings,
      sources,
      assessments: await this.writeAssessments(),
      links: await this.writeLinks(),
      statedStatuses,
    };
  }

  /**
   * The status a paper (a report of this record, already a source of the finding) states for `named`:
   * one history entry on the finding that takes it (statedStatusHolder), the finding itself or, for a
   * national recommendation's statement, the record of the paper's force, as an assessment is. The
   * finding's own status is not touched. Returns how many entries were written (0 or 1).
   */
  private async writeStatedStatus(named: Finding, status: string, paperIndex: number): Promise<number> {
    const { manager, record } = this;
    const paper = this.report(paperIndex);
    const holder = statedStatusHolder(named, paper);
    if (status.trim() === '' || holder === null) {
      return 0;
    }
    const finding =
      holder === 'finding'
        ? named
        : await recordOf(manager, named, await manager.findOneByOrFail(Force, { id: paper.forceId! }));
    await manager.save(
      FindingUpdate,
      manager.create(FindingUpdate, {
        findingId: finding.id,
        author: record.author,
        ...statedStatusHistory(paper, status, record),
      }),
    );
    return 1;
  }

  private report(index: number): Report {
    const report = this.reports[index];
    if (!report) {
      throw new Error(`The record has no report ${index}`);
    }
    return report;
  }

  private async force(code: string | null): Promise<Force | null> {
    if (code === null) {
      return null;
    }
    if (!this.forces.has(code)) {
      this.forces.set(code, await this.manager.findOneByOrFail(Force, { code }));
    }
    return this.forces.get(code)!;
  }

  /** The finding an item or reference names: one of this record's, or one held. */
  private async resolve(ref: FindingRef): Promise<Finding | null> {
    if ('item' in ref) {
      return this.made[ref.item] ?? null;
    }
    return this.byReference.get(ref.reference) ?? (await this.manager.findOneBy(Finding, { reference: ref.reference }));
  }

  /** The report, in the inspection it is a document of (made when not held). */
  private async writeReport(row: ReportToRecord): Promise<Report> {
    const { manager } = this;
    if (row.heldKey !== undefined) {
      return manager.findOneByOrFail(Report, { key: row.heldKey });
    }
    const force = await this.force(row.forceCode);
    const title = row.title.trim();
    const base = baseReportKey(row);
    const inspection =
      (await manager.findOne(Inspection, {
        where: row.inspectionKey
          ? { key: row.inspectionKey }
          : { forceId: force ? force.id : IsNull(), period: row.period },
      })) ??
      (await manager.save(
        Inspection,
        manager.create(Inspection, {
          key: row.inspectionKey ?? (await freeKey(manager, Inspection, base)),
          title,
          forceId: force?.id ?? null,
          period: row.period,
        }),
      ));
    let displayOrder = row.displayOrder;
    if (displayOrder === undefined) {
      const [{ last }] = await manager.query<Array<{ last: number | null }>>(
        'SELECT MAX(display_order) AS last FROM reports',
      );
      displayOrder = Number(last ?? 0) + 1;
    }
    return manager.save(
      Report,
      manager.create(Report, {
        key: row.key ?? (await freeKey(manager, Report, base)),
        inspectionId: inspection.id,
        title,
        inspectorate: row.inspectorate,
        type: row.type,
        forceId: force?.id ?? null,
        period: row.period,
        year: reportYear(row),
        publishedOn: row.publishedOn,
        sourceFile: row.sourceFile,
        sourceUrl: row.sourceUrl,
        pccResponsePublishedOn: null,
        pccResponseUrl: null,
        displayOrder,
      }),
    );
  }

  /** A finding already held, found in another document: the source, and a line in its history. */
  private async writeSourceOfHeld(item: SourceOfHeldFinding): Promise<Finding> {
    const { manager, record } = this;
    const held = await manager.findOneByOrFail(Finding, { reference: item.sourceOf });
    const report = this.report(item.source.report);
    await manager.save(FindingSource, manager.create(FindingSource, sourceRow(held, item.source, report)));
    await manager.save(
      FindingUpdate,
      manager.create(FindingUpdate, {
        findingId: held.id,
        author: record.author,
        ...furtherSourceHistory(report, item.source.role, record),
      }),
    );
    return held;
  }

  /** A finding new to the tracker, with its sources, its first history and its actions. */
  private async writeNewFinding(row: NewFindingToRecord['finding']): Promise<Finding> {
    const { manager, record } = this;
    const home = homeSource(row.sources);
    const report = this.report(home.report);
    const parent = row.parent ? await this.resolve(row.parent) : null;
    if (row.parent && !parent) {
      throw new Error(
        `The parent of item ${this.made.length} (${JSON.stringify(row.parent)}) is not recorded before it`,
      );
    }
    const national = row.kind === 'national_recommendation';
    // A national recommendation is recorded as the inspectorate made it; the work given with it is one recipient's.
    const status = national ? 'not_started' : (row.status ?? 'not_started');
    const exampleData = national ? false : (row.exampleData ?? false);
    const reference =
      row.reference ??
      (await this.references.next(referencePrefix(row.kind, record.reports[home.report].forceCode, report.year)));
    const finding = await manager.save(
      Finding,
      manager.create(Finding, {
        reference,
        kind: row.kind,
        title: row.title,
        text: row.text,
        subPoints: row.subPoints,
        parentId: parent?.id ?? null,
        forceId: findingForceId(row.kind, report),
        reportId: report.id,
        year: report.year,
        position: home.position,
        section: home.section,
        theme: row.theme,
        recipients: national ? (row.recipients ?? null) : null,
        owner: national ? null : (row.owner ?? null),
        actionOwners: national ? [] : (row.actionOwners ?? []),
        status,
        targetDate: national ? null : (row.targetDate ?? null),
        exampleData,
        version: 1,
        createdAt: record.at,
        updatedAt: record.at,
      }),
    );
    this.references.taken(reference);
    await manager.save(
      FindingSource,
      row.sources.map((source) =>
        manager.create(FindingSource, sourceRow(finding, source, this.report(source.report))),
      ),
    );
    await manager.save(
      FindingUpdate,
      newFindingHistory(report, { status, exampleData, statusSince: row.statusSince }, record).map((entry) =>
        manager.create(FindingUpdate, { findingId: finding.id, author: record.author, ...entry }),
      ),
    );
    if (national) {
      await fillRecipientRecords(manager, { statementId: finding.id });
      const worker = workingForceCode(row, record);
      if (worker !== null) {
        await this.writeWork(await recordOf(manager, finding, (await this.force(worker))!), row);
      } else if (hasWork(row)) {
        throw new Error(
          `${reference} is a national recommendation: its owner, status and actions are a recipient's, and no force's report in the record cites it`,
        );
      }
      return finding;
    }
    await this.writeActions(finding, row);
    return finding;
  }

  /** A recipient's work given with a national recommendation, on that recipient's record. */
  private async writeWork(target: Finding, row: NewFindingToRecord['finding']): Promise<void> {
    const { manager, record } = this;
    if (!hasWork(row)) {
      return;
    }
    const status = row.status ?? 'not_started';
    const exampleData = row.exampleData ?? false;
    await manager.update(
      Finding,
      { id: target.id },
      {
        owner: row.owner ?? null,
        actionOwners: row.actionOwners ?? [],
        status,
        targetDate: row.targetDate ?? null,
        exampleData,
      },
    );
    await manager.save(
      FindingUpdate,
      newFindingHistory(
        this.report(homeSource(row.sources).report),
        { status, exampleData, statusSince: row.statusSince },
        record,
      )
        .filter((entry) => entry.type !== 'recorded')
        .map((entry) => manager.create(FindingUpdate, { findingId: target.id, author: record.author, ...entry })),
    );
    await this.writeActions(target, row);
  }

  private async writeActions(finding: Finding, row: NewFindingToRecord['finding']): Promise<void> {
    const { manager, record } = this;
    if (row.actions && row.actions.length > 0) {
      await manager.save(
        Action,
        row.actions.map((action) =>
          manager.create(Action, {
            findingId: finding.id,
            ...action,
            version: 1,
            createdAt: record.at,
            updatedAt: record.at,
          }),
        ),
      );
    }
  }

  private async writeAssessments(): Promise<number> {
    const { manager, record } = this;
    const rows: Assessment[] = [];
    for (const assessment of record.assessments) {
      const named = await this.resolve(assessment.finding);
      if (!named) {
        continue;
      }
      const report = this.report(assessment.report);
      // A force's report judges that force's record of a national recommendation.
      const finding =
        isStatement(named) && report.forceId !== null
          ? await recordOf(manager, named, await manager.findOneByOrFail(Force, { id: report.forceId }))
          : named;
      rows.push(
        manager.create(Assessment, {
          findingId: finding.id,
          reportId: report.id,
          forceId: report.forceId,
          verdict: assessment.verdict,
          quote: assessment.quote,
          commentary: null,
          assessedOn: assessment.assessedOn ?? report.publishedOn,
          recordedBy: record.author,
          createdAt: record.at,
        }),
      );
    }
    await manager.save(Assessment, rows);
    return rows.length;
  }

  private async writeLinks(): Promise<number> {
    const { manager, record } = this;
    const rows: FindingLink[] = [];
    const seen = new Set<string>();
    for (const link of record.links) {
      const from = await this.resolve(link.from);
      const to = await this.resolve(link.to);
      if (!from || !to || from.id === to.id) {
        continue;
      }
      const key = `${from.id}>${to.id}:${link.type}`;
      if (
        seen.has(key) ||
        (await manager.existsBy(FindingLink, { fromFindingId: from.id, toFindingId: to.id, type: link.type }))
      ) {
        continue;
      }
      seen.add(key);
      rows.push(
        manager.create(FindingLink, {
          fromFindingId: from.id,
          toFindingId: to.id,
          type: link.type,
          reason: link.reason,
          createdAt: record.at,
        }),
      );
    }
    await manager.save(FindingLink, rows);
    return rows.length;
  }
}

function sourceRow(finding: Finding, source: SourceToRecord, report: Report): Partial<FindingSource> {
  return {
    findingId: finding.id,
    reportId: report.id,
    section: source.section,
    role: source.role,
    position: source.position,
  };
}

/** The first of `base`, `base-2`, `base-3`… that no report (or inspection) has, cut to fit a key. */
async function freeKey(
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

/** Numbers new findings' references after the highest held with the same prefix. */
class ReferenceNumbers {
  private readonly highest = new Map<string, number>();

  constructor(private readonly manager: EntityManager) {}

  async next(prefix: string): Promise<string> {
    if (!this.highest.has(prefix)) {
      const rows = await this.manager
        .getRepository(Finding)
        .createQueryBuilder('finding')
        .select('finding.reference', 'reference')
        .where('finding.reference LIKE :prefix', { prefix: `${prefix}%` })
        .getRawMany<{ reference: string }>();
      this.highest.set(prefix, Math.max(0, ...rows.map((row) => referenceNumber(prefix, row.reference))));
    }
    const next = this.highest.get(prefix)! + 1;
    this.highest.set(prefix, next);
    return formatReference(prefix, next);
  }

  /** Notes a reference just recorded (perhaps given, not numbered), so that no number repeats it. */
  taken(reference: string): void {
    for (const [prefix, highest] of this.highest) {
      this.highest.set(prefix, Math.max(highest, referenceNumber(prefix, reference)));
    }
  }
}
