import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Force, type MonitoringStage } from '../reports/force.entity';

/** One change of an organisation's HMICFRS monitoring stage, with its reason. Never edited, only added. */
@Entity('monitoring_stage_changes')
@Index('idx_monitoring_stage_changes_force', ['forceId', 'changedAt'])
export class MonitoringStageChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'force_id', type: 'integer' })
  forceId: number;

  @ManyToOne(() => Force)
  @JoinColumn({ name: 'force_id' })
  force: Force;

  @Column({ name: 'from_stage', type: 'varchar', length: 16, nullable: true })
  fromStage: MonitoringStage | null;

  @Column({ name: 'to_stage', type: 'varchar', length: 16 })
  toStage: MonitoringStage;

  /** The date (YYYY-MM-DD) the organisation entered the stage. */
  @Column({ type: 'varchar', length: 10 })
  since: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'changed_by', type: 'varchar', length: 100 })
  changedBy: string;

  /** When the change was recorded (ISO 8601, UTC). */
  @Column({ name: 'changed_at', type: 'varchar', length: 30 })
  changedAt: string;
}
