import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One sign-in attempt; recent failures slow and then lock further attempts (by name and by address). */
@Entity('sign_in_attempts')
@Index('idx_sign_in_attempts_username', ['username', 'attemptedAt'])
@Index('idx_sign_in_attempts_ip', ['ip', 'attemptedAt'])
export class SignInAttempt {
  @PrimaryGeneratedColumn()
  id: number;

  /** As typed, lower-cased (whether or not such a user exists). */
  @Column({ type: 'varchar', length: 100 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  @Column({ name: 'attempted_at', type: 'varchar', length: 30 })
  attemptedAt: string;
}
