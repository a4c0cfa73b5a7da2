import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ObjectLiteral, Repository } from 'typeorm';
import { Action } from '../findings/action.entity';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../access/current-user';
import { inScope, scopeOf } from '../access/scope';
import { nowIso, todayIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { Evidence } from '../evidence/evidence.entity';
import { FindingQueries, sourcedFrom } from '../findings/finding-queries';
import { Verification } from '../findings/verification.entity';
import { HAS_OWN_FINDINGS } from '../database/force-queries';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from '../findings/finding-update.entity';
import { Report } from '../reports/report.entity';
import { assembleBoardPack, type BoardPackData } from './assemble-board-pack';
import type { BoardPack, BoardPackParameters } from './board-pack.types';
import { BoardPackSnapshot } from './board-pack-snapshot.entity';
import type { BoardPackQuery } from './dto/board-pack.query';

export type { BoardPackParameters } from './board-pack.types';

export const DEFAULT_STALE_DAYS = 90;

/**
 * Builds the board pack for a force: loads the tracker's data (the findings in scope, their history,
 * actions, evidence, verifications and assessments, in a handful of queries) and has
 * `assembleBoardPack` turn it into the pack.
 */
@Injectable()
export class BoardPackService {
  constructor(
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    @InjectRepository(FindingUpdate) private readonly updates: Repository<FindingUpdate>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(Verification) private readonly verifications: Repository<Verification>,
    @InjectRepository(Report) private readonly reports: Repository<Report>,
    @InjectRepository(BoardPackSnapshot) private readonly snapshots: Repository<BoardPackSnapshot>,
    private readonly audit: AuditService,
    private readonly queries: FindingQueries,
  ) {}

  /**
   * The force a user may make packs for: one in their scope (a force user's own), the one asked for or, when none
   * is asked for, their own force (force users) or the first force with findings (inspectors, administrators).
   */
  async forceFor(user: CurrentUser, code: string | undefined): Promise<Force> {
    const scope = scopeOf(user);
    const wanted = code ?? (scope.forceId !== null ? user.forceCode : null);
    const force = wanted
      ? await this.forces.findOne({ where: { code: wanted.toUpperCase() } })
      : await this.forces.createQueryBuilder('force').where(HAS_OWN_FINDINGS).orderBy('force.name', 'ASC').getOne();
    if (!force || !inScope(scope, force.id)) {
      throw new NotFoundException(`No force has the code ${wanted ?? ''}`);
    }
    return force;
  }

  /**
   * Checks the query and fills in defaults: until today, and since the moment the last pack was
   * saved (not its day, so what that pack already showed is not reported again as a change).
   */
  async parameters(query: BoardPackQuery, force: Force): Promise<BoardPackParameters> {
    const until = query.until ?? todayIso();
    let since = query.since ?? null;
    if (!since) {
      const [last] = await this.snapshots.find({ where: { forceId: force.id }, order: { createdAt: 'DESC' }, take: 1 });
      since = last ? last.createdAt : null;
    }
    if (since && since.slice(0, 10) > until) {
      throw new FormError([{ field: 'since', message: 'The start date must be on or before the end date' }]);
    }
    return {
      force: force.code,
      report: query.report,
      theme: query.theme,
      kind: query.kind,
      owner: query.owner,
      since,
      until,
      staleDays: query.staleDays ?? DEFAULT_STALE_DAYS,
    };
  }

  /** The board pack for a force: its data loaded, then assembled by `assembleBoardPack`. */
  async build(force: Force, parameters: BoardPackParameters, generatedBy: string): Promise<BoardPack> {
    return assembleBoardPack(await this.loadBoardPackData(force, parameters, generatedBy));
  }

  /**
   * What a pack is made from, in a handful of queries: the findings in scope with their reports, their
   * history, actions, evidence and verifications, the force's reports, the national recommendations
   * with this force's assessments of them, and the audit chain's head.
   */
  private async loadBoardPackData(
    force: Force,
    parameters: BoardPackParameters,
    generatedBy: string,
  ): Promise<BoardPackData> {
    // The findings in scope, as a query: read once with their reports, and used as a subquery for their history,
    // actions, evidence and verifications (no list of ids, whose length would grow with the force's findings).
    const findingsInScope = () => {
      const scoped = this.queries.ofForce(force.id).findings();
      if (parameters.kind) {
        scoped.andWhere('finding.kind = :kind', { kind: parameters.kind });
      } else {
        // Observations are narrative, not formal findings: in a pack only when asked for. The force's records of
        // national recommendations have a section of their own.
        scoped.andWhere("finding.kind NOT IN ('observation', 'national_recommendation')");
      }
      if (parameters.report) {
        sourcedFrom(scoped, parameters.report);
      }
      if (parameters.theme) {
        scoped.andWhere('finding.theme = :theme', { theme: parameters.theme });
      }
      if (parameters.owner) {
        scoped.andWhere('finding.owner = :owner', { owner: parameters.owner });
      }
      return scoped;
    };
    const ofFindingsInScope = <T extends ObjectLiteral>(repository: Repository<T>, alias: string) => {
      const ids = findingsInScope().select('finding.id');
      return repository
        .createQueryBuilder(alias)
        .where(`${alias}.findingId IN (${ids.getQuery()})`)
        .setParameters(ids.getParameters());
    };
    const rows = await findingsInScope()
      .leftJoinAndSelect('finding.report', 'report')
      .orderBy('report.displayOrder', 'ASC')
      .addOrderBy('finding.position', 'ASC')
      .getMany();

    const [updates, actions, evidence, verifications, forceReports, nationals, head] = await Promise.all([
      ofFindingsInScope(this.updates, 'update')
        .orderBy('update.createdAt', 'ASC')
        .addOrderBy('update.id', 'ASC')
        .getMany(),
      ofFindingsInScope(this.actions, 'action')
        .orderBy('action.dueDate', 'ASC')
        .addOrderBy('action.id', 'ASC')
        .getMany(),
      ofFindingsInScope(this.evidence, 'evidence').orderBy('evidence.id', 'ASC').getMany(),
      ofFindingsInScope(this.verifications, 'verification').orderBy('verification.decidedAt', 'ASC').getMany(),
      this.reports.find({ where: { forceId: force.id }, order: { displayOrder: 'ASC' } }),
      this.queries
        .ofForce(force.id)
        .findings()
        .andWhere("finding.kind = 'national_recommendation'")
        .orderBy('finding.reference', 'ASC')
        .getMany(),
      this.audit.latestHead(),
    ]);
    // The assessments of the force's own records: a national recommendation is implemented by each force separately.
    const nationalAssessments = await this.queries.ofForce(force.id).assessmentsOf(nationals.map((row) => row.id));

    return {
      force,
      parameters,
      findings: rows,
      updates,
      actions,
      evidence,
      verifications,
      forceReports,
      nationalRecommendations: nationals,
      nationalAssessments,
      auditHead: head,
      generatedAt: nowIso(),
      generatedBy,
    };
  }
}
