import { Action } from '../findings/action.entity';
import { Evidence } from '../evidence/evidence.entity';
import { Assessment } from '../findings/assessment.entity';
import { FindingLink } from '../findings/finding-link.entity';
import { FindingSource } from '../findings/finding-source.entity';
import { Finding } from '../findings/finding.entity';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from '../findings/finding-update.entity';
import { Inspection } from '../reports/inspection.entity';
import { Judgment } from '../reports/judgment.entity';
import { Report } from '../reports/report.entity';
import { Session } from '../auth/session.entity';
import { SignInAttempt } from '../auth/sign-in-attempt.entity';
import { ApiToken } from '../auth/api-token.entity';
import { Verification } from '../findings/verification.entity';
import { User } from '../users/user.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditRowDigest } from '../audit/audit-row-digest.entity';
import { BoardPackSnapshot } from '../board-packs/board-pack-snapshot.entity';
import { ReportImport } from '../imports/report-import.entity';
import { Team } from '../teams/team.entity';
import { MonitoringStageChange } from '../organisations/monitoring-stage-change.entity';
import { TrackerImportSettings } from '../tracker-imports/tracker-import-settings.entity';
import { TrackerUpload } from '../tracker-imports/tracker-upload.entity';
import { Notification } from '../notifications/notification.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { NotificationOptOut } from '../notifications/notification-opt-out.entity';
import { NotificationLease } from '../notifications/notification-lease.entity';
import { NotificationSetting } from '../notifications/notification-setting.entity';
import { OrganisationNotificationSettings } from '../notifications/organisation-notification-settings.entity';

/** Every entity, for the app's TypeORM module and the CLI's DataSource alike. */
export const ENTITIES = [
  Force,
  Inspection,
  Report,
  Judgment,
  Finding,
  FindingSource,
  FindingLink,
  Assessment,
  Action,
  FindingUpdate,
  Evidence,
  User,
  Session,
  SignInAttempt,
  ApiToken,
  Verification,
  AuditEntry,
  AuditRowDigest,
  BoardPackSnapshot,
  ReportImport,
  Team,
  MonitoringStageChange,
  TrackerUpload,
  TrackerImportSettings,
  Notification,
  OutboxMessage,
  NotificationOptOut,
  NotificationLease,
  NotificationSetting,
  OrganisationNotificationSettings,
];
