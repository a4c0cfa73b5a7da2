import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MONITORING_STAGES = ['scan', 'engage'] as const;
export type MonitoringStage = (typeof MONITORING_STAGES)[number];

/** A police force of England and Wales. National recommendations go to every force. */
@Entity('forces')
export class Force {
  @PrimaryGeneratedColumn()
  id: number;

  /** Short code used in finding references, as in "DER-2025-AFI-01". */
  @Column({ type: 'varchar', length: 8, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** HMICFRS monitoring stage: scan (routine) or engage (not addressing concerns). */
  @Column({ name: 'monitoring_stage', type: 'varchar', length: 16, nullable: true })
  monitoringStage: MonitoringStage | null;

  /** Date (YYYY-MM-DD) the monitoring stage last changed. */
  @Column({ name: 'monitoring_stage_since', type: 'varchar', length: 10, nullable: true })
  monitoringStageSince: string | null;
}
