import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import type { Actor, ApiTokenUse, CurrentUser } from '../access/current-user';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { WriteTransactions } from '../database/write-transactions';
import { API_TOKEN_SCOPES, ApiToken, type ApiTokenScope } from './api-token.entity';
import { currentUserOf, tokenHash } from './auth.service';

/** What every token starts with, so a leaked one is recognised (by a secret scanner, or a person). */
export const API_TOKEN_PREFIX = 'ift_';

/** The lifetimes offered when a token is made, in days. */
export const API_TOKEN_LIFETIMES = [7, 30, 90, 365] as const;

/** How often a token's last use is written down at most (one write a minute, however busy the script). */
const LAST_USED_EVERY_MS = 60_000;

export interface NewApiToken {
  name: string;
  scope: ApiTokenScope;
  days: number;
}

/** Why a bearer token was refused: the message a script reads (401, `WWW-Authenticate: Bearer`). */
export type ApiTokenRefusal = 'unknown' | 'expired' | 'revoked' | 'user_disabled';

export const API_TOKEN_REFUSALS: Record<ApiTokenRefusal, string> = {
  unknown: 'The API token is not recognised',
  expired: 'The API token has expired: make a new one on the API tokens page',
  revoked: 'The API token has been revoked',
  user_disabled: 'The account this API token belongs to is disabled',
};

export type ResolvedApiToken =
  { ok: true; user: CurrentUser; token: ApiTokenUse } | { ok: false; refusal: ApiTokenRefusal };

/** A token as its owner's page lists it (never the token itself, which is not kept). */
export interface ListedApiToken {
  id: number;
  name: string;
  scope: ApiTokenScope;
  scopeLabel: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

/** The state of a token at a moment: revoked wins over expired. */
export function tokenState(token: Pick<ApiToken, 'expiresAt' | 'revokedAt'>, now: string): ListedApiToken['state'] {
  if (token.revokedAt !== null) {
    return 'revoked';
  }
  return token.expiresAt <= now ? 'expired' : 'active';
}

/**
 * Personal API tokens: a user makes them (name, scope, lifetime) and revokes them on `/account/api-tokens`; a script
 * sends one as `Authorization: Bearer …` to /api/v1 and acts as that user, within the token's scope. Only the SHA-256
 * of a token is stored (a random 32-byte secret), so a copy of the table lets nobody in. Making and revoking are
 * audited.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  /** Makes a token; the returned secret is shown once and never again. */
  async create(input: NewApiToken, actor: Actor): Promise<{ secret: string; token: ListedApiToken }> {
    const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = nowIso();
    const expiresAt = new Date(Date.parse(now) + input.days * 86_400_000).toISOString();
    const saved = await this.writes.run(async (manager) => {
      const token = await manager.save(
        ApiToken,
        manager.create(ApiToken, {
          userId: actor.user.id,
          name: input.name,
          tokenHash: tokenHash(secret),
          scope: input.scope,
          createdAt: now,
          expiresAt,
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(manager, {
        actor: actor.user.username,
        ip: actor.ip,
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: token.id,
        summary: `${actor.user.username} made API token “${token.name}” (${API_TOKEN_SCOPES[token.scope].label.toLowerCase()}, expires ${expiresAt.slice(0, 10)})`,
        changes: { name: [null, token.name], scope: [null, token.scope], expiresAt: [null, expiresAt] },
      });
      return token;
    });
    return { secret, token: listed(saved, now) };
  }

  /** The user's own tokens, newest first. */
  async list(user: CurrentUser): Promise<ListedApiToken[]> {
    const now = nowIso();
    const tokens = await this.tokens.find({ where: { userId: user.id }, order: { createdAt: 'DESC', id: 'DESC' } });
    return tokens.map((token) => listed(token, now));
  }

  /** Revokes one of the user's own tokens (another user's is a 404); revoking twice changes nothing. */
  async revoke(id: number, actor: Actor): Promise<ListedApiToken> {
    return this.writes.run(async (manager) => {
      const token = await manager.findOne(ApiToken, { where: { id, userId: actor.user.id } });
      if (!token) {
        throw new NotFoundException('You have no API token with that number');
      }
      if (token.revokedAt === null) {
        token.revokedAt = nowIso();
        await manager.update(ApiToken, { id: token.id }, { revokedAt: token.revokedAt });
        await this.audit.record(manager, {
          actor: actor.user.username,
          ip: actor.ip,
          action: 'api_token.revoked',
          entityType: 'api_token',
          entityId: token.id,
          summary: `${actor.user.username} revoked API token “${token.name}”`,
          changes: { revokedAt: [null, token.revokedAt] },
        });
      }
      return listed(token, nowIso());
    });
  }

  /**
   * The user and token behind a bearer token, or why it is refused. Its last use is recorded (at most once a minute),
   * as a session's activity is.
   */
  async resolve(secret: string): Promise<ResolvedApiToken> {
    const token = await this.tokens.findOne({
      where: { tokenHash: tokenHash(secret) },
      relations: { user: { force: true } },
    });
    if (!token) {
      return { ok: false, refusal: 'unknown' };
    }
    const now = nowIso();
    const state = tokenState(token, now);
    if (state !== 'active') {
      return { ok: false, refusal: state };
    }
    if (token.user.disabled) {
      return { ok: false, refusal: 'user_disabled' };
    }
    if (token.lastUsedAt === null || Date.parse(now) - Date.parse(token.lastUsedAt) >= LAST_USED_EVERY_MS) {
      await this.tokens.update({ id: token.id }, { lastUsedAt: now });
    }
    return {
      ok: true,
      user: currentUserOf(token.user),
      token: { id: token.id, name: token.name, scope: token.scope },
    };
  }
}

function listed(token: ApiToken, now: string): ListedApiToken {
  return {
    id: token.id,
    name: token.name,
    scope: token.scope,
    scopeLabel: API_TOKEN_SCOPES[token.scope].label,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
    state: tokenState(token, now),
  };
}
