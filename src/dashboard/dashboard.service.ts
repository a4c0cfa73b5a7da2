import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { CurrentUser } from '../access/current-user';
import { inScope, scopeOf, type Scope } from '../access/scope';
import { todayIso } from '../common/dates';
import { findingsUrl } from '../findings/findings-url';
import { FindingsService } from '../findings/findings.service';
import { Force } from '../reports/force.entity';
import { ReportsService } from '../reports/reports.service';
import type { DashboardQuery } from './dashboard.query';

/** How many of the most recent reports the dashboard's timeline shows; the reports page has them all. */
export const TIMELINE_SHOWN = 20;

@Injectable()
export class DashboardService {
  constructor(
    private readonly findingsService: FindingsService,
    private readonly reportsService: ReportsService,
    @InjectRepository(Force) private readonly organisations: Repository<Force>,
  ) {}

  /**
   * Counts, what remains unimplemented (the oldest, and how many), what was re-raised, and the report timeline: of
   * the user's force, or for inspectors and administrators of every force or the one they chose. Another force's
   * code, for a force's user, is a 404 like any other force's item.
   */
  async overview(user: CurrentUser, query: DashboardQuery = {}) {
    const today = todayIso();
    const { scope, force } = await this.inView(user, query.force);
    const [counts, unimplemented, reRaised, reports, choices] = await Promise.all([
      this.findingsService.counts(scope, force?.code),
      this.findingsService.unimplemented(scope, today),
      this.findingsService.reRaised(scope),
      this.reportsService.latest(scope, TIMELINE_SHOWN),
      scopeOf(user).forceId === null
        ? this.organisations.find({ select: { code: true, name: true }, order: { name: 'ASC' } })
        : Promise.resolve([]),
    ]);
    return {
      today,
      force: force ? { code: force.code, name: force.name } : null,
      forces: choices.map((choice) => ({
        value: choice.code,
        label: choice.name,
        selected: choice.code === force?.code,
      })),
      counts,
      unimplemented: unimplemented.items,
      unimplementedTotal: unimplemented.total,
      /** Whether more remain than the dashboard lists. */
      unimplementedMore: unimplemented.total > unimplemented.items.length,
      unimplementedHref: findingsUrl({ status: 'unimplemented', force: force?.code }),
      reRaised: reRaised.items,
      reRaisedTotal: reRaised.total,
      /** Whether more were raised again than the dashboard lists. */
      reRaisedMore: reRaised.total > reRaised.items.length,
      reRaisedHref: findingsUrl({ raised: 'again', force: force?.code }),
      timeline: reports.items,
      timelineTotal: reports.total,
      /** Whether there are more reports than the timeline shows. */
      timelineMore: reports.total > reports.items.length,
    };
  }

  /** The scope in view: the user's own, narrowed to one organisation when an all-forces reader chose one. */
  private async inView(user: CurrentUser, code: string | undefined): Promise<{ scope: Scope; force: Force | null }> {
    const own = scopeOf(user);
    if (!code) {
      return {
        scope: own,
        force: own.forceId === null ? null : await this.organisations.findOne({ where: { id: own.forceId } }),
      };
    }
    const force = await this.organisations.findOne({ where: { code: code.toUpperCase() } });
    if (!force || !inScope(own, force.id)) {
      throw new NotFoundException(`No force has the code ${code}`);
    }
    return { scope: { forceId: force.id }, force };
  }
}
