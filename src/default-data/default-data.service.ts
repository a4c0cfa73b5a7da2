import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { Action } from '../findings/action.entity';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { PROJECT_ROOT } from '../common/project-root';
import { Assessment } from '../findings/assessment.entity';
import { FindingLink } from '../findings/finding-link.entity';
import { FindingSource } from '../findings/finding-source.entity';
import { Finding } from '../findings/finding.entity';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from '../findings/finding-update.entity';
import { Inspection } from '../reports/inspection.entity';
import { Judgment } from '../reports/judgment.entity';
import { Report } from '../reports/report.entity';
import { checkDefaultData } from './check-default-data';
import { sha256Hex } from '../evidence/evidence-storage';
import { initialReview } from '../imports/import-review';
import { ReportImport } from '../imports/report-import.entity';
import type { DefaultData } from './default-data.types';

export const DEFAULT_DATA_FILE = join(PROJECT_ROOT, 'data', 'default', 'derbyshire-2016-2025.json');
/** The raw texts of the default data's reports (the importer reproduces the data from them). */
export const SOURCE_REPORTS_DIR = join(PROJECT_ROOT, 'data', 'source-reports');

/** The author recorded for history entries that come from the shipped data, not from a person. */
export const DEFAULT_DATA_AUTHOR = 'Default data (HMICFRS reports)';

export function readDefaultData(file: string = DEFAULT_DATA_FILE): DefaultData {
  const data = JSON.parse(readFileSync(file, 'utf8')) as DefaultData;
  const problems = checkDefaultData(data);
  if (problems.length > 0) {
    throw new Error(`The default data file ${file} has problems:\n  - ${problems.join('\n  - ')}`);
  }
  return data;
}

/**
 * Loads the default data file (one force's reports and the national recommendations they cite)
 * into an empty database, in one transaction
 * with its audit entry.
 */
