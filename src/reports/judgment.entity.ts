import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Grade, Pillar } from './report-types';
import { Report } from './report.entity';

/** A graded judgment in a report, for a pillar or an area; carried-over grades keep their year. */
@Entity('judgments')
export class Judgment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_judgments_report')
  @Column({ name: 'report_id', type: 'integer' })
  reportId: number;

  @ManyToOne(() => Report, (report) => report.judgments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report: Report;

  @Column({ type: 'varchar', length: 20, nullable: true })
  pillar: Pillar | null;

  @Column({ type: 'varchar', length: 300 })
  area: string;

  @Column({ type: 'varchar', length: 30 })
  grade: Grade;

  /** Year the area was last inspected when the grade is carried over from an earlier report. */
  @Column({ name: 'last_inspected', type: 'varchar', length: 10, nullable: true })
  lastInspected: string | null;

  @Column({ type: 'integer' })
  position: number;
}
