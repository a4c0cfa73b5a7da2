import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Scope } from '../access/scope';
import { FormError } from '../common/form-error';
import { Evidence } from '../evidence/evidence.entity';
import { FindingQueries } from '../findings/finding-queries';
import { FindingUpdate } from '../findings/finding-update.entity';
import { ASSESSMENT_VERDICTS, FINDING_STATUSES } from '../findings/finding-status';
import { Force } from '../reports/force.entity';
import { OPEN_STATUSES } from './board-pack-maths';

export interface ProgressRow {
  force: string;
  code: string;
  /** The recipient's record, for a national recommendation. */
  reference?: string;
  status: string;
  latestAssessment: string;
  assessedOn: string | null;
  quote: string | null;
  findings: number;
  open: number;
  evidence: number;
  /** The force has something to show: a status, a verdict, an update or evidence on its record, or a finding. */
  recorded: boolean;
}

/** The forces with something recorded first, then those with nothing; by name within each (rows come by name). */
function recordedFirst(rows: ProgressRow[]): ProgressRow[] {
  return [...rows.filter((row) => row.recorded), ...rows.filter((row) => !row.recorded)];
}

/**
 * For inspectors: how every force stands on one national recommendation (its latest assessment
 * for the force, and the force's own findings citing it), or on a theme (the force's findings in it).
 */
@Injectable()
export class CrossForceProgressService {
  constructor(
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(FindingUpdate) private readonly updates: Repository<FindingUpdate>,
    private readonly queries: FindingQueries,
  ) {}

  /**
   * Each recipient's record of a national recommendation, side by side: its status, its latest assessment, the
   * force's own findings citing it and the evidence on the record. A force's reader sees only their own.
   */
  async forRecommendation(reference: string, scope: Scope): Promise<{ title: string; rows: ProgressRow[] }> {
    const visible = this.queries.visibleTo(scope);
    const named = await visible.withReference(reference.toUpperCase());
    if (!named || named.kind !== 'national_recommendation') {
      throw new FormError(
        [{ field: 'reference', message: `No national recommendation has the reference ${reference}` }],
        HttpStatus.NOT_FOUND,
      );
    }
    const statement = (await visible.statementOf(named)) ?? named;
    const [records, citing] = await Promise.all([
      visible.recordsOf(statement.id),
      // Only the findings that cite it: a finding merely related to it is not the force's version of it.
      visible
        .findings()
        .andWhere(
          `EXISTS (SELECT 1 FROM finding_links l WHERE l.from_finding_id = finding.id AND l.type = 'cites'
            AND (l.to_finding_id = :national
              OR l.to_finding_id IN (SELECT r.id FROM findings r WHERE r.national_finding_id = :national)))`,
          { national: statement.id },
        )
        .orderBy('finding.id', 'ASC')
        .getMany(),
    ]);
    const [latest, evidenceCounts, updated] = await Promise.all([
      visible.latestAssessments(records.map((record) => record.id)),
      this.evidenceCounts(records.map((record) => record.id)),
      this.updatedSinceRecorded(records.map((record) => record.id)),
    ]);
    return {
      title: `${statement.reference}: ${statement.title}`,
      rows: recordedFirst(
        records.map((record) => {
          const assessment = latest.get(record.id) ?? null;
          const own = citing.filter((finding) => finding.forceId === record.forceId);
          return {
            force: record.force!.name,
            code: record.force!.code,
            reference: record.reference,
            status: FINDING_STATUSES[record.status].label,
            latestAssessment: assessment ? ASSESSMENT_VERDICTS[assessment.verdict].label : 'Not assessed',
            assessedOn: assessment?.assessedOn ?? null,
            quote: assessment?.quote ?? null,
            findings: own.length,
            open: OPEN_STATUSES.includes(record.status) ? 1 : 0,
            evidence: evidenceCounts.get(record.id) ?? 0,
            recorded:
              record.status !== 'not_started' ||
              assessment !== null ||
              own.length > 0 ||
              updated.has(record.id) ||
              (evidenceCounts.get(record.id) ?? 0) > 0,
          };
        }),
      ),
    };
  }

