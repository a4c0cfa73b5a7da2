import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Force } from '../reports/force.entity';

/**
 * A saved board pack: exactly what the board saw, frozen. The content (the whole pack as JSON)
 * is never changed; its SHA-256 is kept beside it, and every format is rendered from it.
 */
@Entity('board_pack_snapshots')
@Index('idx_board_pack_snapshots_force_created', ['forceId', 'createdAt'])
export class BoardPackSnapshot {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'force_id', type: 'integer' })
  forceId: number;

  @ManyToOne(() => Force)
  @JoinColumn({ name: 'force_id' })
  force: Force;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  /** The meeting the pack was saved for (null for packs saved before meetings were named). */
  @Column({ name: 'meeting_name', type: 'varchar', length: 200, nullable: true })
  meetingName: string | null;

  /** YYYY-MM-DD */
  @Column({ name: 'meeting_date', type: 'varchar', length: 10, nullable: true })
  meetingDate: string | null;

  /** JSON of BoardPackParameters. */
  @Column({ type: 'text' })
  parameters: string;

  /** JSON of the BoardPack. */
  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;
}
