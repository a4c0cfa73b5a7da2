import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Force } from '../reports/force.entity';
import { Report } from '../reports/report.entity';
import type { AssessmentVerdict } from './finding-status';
import { Finding } from './finding.entity';

/** What a later report (or an inspector) says became of a finding, for one force. */
@Entity('assessments')
export class Assessment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_assessments_finding')
  @Column({ name: 'finding_id', type: 'integer' })
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id' })
  finding: Finding;

  /** The report that makes the assessment; null when an inspector records it directly. */
  @Index('idx_assessments_report')
  @Column({ name: 'report_id', type: 'integer', nullable: true })
  reportId: number | null;

  @ManyToOne(() => Report, { nullable: true })
  @JoinColumn({ name: 'report_id' })
  report: Report | null;

  /** The force assessed (a national recommendation is assessed force by force). */
  @Index('idx_assessments_force')
  @Column({ name: 'force_id', type: 'integer', nullable: true })
  forceId: number | null;

  @ManyToOne(() => Force, { nullable: true })
  @JoinColumn({ name: 'force_id' })
  force: Force | null;

  @Column({ type: 'varchar', length: 30 })
  verdict: AssessmentVerdict;

  /** The sentence(s) quoted verbatim from the assessing report. */
  @Column({ type: 'text', nullable: true })
  quote: string | null;

  @Column({ type: 'text', nullable: true })
  commentary: string | null;

  @Column({ name: 'assessed_on', type: 'varchar', length: 10, nullable: true })
  assessedOn: string | null;

  @Column({ name: 'recorded_by', type: 'varchar', length: 100 })
  recordedBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
