import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Force } from '../reports/force.entity';
import { Report } from '../reports/report.entity';
import type { FindingKind } from './finding-kind';
import type { FindingStatus } from './finding-status';
import type { RecipientGroup } from './recipient-records';
import type { FindingSource } from './finding-source.entity';
import { FALSE_BY_DEFAULT } from '../database/column-defaults';

/**
 * The tracked item: an area for improvement, cause of concern, recommendation, national
 * recommendation or observation, with its owner, status and target date.
 */
@Entity('findings')
@Index('idx_findings_national_force', ['nationalFindingId', 'forceId'], { unique: true })
@Index('idx_findings_report_position', ['reportId', 'position'])
@Index('idx_findings_force_status_kind', ['forceId', 'status', 'kind'])
@Index('idx_findings_status_kind_force', ['status', 'kind', 'forceId'])
export class Finding {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stable human reference, e.g. DER-2025-AFI-01 or NAT-2022-REC-01. */
  @Column({ type: 'varchar', length: 40, unique: true })
  reference: string;

  @Index('idx_findings_kind')
  @Column({ type: 'varchar', length: 40 })
  kind: FindingKind;

  @Index('idx_findings_title')
  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** The full text, verbatim from the report. */
  @Column({ type: 'text' })
  text: string;

  /** Verbatim sub-points ("should make sure that:" lists), as a JSON array. */
  @Column({ name: 'sub_points', type: 'simple-json' })
  subPoints: string[];

  /** A recommendation belongs to the cause of concern that carries it. */
  @Index('idx_findings_parent')
  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Finding, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent: Finding | null;

  /**
   * The organisation whose item this is: an area for improvement's or cause of concern's force, or the recipient of
   * a national recommendation whose record this is. Null only for a national recommendation as the inspectorate
   * made it (the statement), which carries no work of its own.
   */
  @Column({ name: 'force_id', type: 'integer', nullable: true })
  forceId: number | null;

  @ManyToOne(() => Force, { nullable: true })
  @JoinColumn({ name: 'force_id' })
  force: Force | null;

  /**
   * On one recipient's record of a national recommendation: the statement (the finding the inspectorate made). A plain
   * column, kept by the app (recipient-records.ts): SQLite can add a foreign key to a table only by rebuilding it.
   */
  @Column({ name: 'national_finding_id', type: 'integer', nullable: true })
  nationalFindingId: number | null;

  /**
   * On a statement: whom it was made to. Null: every police force (one added later too); 'fire_services': every fire
   * and rescue service; 'named': only the organisations holding a record of it.
   */
  @Column({ type: 'varchar', length: 20, nullable: true })
  recipients: RecipientGroup | null;

  /** The report that first published the finding. */
  @Column({ name: 'report_id', type: 'integer' })
  reportId: number;

  @ManyToOne(() => Report)
  @JoinColumn({ name: 'report_id' })
  report: Report;

  /** The origin report's year (denormalised for filtering). */
  @Index('idx_findings_year')
  @Column({ type: 'integer' })
  year: number;

  /** Order within the origin report. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 300, nullable: true })
  section: string | null;

  @Index('idx_findings_theme')
  @Column({ type: 'varchar', length: 80 })
  theme: string;

  /** Accountable owner: a role or department. */
  @Index('idx_findings_owner')
  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  @Column({ name: 'action_owners', type: 'simple-json' })
  actionOwners: string[];

  @Column({ type: 'varchar', length: 30 })
  status: FindingStatus;

  @Index('idx_findings_target_date')
  @Column({ name: 'target_date', type: 'varchar', length: 10, nullable: true })
  targetDate: string | null;

  /** True where owner, status, dates and actions are illustrative, not the force's own. */
  @Column({ name: 'example_data', type: 'boolean', default: FALSE_BY_DEFAULT })
  exampleData: boolean;

  /** Optimistic-lock counter, checked with UPDATE … WHERE version = ?. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** ISO 8601 UTC timestamps. */
  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;

  @OneToMany('FindingSource', (source: FindingSource) => source.finding)
  sources: FindingSource[];
}
