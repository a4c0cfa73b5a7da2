import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Report } from '../reports/report.entity';
import type { SourceRole } from './finding-status';
import { Finding } from './finding.entity';

/** Where a finding is published: its origin report, another document of the same inspection, or a report citing it. */
@Entity('finding_sources')
export class FindingSource {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_finding_sources_finding')
  @Column({ name: 'finding_id', type: 'integer' })
  findingId: number;

  @ManyToOne(() => Finding, (finding) => finding.sources, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id' })
  finding: Finding;

  @Index('idx_finding_sources_report')
  @Column({ name: 'report_id', type: 'integer' })
  reportId: number;

  @ManyToOne(() => Report)
  @JoinColumn({ name: 'report_id' })
  report: Report;

  @Column({ type: 'varchar', length: 300, nullable: true })
  section: string | null;

  @Column({ type: 'varchar', length: 30 })
  role: SourceRole;

  /** Order of the item within that report. */
  @Column({ type: 'integer' })
  position: number;
}
