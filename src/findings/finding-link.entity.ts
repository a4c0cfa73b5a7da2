import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LinkType } from './finding-status';
import { Finding } from './finding.entity';

/** A directed link between findings: from the later (or citing) finding to the earlier one. */
@Entity('finding_links')
export class FindingLink {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_finding_links_from')
  @Column({ name: 'from_finding_id', type: 'integer' })
  fromFindingId: number;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_finding_id' })
  fromFinding: Finding;

  @Index('idx_finding_links_to')
  @Column({ name: 'to_finding_id', type: 'integer' })
  toFindingId: number;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_finding_id' })
  toFinding: Finding;

  @Column({ type: 'varchar', length: 20 })
  type: LinkType;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