@Injectable()
export class DefaultDataService {
  private readonly logger = new Logger(DefaultDataService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Loads the default data when there are no reports yet; returns whether it loaded anything.
   * Called at start by DatabaseStartup.
   */
  async loadIfEmpty(file: string = DEFAULT_DATA_FILE): Promise<boolean> {
    if ((await this.dataSource.getRepository(Report).count()) > 0) {
      return false;
    }
    const data = readDefaultData(file);
    try {
      await this.dataSource.transaction(async (manager) => {
        await load(manager, data);
        // Its audit entry records the digest of every row loaded, as any change's does.
        await this.audit.record(manager, {
          actor: 'system',
          ip: null,
          action: 'default_data.loaded',
          entityType: 'data',
          entityId: basename(file),
          summary: `Loaded the default data: ${data.reports.length} reports, ${data.findings.length} findings`,
        });
      });
    } catch (error) {
      // Another instance sharing the database may have loaded it first.
      if ((await this.dataSource.getRepository(Report).count()) > 0) {
        return false;
      }
      throw error;
    }
    this.logger.log(`Loaded the default data: ${data.reports.length} reports, ${data.findings.length} findings`);
    return true;
  }
}

async function load(manager: EntityManager, data: DefaultData): Promise<void> {
  const loadedAt = nowIso();
  const sourceTexts = new Map<string, Buffer>();
  for (const row of data.reports) {
    const path = row.sourceFile ? join(SOURCE_REPORTS_DIR, row.sourceFile) : null;
    if (path && existsSync(path)) {
      sourceTexts.set(row.key, readFileSync(path));
    }
  }

  const forces = new Map<string, Force>();
  for (const force of await manager.save(
    Force,
    data.forces.map((row) => manager.create(Force, row)),
  )) {
    forces.set(force.code, force);
  }
  const forceId = (code: string | null) => (code === null ? null : forces.get(code)!.id);

  const inspections = new Map<string, Inspection>();
  const reports = new Map<string, Report>();
  for (const row of [...data.reports].sort((a, b) => a.order - b.order)) {
    let inspection = inspections.get(row.inspectionKey);
    if (!inspection) {
      inspection = await manager.save(
        Inspection,
        manager.create(Inspection, {
          key: row.inspectionKey,
          title: row.title,
          forceId: forceId(row.forceCode),
          period: row.period,
        }),
      );
      inspections.set(row.inspectionKey, inspection);
    }
    const report = await manager.save(
      Report,
      manager.create(Report, {
        key: row.key,
        inspectionId: inspection.id,
        title: row.title,
        inspectorate: row.inspectorate,
        type: row.type,
        forceId: forceId(row.forceCode),
        period: row.period,
        year: reportYear(row),
        publishedOn: row.publishedOn,
        sourceFile: row.sourceFile,
        sourceUrl: row.sourceUrl,
        pccResponsePublishedOn: null,
        pccResponseUrl: null,
        displayOrder: row.order,
      }),
    );
    reports.set(row.key, report);
    // The shipped source text is recorded as this report's import, so importing it again is recognised.
    const bytes = sourceTexts.get(row.key);
    if (bytes) {
      // Only the fingerprint is needed; the items themselves are the reviewed data loaded here.
      const proposal = {
        report: {
          title: row.title,
          force: null,
          inspectorate: row.inspectorate,
          type: row.type,
          period: row.period,
          published: row.publishedOn,
        },
        judgments: [],
        findings: [],
        assessments: [],
      };
      await manager.save(
        ReportImport,
        manager.create(ReportImport, {
          contentHash: sha256Hex(bytes),
          fileName: row.sourceFile!,
          format: 'text',
          sizeBytes: bytes.length,
          status: 'committed',
          text: '',
          proposal,
          review: initialReview(proposal, data.forces, [], () => null),
          reportId: report.id,
          createdBy: DEFAULT_DATA_AUTHOR,
          createdAt: loadedAt,
          committedBy: DEFAULT_DATA_AUTHOR,
          committedAt: loadedAt,
        }),
      );
    }
  }

  await manager.save(
    Judgment,
    data.judgments.map((row) =>
      manager.create(Judgment, {
        reportId: reports.get(row.reportKey)!.id,
        pillar: row.pillar,
        area: row.area,
        grade: row.grade,
        lastInspected: row.lastInspected,
        position: row.position,
      }),
    ),
    { chunk: 100 },
  );

  const findings = new Map<string, Finding>();
  // Parents first, so a recommendation can point at its cause of concern.
  const ordered = [...data.findings].sort(
    (a, b) => Number(a.parentReference !== null) - Number(b.parentReference !== null),
  );
  for (const [index, row] of ordered.entries()) {
    // Where the position within a report is unknown, the file's order stands in for it.
    const positionOf = (source: { position: number | null }) => source.position ?? data.findings.length + index;
    const origin = row.sources.find((source) => source.role === 'origin')!;
    const report = reports.get(origin.reportKey)!;
    const finding = await manager.save(
      Finding,
      manager.create(Finding, {
        reference: row.reference,
        kind: row.kind,
        title: row.title,
        text: row.text,
        subPoints: row.subPoints,
        parentId: row.parentReference ? findings.get(row.parentReference)!.id : null,
        forceId: forceId(row.forceCode),
        reportId: report.id,
        year: report.year,
        position: positionOf(origin),
        section: origin.section,
        theme: row.theme,
        owner: row.owner,
        actionOwners: row.actionOwners,
        status: row.status,
        targetDate: row.targetDate,
        exampleData: row.exampleData,
        version: 1,
        createdAt: loadedAt,
        updatedAt: loadedAt,
      }),
    );
    findings.set(row.reference, finding);

    await manager.save(
      FindingSource,
      row.sources.map((source) =>
        manager.create(FindingSource, {
          findingId: finding.id,
          reportId: reports.get(source.reportKey)!.id,
          section: source.section,
          role: source.role,
          position: positionOf(source),
        }),
      ),
    );

    const publishedAt = report.publishedOn
      ? `${report.publishedOn}T00:00:00.000Z`
      : `${report.year}-01-01T00:00:00.000Z`;
    const history: Array<Partial<FindingUpdate>> = [
      { type: 'recorded', commentary: `Published in ${report.title} (${report.period}).`, createdAt: publishedAt },
    ];
    if (row.status !== 'not_started') {
      history.push({
        type: 'status_change',
        fromValue: 'not_started',
        toValue: row.status,
        commentary: row.exampleData ? 'Example status for the default data.' : null,
        createdAt: loadedAt,
      });
    }
    await manager.save(
      FindingUpdate,
      history.map((entry) =>
        manager.create(FindingUpdate, { findingId: finding.id, author: DEFAULT_DATA_AUTHOR, ...entry }),
      ),
    );

    if (row.actions.length > 0) {
      await manager.save(
        Action,
        row.actions.map((action) =>
          manager.create(Action, {
            findingId: finding.id,
            ...action,
            version: 1,
            createdAt: loadedAt,
            updatedAt: loadedAt,
          }),
        ),
      );
    }
  }

  await manager.save(
    Assessment,
    data.assessments.map((row) => {
      const report = reports.get(row.reportKey)!;
      return manager.create(Assessment, {
        findingId: findings.get(row.findingReference)!.id,
        reportId: report.id,
        forceId: report.forceId,
        verdict: row.verdict,
        quote: row.quote,
        commentary: null,
        assessedOn: row.assessedOn ?? report.publishedOn,
        recordedBy: DEFAULT_DATA_AUTHOR,
        createdAt: loadedAt,
      });
    }),
  );

  await manager.save(
    FindingLink,
    data.links.map((row) =>
      manager.create(FindingLink, {
        fromFindingId: findings.get(row.fromReference)!.id,
        toFindingId: findings.get(row.toReference)!.id,
        type: row.type,
        reason: row.reason,
        createdAt: loadedAt,
      }),
    ),
  );
}

/** The year a report is filed under: its publication year, or the first year of its period. */
export function reportYear(report: { publishedOn: string | null; period: string }): number {
  return Number((report.publishedOn ?? report.period).slice(0, 4));
}
