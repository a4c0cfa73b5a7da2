import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Actor, CurrentUser } from '../access/current-user';
import { inScope, scopeOf } from '../access/scope';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { FormError } from '../common/form-error';
import { isUniqueViolation } from '../database/unique-violation';
import { WriteTransactions } from '../database/write-transactions';
import { HAS_OWN_FINDINGS } from '../database/force-queries';
import { Force } from '../reports/force.entity';
import { newTeamNameProblem, teamName } from './team-names';
import { Team } from './team.entity';

/** The teams each force keeps: read, added and retired (each change in one transaction, audited). */
@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  /**
   * The force whose teams a user works with: a force user's own; for inspectors and administrators the one asked
   * for or, when none is, the first force with findings of its own. Another force's, or no such force, is a 404.
   */
  async forceFor(user: CurrentUser, code: string | undefined): Promise<Force> {
    const scope = scopeOf(user);
    const wanted = code ?? (scope.forceId !== null ? user.forceCode : undefined);
    const force = wanted
      ? await this.forces.findOne({ where: { code: wanted.toUpperCase() } })
      : ((await this.forces
          .createQueryBuilder('force')
          .where(HAS_OWN_FINDINGS)
          .orderBy('force.name', 'ASC')
          .getOne()) ?? (await this.forces.findOne({ where: {}, order: { name: 'ASC' } })));
    if (!force || !inScope(scope, force.id)) {
      throw new NotFoundException(`No force has the code ${wanted ?? ''}`);
    }
    return force;
  }

  /** Every force, by name: the choice of inspectors and administrators. */
  allForces(): Promise<Force[]> {
    return this.forces.find({ order: { name: 'ASC' } });
  }

  /** A force's teams, active and retired, by name. */
  list(forceId: number): Promise<Team[]> {
    return this.teams.find({ where: { forceId }, order: { name: 'ASC' } });
  }

  /** The names of the teams a force offers as owners (not retired), by name; none without a force. */
  async offeredNames(forceId: number | null): Promise<string[]> {
    if (forceId === null) {
      return [];
    }
    const teams = await this.teams.find({ where: { forceId, retiredAt: IsNull() }, order: { name: 'ASC' } });
    return teams.map((team) => team.name);
  }

  /** Adds a team to the force's list; a name the force already has (ignoring case) is refused on the field. */
  async add(force: Force, name: string, actor: Actor): Promise<Team> {
    const kept = teamName(name);
    try {
      return await this.writes.run(async (manager) => {
        const problem = newTeamNameProblem(kept, await manager.find(Team, { where: { forceId: force.id } }));
        if (problem) {
          throw new FormError([problem]);
        }
        const team = await manager.save(
          Team,
          manager.create(Team, {
            forceId: force.id,
            name: kept,
            createdAt: nowIso(),
            createdBy: actor.user.username,
            retiredAt: null,
          }),
        );
        await this.audit.record(manager, {
          actor: actor.user.username,
          ip: actor.ip,
          action: 'team.added',
          entityType: 'team',
          entityId: team.id,
          summary: `Added the team ${team.name} to ${force.name}`,
          changes: { name: [null, team.name], force: [null, force.code] },
        });
        return team;
      });
    } catch (error) {
      // Another request added the same name between the check and the insert.
      if (isUniqueViolation(error)) {
        throw new FormError([{ field: 'name', message: `There is already a team called ${kept}` }]);
      }
      throw error;
    }
  }

  /**
   * Retires a team of a force in the user's scope: it stays on what it owns but is no longer offered. Another
   * force's team, or one already retired, is a 404. Returns the team's force.
   */
  async retire(id: number, actor: Actor): Promise<Force> {
    return this.writes.run(async (manager) => {
      const team = await manager.findOne(Team, { where: { id }, relations: { force: true } });
      if (!team || !inScope(scopeOf(actor.user), team.forceId) || team.retiredAt !== null) {
        throw new NotFoundException('No such team');
      }
      team.retiredAt = nowIso();
      await manager.update(Team, { id: team.id }, { retiredAt: team.retiredAt });
      await this.audit.record(manager, {
        actor: actor.user.username,
        ip: actor.ip,
        action: 'team.retired',
        entityType: 'team',
        entityId: team.id,
        summary: `Retired the team ${team.name} of ${team.force.name}`,
        changes: { retiredAt: [null, team.retiredAt] },
      });
      return team.force;
    });
  }
}
