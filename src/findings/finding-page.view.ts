import type { CurrentUser } from '../access/current-user';
import { can, type Permission } from '../access/roles';
import type { FindingsService } from './findings.service';
import { availableTransitions } from './status-workflow';

type FindingDetail = Awaited<ReturnType<FindingsService['getByReference']>>;

/**
 * Whether the user may make this kind of change here: the role's permission, on their own force's finding
 * (inspectors: any). The rule of `assertMayChange()`, for the page's buttons.
 */
export function mayChange(
  user: CurrentUser,
  finding: Pick<FindingDetail, 'forceId' | 'isStatement'>,
  permission: Permission,
): boolean {
  if (!can(user.role, permission)) {
    return false;
  }
  if (finding.isStatement) {
    // Work is done on each recipient's record; the statement takes links, and assessments of a recipient.
    return permission === 'curate' || permission === 'inspect';
  }
  return user.role === 'inspector' || (finding.forceId !== null && finding.forceId === user.forceId);
}

/** The view model of a finding page, with the links to the forms this user may use. */
export function findingPage(finding: FindingDetail, user: CurrentUser) {
  const transitions = availableTransitions(finding.status, user.role).filter((transition) =>
    mayChange(user, finding, transition.permission),
  );
  const base = `/findings/${encodeURIComponent(finding.reference)}`;
  const may = {
    work: mayChange(user, finding, 'work'),
    lead: mayChange(user, finding, 'lead'),
    inspect: mayChange(user, finding, 'inspect'),
    review: mayChange(user, finding, 'review'),
    curate: mayChange(user, finding, 'curate'),
    changeStatus: transitions.length > 0,
  };
  return {
    pageTitle: `${finding.reference}: ${finding.title}`,
    nav: 'findings',
    breadcrumbs: [{ text: 'Findings', href: '/findings' }],
    finding,
    // The implementation tag only where it says more than the status ("Awaiting verification" repeats
    // "Implemented – awaiting verification"; "Superseded" repeats "Superseded").
    showImplementation: finding.implementation !== 'awaiting_verification' && finding.implementation !== finding.status,
    may,
    links: {
      status: `${base}/status`,
      note: `${base}/notes/new`,
      action: `${base}/actions/new`,
      evidence: `${base}/evidence/new`,
      assign: `${base}/assign`,
      assessment: `${base}/assessments/new`,
      link: `${base}/links/new`,
      recipient: `${base}/recipients/new`,
    },
    actions: finding.actions.map((action) => ({ ...action, editHref: `${base}/actions/${action.id}/edit` })),
    evidence: finding.evidence.map((item) => ({
      ...item,
      reviewHref: may.review && !item.withdrawn ? `${base}/evidence/${item.id}/review` : null,
      withdrawHref: may.work && !item.withdrawn ? `${base}/evidence/${item.id}/withdraw` : null,
    })),
  };
}
