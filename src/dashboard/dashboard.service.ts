import { Injectable } from '@nestjs/common';
import type { Scope } from '../access/scope';
import { todayIso } from '../common/dates';
import { FindingsService } from '../findings/findings.service';
import { ReportsService } from '../reports/reports.service';

@Injectable()
export class DashboardService {
  constructor(
    private readonly findingsService: FindingsService,
    private readonly reportsService: ReportsService,
  ) {}

  /** Counts, what remains unimplemented (oldest first), what was re-raised, and the report timeline. */
  async overview(scope: Scope) {
    const today = todayIso();
    const [counts, unimplemented, reRaised, reports] = await Promise.all([
      this.findingsService.counts(scope),
      this.findingsService.unimplemented(scope, today),
      this.findingsService.reRaised(scope),
      this.reportsService.list(scope),
    ]);
    return {
      today,
      counts,
      unimplemented,
      unimplementedHref: '/findings?status=unimplemented',
      reRaised,
      timeline: [...reports].reverse(),
    };
  }
}