  /**
   * Each force's findings in a theme, counted in SQL by force (findings, open, verified closed, and evidence not
   * withdrawn), so the page costs the same at any number of findings.
   */
  async forTheme(theme: string, scope: Scope): Promise<{ title: string; rows: ProgressRow[] }> {
    const inTheme = () =>
      this.queries
        .visibleTo(scope)
        .findings()
        .andWhere('finding.theme = :theme', { theme })
        .andWhere("finding.kind IN ('area_for_improvement', 'cause_of_concern', 'recommendation')");
    const [forces, counts] = await Promise.all([
      this.forcesIn(scope),
      inTheme()
        .select('finding.forceId', 'forceId')
        .addSelect('COUNT(*)', 'findings')
        .addSelect('SUM(CASE WHEN finding.status IN (:...openStatuses) THEN 1 ELSE 0 END)', 'open')
        .addSelect("SUM(CASE WHEN finding.status = 'verified_closed' THEN 1 ELSE 0 END)", 'closed')
        .addSelect(
          "(SELECT COUNT(*) FROM evidence e WHERE e.withdrawn_at IS NULL AND e.finding_id IN (SELECT f2.id FROM findings f2 WHERE f2.force_id = finding.force_id AND f2.theme = :theme AND f2.kind IN ('area_for_improvement', 'cause_of_concern', 'recommendation')))",
          'evidence',
        )
        .setParameter('openStatuses', [...OPEN_STATUSES])
        .groupBy('finding.forceId')
        .getRawMany<{
          forceId: number;
          findings: string | number;
          open: string | number;
          closed: string | number;
          evidence: string | number;
        }>(),
    ]);
    const byForce = new Map(counts.map((row) => [Number(row.forceId), row]));
    return {
      title: `Theme: ${theme}`,
      rows: recordedFirst(
        forces.map((force) => {
          const own = byForce.get(force.id);
          const findings = Number(own?.findings ?? 0);
          return {
            force: force.name,
            code: force.code,
            status: findings
              ? `${Number(own?.closed ?? 0)} of ${findings} verified closed`
              : 'No findings in this theme',
            latestAssessment: '—',
            assessedOn: null,
            quote: null,
            findings,
            open: Number(own?.open ?? 0),
            evidence: Number(own?.evidence ?? 0),
            recorded: findings > 0,
          };
        }),
      ),
    };
  }

  /** The police forces a reader may see (not fire and rescue services or national bodies): all, or their own. */
  private forcesIn(scope: Scope): Promise<Force[]> {
    return this.forces.find({
      where: scope.forceId === null ? { kind: 'police' } : { id: scope.forceId },
      order: { name: 'ASC' },
    });
  }

  /** Which of these findings have an entry in their history beyond being recorded. */
  private async updatedSinceRecorded(findingIds: number[]): Promise<Set<number>> {
    if (findingIds.length === 0) {
      return new Set();
    }
    const rows = await this.updates
      .createQueryBuilder('entry')
      .select('entry.findingId', 'findingId')
      .distinct(true)
      .where('entry.findingId IN (:...ids)', { ids: findingIds })
      .andWhere("entry.type <> 'recorded'")
      .getRawMany<{ findingId: number }>();
    return new Set(rows.map((row) => Number(row.findingId)));
  }

  private async evidenceCounts(findingIds: number[]): Promise<Map<number, number>> {
    if (findingIds.length === 0) {
      return new Map();
    }
    const rows = await this.evidence
      .createQueryBuilder('evidence')
      .select('evidence.findingId', 'findingId')
      .addSelect('COUNT(*)', 'count')
      .where('evidence.findingId IN (:...ids)', { ids: findingIds })
      .andWhere('evidence.withdrawnAt IS NULL')
      .groupBy('evidence.findingId')
      .getRawMany<{ findingId: number; count: string | number }>();
    return new Map(rows.map((row) => [Number(row.findingId), Number(row.count)]));
  }
}
