import { Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { CurrentUser } from '../access/current-user';
import { scopeOf } from '../access/scope';
import { AuditService } from '../audit/audit.service';
import { nowIso, todayIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { withStartupLock } from '../database/startup-lock';
import { isUniqueViolation } from '../database/unique-violation';
import { WriteTransactions } from '../database/write-transactions';
import type { FindingKind } from '../findings/finding-kind';
import { FindingQueries } from '../findings/finding-queries';
import { fillRecipientRecords, moveWorkOffStatements } from '../findings/recipient-records';
import { Force, ORGANISATION_KIND_VALUES, type OrganisationKind } from '../reports/force.entity';
import { MonitoringStageChange } from './monitoring-stage-change.entity';
import {
  missingOrganisations,
  normaliseCode,
  organisationProblems,
  stageChangeProblems,
  type OrganisationInput,
  type StageChange,
} from './organisation-rules';
import { readReferenceOrganisations } from './reference-organisations';

/** Who is making a change, for the audit log; 'system' for start-up and the command line. */
export interface OrganisationChangeAuthor {
  username: string;
  ip: string | null;
}

export const SYSTEM_AUTHOR: OrganisationChangeAuthor = { username: 'system', ip: null };

/** The kinds of finding that drive a monitoring stage, shown beside it. */
const STAGE_DRIVING_KINDS: readonly FindingKind[] = ['cause_of_concern', 'area_for_improvement'];

/**
 * Organisations (police forces, fire and rescue services, national bodies): the reference data every database
 * holds, the list and each organisation's page with its monitoring stage, the stage's history and the open items
 * beside it, and changes of stage. A force user sees only their own organisation; another's is a 404.
 */
@Injectable()
export class OrganisationsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrganisationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Force) private readonly organisations: Repository<Force>,
    @InjectRepository(MonitoringStageChange) private readonly stageChanges: Repository<MonitoringStageChange>,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
    private readonly queries: FindingQueries,
  ) {}

  /**
   * After DatabaseStartup (migrations, then the default data with its forces), every start adds the reference
   * data's organisations the database does not hold, under the start-up lock so instances starting together take
   * turns.
   */
  async onApplicationBootstrap(): Promise<void> {
    await withStartupLock(this.dataSource, async () => {
      await this.addMissingReferenceOrganisations();
      await this.bringRecipientRecordsUpToDate();
    });
  }

  /**
   * Every recipient of a national recommendation holds its record of it: work a database from before records holds
   * on a statement moves to the record of the force that did it, and the records missing (an organisation or a
   * statement added since) are made, not started; one audited change, or none when all is in place.
   */
  async bringRecipientRecordsUpToDate(): Promise<{ moved: string[]; made: number }> {
    return this.writes.run(async (manager) => {
      const moved = await moveWorkOffStatements(manager, (table, ids) => this.audit.wrote(manager, table, ids));
      const made = await fillRecipientRecords(manager);
      if (moved.length === 0 && made.length === 0) {
        return { moved, made: 0 };
      }
      await this.audit.record(manager, {
        actor: SYSTEM_AUTHOR.username,
        ip: null,
        action: 'finding.recipient_records',
        entityType: 'finding',
        entityId: 'national-recommendations',
        summary: [
          moved.length > 0 ? `Moved each force's work on ${moved.join(', ')} to that force's own record` : null,
          made.length > 0
            ? `Added ${made.length} recipient record${made.length === 1 ? '' : 's'} of national recommendations, not started`
            : null,
        ]
          .filter(Boolean)
          .join('; '),
      });
      this.logger.log(`Recipient records: ${moved.length} statements' work moved, ${made.length} records added`);
      return { moved, made: made.length };
    });
  }

  /** Adds each organisation of the reference data whose code is not held, in one audited change; returns how many. */
  async addMissingReferenceOrganisations(reference = readReferenceOrganisations()): Promise<number> {
    const held = await this.organisations.find({ select: { code: true } });
    const missing = missingOrganisations(
      reference,
      held.map((organisation) => organisation.code),
    );
    if (missing.length === 0) {
      return 0;
    }
    await this.writes.run(async (manager) => {
      await manager.insert(
        Force,
        missing.map((organisation) => ({ ...organisation, monitoringStage: null, monitoringStageSince: null })),
      );
      await this.audit.record(manager, {
        actor: SYSTEM_AUTHOR.username,
        ip: null,
        action: 'organisation.reference_data_added',
        entityType: 'organisation',
        entityId: 'reference-data',
        summary: `Added ${missing.length} organisation${missing.length === 1 ? '' : 's'} from the reference data: ${countsByKind(missing)}`,
      });
    });
    this.logger.log(`Added ${missing.length} organisations from the reference data`);
    return missing.length;
  }

  /** Every organisation the user may see (a force user: their own), of one kind or all, by name. */
  async list(user: CurrentUser, kind?: OrganisationKind): Promise<Force[]> {
    const scope = scopeOf(user);
    return this.organisations.find({
      where: { ...(kind ? { kind } : {}), ...(scope.forceId !== null ? { id: scope.forceId } : {}) },
      order: { name: 'ASC' },
    });
  }

  /** Every organisation, for the command line. */
  all(): Promise<Force[]> {
    return this.organisations.find({ order: { kind: 'ASC', code: 'ASC' } });
  }

  /** How many organisations of each kind the user may see. */
  async countsByKind(user: CurrentUser): Promise<Record<OrganisationKind, number>> {
    const counts = Object.fromEntries(ORGANISATION_KIND_VALUES.map((kind) => [kind, 0])) as Record<
      OrganisationKind,
      number
    >;
    for (const organisation of await this.list(user)) {
      counts[organisation.kind] += 1;
    }
    return counts;
  }

  /** The organisation with this code, if the user may see it (a force user only their own); else a 404. */
  async visible(user: CurrentUser, code: string): Promise<Force> {
    const organisation = await this.organisations.findOne({ where: { code: normaliseCode(code) } });
    const scope = scopeOf(user);
    if (!organisation || (scope.forceId !== null && organisation.id !== scope.forceId)) {
      throw new NotFoundException(`No organisation has the code ${code}`);
    }
    return organisation;
  }

  /**
   * An organisation's page: the organisation, the history of its monitoring stage (newest first) and its causes of
   * concern and areas for improvement that remain unimplemented (read through FindingQueries).
   */
  async page(user: CurrentUser, code: string) {
    const organisation = await this.visible(user, code);
    const own = this.queries.ofForce(organisation.id);
    const [history, openItems] = await Promise.all([
      this.stageChanges.find({
        where: { forceId: organisation.id },
        order: { changedAt: 'DESC', id: 'DESC' },
      }),
      own
        .remainingUnimplemented(own.findings())
        .andWhere('finding.kind IN (:...stageDrivingKinds)', { stageDrivingKinds: [...STAGE_DRIVING_KINDS] })
        .orderBy('finding.kind', 'DESC')
        .addOrderBy('finding.reference', 'ASC')
        .getMany(),
    ]);
    return { organisation, history, openItems };
  }

  /** Records a change of an organisation's monitoring stage, with its reason, its history entry and audit entry. */
  async changeStage(
    user: CurrentUser,
    code: string,
    change: StageChange,
    author: OrganisationChangeAuthor,
  ): Promise<Force> {
    const found = await this.visible(user, code);
    return this.writes.run(async (manager) => {
      const organisation = await manager.findOneByOrFail(Force, { id: found.id });
      const before = { stage: organisation.monitoringStage, since: organisation.monitoringStageSince };
      const problems = stageChangeProblems(before, change, todayIso());
      if (problems.length > 0) {
        throw new FormError(problems);
      }
      await manager.update(
        Force,
        { id: organisation.id },
        { monitoringStage: change.stage, monitoringStageSince: change.since },
      );
      await manager.insert(MonitoringStageChange, {
        forceId: organisation.id,
        fromStage: before.stage,
        toStage: change.stage,
        since: change.since,
        reason: change.reason,
        changedBy: author.username,
        changedAt: nowIso(),
      });
      await this.audit.record(manager, {
        actor: author.username,
        ip: author.ip,
        action: 'organisation.stage_changed',
        entityType: 'organisation',
        entityId: organisation.code,
        summary: `${organisation.name}: monitoring stage ${before.stage ?? 'none'} → ${change.stage} since ${change.since}. Reason: ${change.reason}`,
        changes: {
          monitoringStage: [before.stage, change.stage],
          monitoringStageSince: [before.since, change.since],
        },
      });
      return { ...organisation, monitoringStage: change.stage, monitoringStageSince: change.since };
    });
  }

  /** Adds an organisation (the command line); a bad or duplicate code is a FormError on its field. */
  async create(input: OrganisationInput, author: OrganisationChangeAuthor): Promise<Force> {
    const code = normaliseCode(input.code);
    const problems = organisationProblems(input);
    const held = problems.length === 0 ? await this.organisations.findOne({ where: { code } }) : null;
    if (held) {
      problems.push({ field: 'code', message: `There is already an organisation with the code ${code}: ${held.name}` });
    }
    if (problems.length > 0) {
      throw new FormError(problems);
    }
    try {
      return await this.writes.run(async (manager) => {
        const organisation = await manager.save(
          Force,
          manager.create(Force, {
            code,
            name: input.name.trim(),
            kind: input.kind,
            monitoringStage: null,
            monitoringStageSince: null,
          }),
        );
        // Its records of the national recommendations made to every organisation of its kind, not started.
        const records = await fillRecipientRecords(manager, { organisationId: organisation.id });
        await this.audit.record(manager, {
          actor: author.username,
          ip: author.ip,
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: organisation.code,
          summary: `Added ${organisation.name} (${organisation.code}), ${organisation.kind}, with ${records.length} record${records.length === 1 ? '' : 's'} of national recommendations`,
          changes: {
            code: [null, organisation.code],
            name: [null, organisation.name],
            kind: [null, organisation.kind],
          },
        });
        return organisation;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new FormError([{ field: 'code', message: `There is already an organisation with the code ${code}` }]);
      }
      throw error;
    }
  }
}

/** "43 police, 44 fire, 7 national". */
function countsByKind(organisations: readonly OrganisationInput[]): string {
  return ORGANISATION_KIND_VALUES.map(
    (kind) => [kind, organisations.filter((organisation) => organisation.kind === kind).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
}
