import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Finding } from './finding.entity';
import type { ActionStatus } from './action-status';

/** A step in the force's plan for a finding. */
@Entity('actions')
export class Action {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_actions_finding')
  @Column({ name: 'finding_id', type: 'integer' })
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id' })
  finding: Finding;

  @Column({ type: 'text' })
  description: string;

  @Index('idx_actions_owner')
  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  @Index('idx_actions_due_date')
  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate: string | null;

  @Index('idx_actions_status')
  @Column({ type: 'varchar', length: 20 })
  status: ActionStatus;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
