import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Finding } from './finding.entity';

export const VERIFICATION_DECISIONS = { verified: 'Verified and closed', rejected: 'Claim rejected' } as const;
export type VerificationDecision = keyof typeof VERIFICATION_DECISIONS;

/**
 * An inspector's decision on a force's claim that a finding is implemented: who decided, when,
 * why, and a snapshot of the finding and its evidence as they were, so the decision can be read
 * later exactly as it was made.
 */
@Entity('verifications')
export class Verification {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_verifications_finding')
  @Column({ name: 'finding_id', type: 'integer' })
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id' })
  finding: Finding;

  @Column({ type: 'varchar', length: 20 })
  decision: VerificationDecision;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 100 })
  decidedBy: string;

  @Index('idx_verifications_decided_at')
  @Column({ name: 'decided_at', type: 'varchar', length: 30 })
  decidedAt: string;

  /** JSON: the finding's state, actions and evidence (with SHA-256) at the time of the decision. */
  @Column({ type: 'text' })
  snapshot: string;
}
