import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../access/roles';
import { Force } from '../reports/force.entity';
import { FALSE_BY_DEFAULT } from '../database/column-defaults';

/** A person who signs in. Passwords are kept only as scrypt hashes. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 100, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Index('idx_users_role')
  @Column({ type: 'varchar', length: 30 })
  role: Role;

  /** The force of a force role (staff, lead, board member); null for inspectors and administrators. */
  @Index('idx_users_force')
  @Column({ name: 'force_id', type: 'integer', nullable: true })
  forceId: number | null;

  @ManyToOne(() => Force, { nullable: true })
  @JoinColumn({ name: 'force_id' })
  force: Force | null;

  /** The team or role the user acts for, matched against finding and action owners. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  team: string | null;

  /** Where email notifications go; none: the person is told only in the app. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: FALSE_BY_DEFAULT })
  disabled: boolean;

  @Column({ name: 'last_sign_in_at', type: 'varchar', length: 30, nullable: true })
  lastSignInAt: string | null;

  /** The sign-in before the current one: "what changed since you last signed in". */
  @Column({ name: 'previous_sign_in_at', type: 'varchar', length: 30, nullable: true })
  previousSignInAt: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
