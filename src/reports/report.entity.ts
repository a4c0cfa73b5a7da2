import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Force } from './force.entity';
import { Inspection } from './inspection.entity';
import type { Judgment } from './judgment.entity';
import type { Inspectorate, ReportType } from './report-types';

/** An inspection publication: a force report, a web summary, a press release or a national report. */
@Entity('reports')
export class Report {
  @PrimaryGeneratedColumn()
  id: number;

  /** Readable, stable identifier used in addresses, e.g. der-2025-integrity. */
  @Column({ type: 'varchar', length: 100, unique: true })
  key: string;

  @Index('idx_reports_inspection')
  @Column({ name: 'inspection_id', type: 'integer' })
  inspectionId: number;

  @ManyToOne(() => Inspection, (inspection) => inspection.reports)
  @JoinColumn({ name: 'inspection_id' })
  inspection: Inspection;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  inspectorate: Inspectorate;

  @Column({ type: 'varchar', length: 40 })
  type: ReportType;

  /** Null for a national report made to all forces. */
  @Index('idx_reports_force')
  @Column({ name: 'force_id', type: 'integer', nullable: true })
  forceId: number | null;

  @ManyToOne(() => Force, { nullable: true })
  @JoinColumn({ name: 'force_id' })
  force: Force | null;

  /** Inspection period as published, e.g. 2016, 2018/19. */
  @Column({ type: 'varchar', length: 20 })
  period: string;

  /** Year of publication (first year of the period when the date is unknown), for filtering. */
  @Index('idx_reports_year')
  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'published_on', type: 'varchar', length: 10, nullable: true })
  publishedOn: string | null;

  @Column({ name: 'source_file', type: 'varchar', length: 300, nullable: true })
  sourceFile: string | null;

  @Column({ name: 'source_url', type: 'varchar', length: 500, nullable: true })
  sourceUrl: string | null;

  /** Date the police and crime commissioner published the section 55 response. */
  @Column({ name: 'pcc_response_published_on', type: 'varchar', length: 10, nullable: true })
  pccResponsePublishedOn: string | null;

  @Column({ name: 'pcc_response_url', type: 'varchar', length: 500, nullable: true })
  pccResponseUrl: string | null;

  /** Chronological position among all reports: the findings list's default order starts from it. */
  @Index('idx_reports_display_order')
  @Column({ name: 'display_order', type: 'integer' })
  displayOrder: number;

  @OneToMany('Judgment', (judgment: Judgment) => judgment.report)
  judgments: Judgment[];
}
