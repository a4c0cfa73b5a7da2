import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The digest of one row of an audited table (see AUDITED_TABLES) as an audit entry left it: written
 * in the transaction of the change, beside the entry, whose hash covers these rows through its
 * row_count and rows_digest. Never updated or deleted by the app; a row's latest digest is the one
 * with the highest audit_entry_id.
 */
@Entity('audit_row_digests')
@Index('idx_audit_row_digests_row', ['tableName', 'rowId', 'auditEntryId'])
export class AuditRowDigest {
  @PrimaryColumn({ name: 'audit_entry_id', type: 'integer' })
  auditEntryId: number;

  @PrimaryColumn({ name: 'table_name', type: 'varchar', length: 40 })
  tableName: string;

  @PrimaryColumn({ name: 'row_id', type: 'integer' })
  rowId: number;

  /** SHA-256 of the row's columns (digestRow), or 'deleted'. */
  @Column({ type: 'varchar', length: 64 })
  digest: string;

  /** JSON: column → a shortened hash of its value, to name the columns that changed. */
  @Column({ type: 'text' })
  columns: string;

  /** Columns found changed outside the app when this entry was recorded (comma-separated), or null. */
  @Column({ name: 'changed_outside', type: 'text', nullable: true })
  changedOutside: string | null;
}
