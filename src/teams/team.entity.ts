import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Force } from '../reports/force.entity';

/**
 * A team a force keeps, offered as the owner of its findings and actions (owners may still be typed where no team
 * fits). A retired team stays on what it owns, but is no longer offered. Its name is unique within the force.
 */
@Entity('teams')
@Index('idx_teams_force_name', ['forceId', 'name'], { unique: true })
export class Team {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_teams_force')
  @Column({ name: 'force_id', type: 'integer' })
  forceId: number;

  @ManyToOne(() => Force)
  @JoinColumn({ name: 'force_id' })
  force: Force;

  /** As owners are written: "Force vetting unit (FVU)". */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  /** The username of who added it ("system" for the teams found in use when the list began). */
  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  /** When it was retired; null while it is offered. */
  @Column({ name: 'retired_at', type: 'varchar', length: 30, nullable: true })
  retiredAt: string | null;
}
