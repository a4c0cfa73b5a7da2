import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One entry of the append-only audit log: who, when, from where, what, and each field's old and
 * new value. Each entry's hash covers its content and the previous entry's hash (a chain).
 */
@Entity('audit_log')
@Index('idx_audit_log_entity', ['entityType', 'entityId'])
export class AuditEntry {
  /** Assigned as the previous id + 1 inside the serialised write, so it can be part of the hash. */
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Index('idx_audit_log_occurred_at')
  @Column({ name: 'occurred_at', type: 'varchar', length: 30 })
  occurredAt: string;

  @Index('idx_audit_log_actor')
  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Index('idx_audit_log_action')
  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 60 })
  entityId: string;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  /** JSON: field → [old, new]. */
  @Column({ type: 'text' })
  changes: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  hash: string;

  /**
   * How many row digests (audit_row_digests) were recorded with this entry, and a SHA-256 over
   * them (RowsCommitmentBuilder); null when none. Part of the hashed content when set.
   */
  @Column({ name: 'row_count', type: 'integer', nullable: true })
  rowCount: number | null;

  @Column({ name: 'rows_digest', type: 'varchar', length: 64, nullable: true })
  rowsDigest: string | null;
}
