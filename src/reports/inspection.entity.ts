import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Force } from './force.entity';
import type { Report } from './report.entity';

/** One inspection; it may be published as several documents (a full report and a web summary). */
@Entity('inspections')
export class Inspection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100, unique: true })
  key: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Index('idx_inspections_force')
  @Column({ name: 'force_id', type: 'integer', nullable: true })
  forceId: number | null;

  @ManyToOne(() => Force, { nullable: true })
  @JoinColumn({ name: 'force_id' })
  force: Force | null;

  @Column({ type: 'varchar', length: 20 })
  period: string;

  @OneToMany('Report', (report: Report) => report.inspection)
  reports: Report[];
}
