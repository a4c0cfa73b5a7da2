import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** What a token may do: read (GET), or read and make the changes its user may make. */
export const API_TOKEN_SCOPES = {
  read: { label: 'Read only' },
  read_write: { label: 'Read and write' },
} as const;
export type ApiTokenScope = keyof typeof API_TOKEN_SCOPES;
export const API_TOKEN_SCOPE_VALUES = Object.keys(API_TOKEN_SCOPES) as ApiTokenScope[];

/**
 * A personal API token: a script acting as its user on /api/v1 (`Authorization: Bearer …`), never beyond what the
 * user may see and do. Only the SHA-256 of the token is stored; the token is shown once, when it is made.
 */
@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_api_tokens_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  /** What the user called it, e.g. "Power BI refresh". */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** SHA-256 (hex) of the token. */
  @Index('idx_api_tokens_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 20 })
  scope: ApiTokenScope;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 30 })
  expiresAt: string;

  @Column({ name: 'last_used_at', type: 'varchar', length: 30, nullable: true })
  lastUsedAt: string | null;

  @Column({ name: 'revoked_at', type: 'varchar', length: 30, nullable: true })
  revokedAt: string | null;
}
