import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const MONITORING_STAGES = ['scan', 'engage'] as const;
export type MonitoringStage = (typeof MONITORING_STAGES)[number];

/** The kinds of organisation the inspectorate inspects or makes recommendations to. */
export const ORGANISATION_KINDS = {
  police: { label: 'Police force', plural: 'Police forces' },
  fire: { label: 'Fire and rescue service', plural: 'Fire and rescue services' },
  national: { label: 'National body', plural: 'National bodies' },
} as const;
export type OrganisationKind = keyof typeof ORGANISATION_KINDS;
export const ORGANISATION_KIND_VALUES = Object.keys(ORGANISATION_KINDS) as OrganisationKind[];

/**
 * An organisation the inspectorate inspects or makes recommendations to: a police force of England and Wales (the
 * entity keeps its first name, `Force`, and its table `forces`), a fire and rescue service or a national body.
 * National recommendations go to every police force.
 */
@Entity('forces')
export class Force {
  @PrimaryGeneratedColumn()
  id: number;

  /** Short code used in finding references, as in "DER-2025-AFI-01". */
  @Column({ type: 'varchar', length: 8, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Police force, fire and rescue service or national body. */
  @Index('idx_forces_kind')
  @Column({ type: 'varchar', length: 16, default: 'police' })
  kind: OrganisationKind;

  /** HMICFRS monitoring stage: scan (routine) or engage (not addressing concerns). */
  @Column({ name: 'monitoring_stage', type: 'varchar', length: 16, nullable: true })
  monitoringStage: MonitoringStage | null;

  /** Date (YYYY-MM-DD) the monitoring stage last changed. */
  @Column({ name: 'monitoring_stage_since', type: 'varchar', length: 10, nullable: true })
  monitoringStageSince: string | null;
}
