import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { PROJECT_ROOT } from '../common/project-root';
import { DEFAULT_DATA_AUTHOR, recordSourceTextImport } from '../imports/source-text-imports';
import { Force } from '../reports/force.entity';
import { ReportRecorder } from '../reports/report-recorder';
import { Report } from '../reports/report.entity';
import { addTeamsInUse } from '../teams/teams-in-use';
import { checkDefaultData } from './check-default-data';
import { recordOfDefaultData } from './default-data-record';
import type { DefaultData } from './default-data.types';

export const DEFAULT_DATA_FILE = join(PROJECT_ROOT, 'data', 'default', 'derbyshire-2016-2025.json');
/** The raw texts of the default data's reports (the importer reproduces the data from them). */
export const SOURCE_REPORTS_DIR = join(PROJECT_ROOT, 'data', 'source-reports');

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
    private readonly recorder: ReportRecorder,
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
        await load(manager, this.recorder, data);
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

/**
 * The forces, then every report and its items through the one writer (ReportRecorder), then each
 * shipped source text as its report's committed import.
 */
async function load(manager: EntityManager, recorder: ReportRecorder, data: DefaultData): Promise<void> {
  const loadedAt = nowIso();
  const sourceTexts = new Map<string, Buffer>();
  for (const row of data.reports) {
    const path = row.sourceFile ? join(SOURCE_REPORTS_DIR, row.sourceFile) : null;
    if (path && existsSync(path)) {
      sourceTexts.set(row.key, readFileSync(path));
    }
  }
  await manager.save(
    Force,
    data.forces.map((row) => manager.create(Force, row)),
  );
  const { reports } = await recorder.record(manager, recordOfDefaultData(data, DEFAULT_DATA_AUTHOR, loadedAt));
  // Each force's list of teams starts with the owners its findings and actions already name.
  await addTeamsInUse(manager, 'system', loadedAt);
  for (const report of reports) {
    const bytes = sourceTexts.get(report.key);
    if (bytes) {
      await recordSourceTextImport(manager, {
        report,
        fileName: report.sourceFile!,
        bytes,
        forces: data.forces,
        at: loadedAt,
      });
    }
  }
}
