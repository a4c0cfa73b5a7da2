import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Action } from '../findings/action.entity';
import { Finding } from '../findings/finding.entity';

export const EVIDENCE_KINDS = { note: 'Note', link: 'Link', file: 'File' } as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

export const EVIDENCE_REVIEW_STATES = {
  submitted: { label: 'Submitted' },
  accepted: { label: 'Accepted' },
  rejected: { label: 'Rejected' },
} as const;
export type EvidenceReviewState = keyof typeof EVIDENCE_REVIEW_STATES;

/** A note, link or file showing progress on a finding or one of its actions. Withdrawn, never deleted. */
@Entity('evidence')
export class Evidence {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_evidence_finding')
  @Column({ name: 'finding_id', type: 'integer' })
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id' })
  finding: Finding;

  @Index('idx_evidence_action')
  @Column({ name: 'action_id', type: 'integer', nullable: true })
  actionId: number | null;

  @ManyToOne(() => Action, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id' })
  action: Action | null;

  @Column({ type: 'varchar', length: 10 })
  kind: EvidenceKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  url: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ name: 'stored_path', type: 'varchar', length: 500, nullable: true })
  storedPath: string | null;

  @Column({ name: 'mime_type', type: 'varchar', length: 150, nullable: true })
  mimeType: string | null;

  @Column({ name: 'size_bytes', type: 'integer', nullable: true })
  sizeBytes: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Index('idx_evidence_review_state')
  @Column({ name: 'review_state', type: 'varchar', length: 20, default: 'submitted' })
  reviewState: EvidenceReviewState;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason: string | null;

  /** When it was last accepted or rejected (null: not yet, or before this was recorded). */
  @Index('idx_evidence_reviewed_at')
  @Column({ name: 'reviewed_at', type: 'varchar', length: 30, nullable: true })
  reviewedAt: string | null;

  @Column({ name: 'withdrawn_at', type: 'varchar', length: 30, nullable: true })
  withdrawnAt: string | null;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason: string | null;

  @Column({ name: 'added_by', type: 'varchar', length: 100 })
  addedBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
