import type { Role } from '../access/roles';
import { FINDING_STATUSES, FINDING_STATUS_VALUES, type FindingStatus } from '../findings/finding-status';
import { findingsUrl } from '../findings/findings-url';

/** Statuses of a finding still to be closed: not started, in progress, or claimed and awaiting verification. */
export const OPEN_STATUSES: readonly FindingStatus[] = ['not_started', 'in_progress', 'implemented'];

/** One row of the grouped count of a force’s findings: one owner’s findings in one status, and how many are overdue. */
export interface OwnerStatusCount {
  owner: string | null;
  status: FindingStatus;
  count: number;
  overdue: number;
}

/** One row of the grouped count of a force's overdue actions by their owner. */
export interface OwnerOverdueActions {
  owner: string | null;
  overdue: number;
}

export interface OwnerLine {
  owner: string | null;
  label: string;
  /** The findings list filtered by this owner (none for findings without an owner: the list has no such filter). */
  href: string | null;
  open: number;
  byStatus: Array<{ status: FindingStatus; label: string; count: number }>;
  overdueFindings: number;
  overdueActions: number;
}

export interface ForceCounts {
  owners: OwnerLine[];
  byStatus: Array<{ status: FindingStatus; label: string; count: number; href: string }>;
  total: number;
  open: number;
  overdueFindings: number;
  overdueActions: number;
}

const NO_OWNER = 'No owner';

/**
 * A force's findings by owner and by status, from grouped counts: each owner with open findings or overdue actions,
 * with its open findings by status and what is overdue (most overdue first, then by name; findings without an
 * owner last), and every status with its count and its filtered findings list.
 */
export function forceCounts(
  findings: readonly OwnerStatusCount[],
  actions: readonly OwnerOverdueActions[],
): ForceCounts {
  const lines = new Map<string | null, OwnerLine>();
  const lineOf = (owner: string | null): OwnerLine => {
    const key = owner === null || owner.trim() === '' ? null : owner;
    let line = lines.get(key);
    if (!line) {
      line = {
        owner: key,
        label: key ?? NO_OWNER,
        href: key === null ? null : findingsUrl({ owner: key }),
        open: 0,
        byStatus: OPEN_STATUSES.map((status) => ({ status, label: FINDING_STATUSES[status].label, count: 0 })),
        overdueFindings: 0,
        overdueActions: 0,
      };
      lines.set(key, line);
    }
    return line;
  };

  const statusTotals = new Map<FindingStatus, number>();
  for (const row of findings) {
    statusTotals.set(row.status, (statusTotals.get(row.status) ?? 0) + row.count);
    if (!OPEN_STATUSES.includes(row.status)) {
      continue;
    }
    const line = lineOf(row.owner);
    line.open += row.count;
    line.byStatus.find((entry) => entry.status === row.status)!.count += row.count;
    line.overdueFindings += row.overdue;
  }
  for (const row of actions) {
    if (row.overdue > 0) {
      lineOf(row.owner).overdueActions += row.overdue;
    }
  }

  const owners = [...lines.values()].sort(
    (a, b) =>
      Number(a.owner === null) - Number(b.owner === null) ||
      b.overdueFindings + b.overdueActions - (a.overdueFindings + a.overdueActions) ||
      a.label.localeCompare(b.label),
  );
  const byStatus = FINDING_STATUS_VALUES.map((status) => ({
    status,
    label: FINDING_STATUSES[status].label,
    count: statusTotals.get(status) ?? 0,
    href: findingsUrl({ status }),
  }));
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    owners,
    byStatus,
    total: sum(byStatus.map((entry) => entry.count)),
    open: sum(owners.map((line) => line.open)),
    overdueFindings: sum(owners.map((line) => line.overdueFindings)),
    overdueActions: sum(owners.map((line) => line.overdueActions)),
  };
}

/**
 * What My work says to a user without a team: why nothing is listed by owner, and who can set a team (a lead is
 * told their force's work is shown instead; inspectors and administrators belong to no force's teams).
 */
export function noTeamNotice(role: Role): string {
  switch (role) {
    case 'force_staff':
    case 'board_member':
      return 'Your account has no team, so nothing is assigned to you by owner. Ask your force lead or an administrator to set it.';
    case 'force_lead':
      return 'Your account has no team, so nothing is assigned to you by owner: your force’s work is shown below instead. An administrator can set your team.';
    case 'inspector':
      return 'Findings and actions are owned by a force’s teams, so nothing is assigned to you by owner: claims awaiting your verification and recent changes are shown below.';
    case 'administrator':
      return 'Findings and actions are owned by a force’s teams, so nothing is assigned to you by owner: recent changes are shown below.';
  }
}

/** What a lead still has to set on a finding: its owner, its target date, or both. */
export function missingAssignment(finding: { owner: string | null; targetDate: string | null }): string {
  const missing = [finding.owner ? null : 'no owner', finding.targetDate ? null : 'no target date'];
  return missing.filter((entry) => entry !== null).join(', ');
}
