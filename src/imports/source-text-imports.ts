import type { EntityManager } from 'typeorm';
import { sha256Hex } from '../evidence/evidence-storage';
import type { Report } from '../reports/report.entity';
import type { ImportProposal } from './extraction/import-types';
import { initialReview } from './import-review';
import { ReportImport } from './report-import.entity';

/**
 * The author of what the shipped default data records (history entries, assessments), and of the
 * committed imports of its source texts: the import pages know those imports by it.
 */
export const DEFAULT_DATA_AUTHOR = 'Default data (HMICFRS reports)';

/**
 * Records a shipped source text of a report already recorded (data/source-reports/) as that
 * report's committed import, so that uploading the same document is recognised by its SHA-256.
 * Only the fingerprint is needed: the items themselves are the reviewed data the report holds.
 */
export async function recordSourceTextImport(
  manager: EntityManager,
  source: {
    report: Report;
    fileName: string;
    bytes: Buffer;
    forces: ReadonlyArray<{ code: string; name: string }>;
    at: string;
  },
): Promise<ReportImport> {
  const { report } = source;
  const proposal: ImportProposal = {
    report: {
      title: report.title,
      force: null,
      inspectorate: report.inspectorate,
      type: report.type,
      period: report.period,
      published: report.publishedOn,
    },
    judgments: [],
    findings: [],
    assessments: [],
  };
  return manager.save(
    ReportImport,
    manager.create(ReportImport, {
      contentHash: sha256Hex(source.bytes),
      fileName: source.fileName,
      format: 'text',
      sizeBytes: source.bytes.length,
      status: 'committed',
      text: '',
      proposal,
      review: initialReview(proposal, source.forces, [], () => null),
      reportId: report.id,
      createdBy: DEFAULT_DATA_AUTHOR,
      createdAt: source.at,
      committedBy: DEFAULT_DATA_AUTHOR,
      committedAt: source.at,
    }),
  );
}
