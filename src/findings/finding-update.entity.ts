import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Action } from './action.entity';
import { Finding } from './finding.entity';
import type { UpdateType } from './update-type';

/** One entry in a finding's history: a status change or a progress note. Never edited, only added. */
@Entity('finding_updates')
@Index('idx_finding_updates_finding_created', ['findingId', 'createdAt'])
@Index('idx_finding_updates_created_type', ['createdAt', 'type'])
export class FindingUpdate {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'finding_id', type: 'integer' })
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id' })
  finding: Finding;

  @Index('idx_finding_updates_action')
  @Column({ name: 'action_id', type: 'integer', nullable: true })
  actionId: number | null;

  @ManyToOne(() => Action, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id' })
  action: Action | null;

  @Column({ type: 'varchar', length: 30 })
  type: UpdateType;

  @Column({ name: 'from_value', type: 'varchar', length: 200, nullable: true })
  fromValue: string | null;

  @Column({ name: 'to_value', type: 'varchar', length: 200, nullable: true })
  toValue: string | null;

  @Column({ type: 'text', nullable: true })
  commentary: string | null;

  @Column({ type: 'varchar', length: 100 })
  author: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
