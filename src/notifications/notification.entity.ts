import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { NotificationKind } from './notification-kinds';

/** What one person is told in the app: unread until they open it. */
@Entity('notifications')
@Index('idx_notifications_user_read', ['userId', 'readAt'])
@Index('idx_notifications_user_dedupe', ['userId', 'dedupeKey'], { unique: true })
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column({ type: 'varchar', length: 40 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** The page it is about, a path within the app. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  /** The event it tells of (unique per person), so one event is never told twice. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'read_at', type: 'varchar', length: 30, nullable: true })
  readAt: string | null;
}
