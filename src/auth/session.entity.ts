import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * A signed-in session, kept in the database so several app instances share it. The cookie holds
 * a random token; only its SHA-256 is stored, so a copy of the table does not let anyone sign in.
 */
@Entity('sessions')
export class Session {
  /** SHA-256 (hex) of the cookie's token. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Index('idx_sessions_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  /** The CSRF token bound to this session. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'last_seen_at', type: 'varchar', length: 30 })
  lastSeenAt: string;

  /** Absolute expiry, however active the session is. */
  @Index('idx_sessions_expires_at')
  @Column({ name: 'expires_at', type: 'varchar', length: 30 })
  expiresAt: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** The confirmation of the last saved form, shown once on the next page (see FlashMessages). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  flash: string | null;
}
