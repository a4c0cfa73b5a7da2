import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { NotificationKind } from './notification-kinds';

/** A kind of message a person asked not to receive by email (they are still told in the app). */
@Entity('notification_opt_outs')
@Index('idx_notification_opt_outs_user_kind', ['userId', 'kind'], { unique: true })
export class NotificationOptOut {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column({ type: 'varchar', length: 40 })
  kind: NotificationKind;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
