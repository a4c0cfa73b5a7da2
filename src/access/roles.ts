export const ROLES = {
  force_staff: {
    label: 'Force staff',
    description: 'Updates actions, progress notes and evidence on their force’s findings.',
  },
  force_lead: {
    label: 'Force lead',
    description: 'As force staff, plus assigns owners and target dates and manages the force’s users.',
  },
  inspector: {
    label: 'Inspector',
    description: 'Reads every force; records assessments; verifies or rejects implementation claims.',
  },
  board_member: { label: 'Board member', description: 'Reads their own force’s findings.' },
  administrator: { label: 'Administrator', description: 'Manages users and forces; sees the audit log.' },
} as const;
export type Role = keyof typeof ROLES;
export const ROLE_VALUES = Object.keys(ROLES) as Role[];

/** Roles tied to one force: they see only that force's items (and national recommendations). */
export const FORCE_ROLES: readonly Role[] = ['force_staff', 'force_lead', 'board_member'];

/** Who may do what; every route names one of these through @Allow(). */
export const PERMISSIONS = {
  /** Read findings, reports, the dashboard (scoped to the user's force for force roles). */
  read: ['force_staff', 'force_lead', 'inspector', 'board_member', 'administrator'],
  /** Add and update actions, progress notes and evidence; move status forward. */
  work: ['force_staff', 'force_lead'],
  /** Assign owners and target dates; manage the force's users. */
  lead: ['force_lead'],
  /** Record assessments; verify or reject implementation claims; review evidence. */
  inspect: ['inspector'],
  /** Review evidence (accept or reject). */
  review: ['inspector', 'force_lead'],
  /** Link findings; mark superseded; re-open. */
  curate: ['inspector', 'force_lead'],
  /** Save a board pack as a snapshot. */
  savePack: ['force_lead', 'board_member', 'inspector', 'administrator'],
  /** Choose the force a board pack is for (force roles get their own force's). */
  choosePackForce: ['inspector', 'administrator'],
  /** Record the board's decision on a finding awaiting sign-off (approved to close, or returned). */
  boardDecision: ['board_member', 'force_lead'],
  /** Create, disable and enable accounts (a lead only for their own force). */
  manageUsers: ['force_lead', 'administrator'],
  /** Manage the accounts of every force and give any role (beyond the force roles in one's own force). */
  manageAllUsers: ['administrator'],
  /** Import a force's own tracker spreadsheet (force leads for their force; inspectors and administrators for any). */
  importTracker: ['force_lead', 'inspector', 'administrator'],
  /** Import inspection reports: upload, review the proposed findings, commit. */
  importReports: ['inspector', 'administrator'],
  /** Change an organisation's HMICFRS monitoring stage (scan, engage), with a reason. */
  changeMonitoringStage: ['inspector', 'administrator'],
  /** Set when an organisation's digests go and what its emails may say (a lead for their own organisation). */
  organisationNotifications: ['force_lead', 'administrator'],
  /** Users, forces and the audit log. */
  administer: ['administrator'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
