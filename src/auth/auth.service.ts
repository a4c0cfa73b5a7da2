import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MoreThan, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { EnvironmentVariables } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import { User } from '../users/user.entity';
import type { CurrentUser } from './current-user';
import { UNUSABLE_HASH, verifyPassword } from './passwords';
import { Session } from './session.entity';
import { SignInAttempt } from './sign-in-attempt.entity';
import { THROTTLE_WINDOW_MINUTES, throttleDecision } from './sign-in-throttle';

export type SignInResult = { ok: true; token: string; user: User } | { ok: false; message: string };

/** The one message for a wrong username or password, so neither is revealed. */
export const WRONG_CREDENTIALS = 'Enter a correct username and password';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface ResolvedSession {
  id: string;
  csrfToken: string;
  user: CurrentUser;
}

/** Sign-in, sessions kept in the database, idle and absolute expiry, and throttling of failures. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(SignInAttempt) private readonly attempts: Repository<SignInAttempt>,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
    private readonly env: EnvironmentVariables,
  ) {}

  async signIn(rawUsername: string, password: string, ip: string): Promise<SignInResult> {
    const username = rawUsername.trim().toLowerCase().slice(0, 100);
    const since = new Date(Date.now() - THROTTLE_WINDOW_MINUTES * 60_000).toISOString();
    const [failuresForName, failuresFromAddress] = await Promise.all([
      this.attempts.count({ where: { username, succeeded: false, attemptedAt: MoreThan(since) } }),
      this.attempts.count({ where: { ip, succeeded: false, attemptedAt: MoreThan(since) } }),
    ]);
    const decision = throttleDecision(failuresForName, failuresFromAddress, this.env.SIGN_IN_SLOWDOWN_MS);
    if (decision.locked) {
      await this.recordAttempt(username, ip, false);
      return {
        ok: false,
        message: `Too many failed attempts to sign in. Wait ${decision.minutes} minutes and try again.`,
      };
    }
    if (decision.delayMs > 0) {
      await sleep(decision.delayMs);
    }
    const user = await this.users.findOne({ where: { username } });
    // An unknown user costs the same time as a wrong password.
    const passwordMatches = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !passwordMatches || user.disabled) {
      await this.recordAttempt(username, ip, false);
      return { ok: false, message: WRONG_CREDENTIALS };
    }

    // A new session (and session id) at every sign-in.
    const token = randomBytes(32).toString('base64url');
    const now = nowIso();
    await this.writes.run(async (manager) => {
      await manager.save(
        SignInAttempt,
        manager.create(SignInAttempt, { username, ip, succeeded: true, attemptedAt: now }),
      );
      await manager.save(
        Session,
        manager.create(Session, {
          id: tokenHash(token),
          userId: user.id,
          csrfToken: randomBytes(32).toString('base64url'),
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(Date.now() + this.env.SESSION_ABSOLUTE_HOURS * 3_600_000).toISOString(),
          ip,
        }),
      );
      await manager.update(User, { id: user.id }, { previousSignInAt: user.lastSignInAt, lastSignInAt: now });
      await this.audit.record(manager, {
        actor: user.username,
        ip,
        action: 'user.signed_in',
        entityType: 'user',
        entityId: user.id,
        summary: `${user.username} signed in`,
      });
    });
    return { ok: true, token, user };
  }

  /** The session and user behind a cookie token, or null when unknown, expired or idle too long. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    const session = await this.sessions.findOne({
      where: { id: tokenHash(token) },
      relations: { user: { force: true } },
    });
    if (!session) {
      return null;
    }
    const now = Date.now();
    const idleLimit = Date.parse(session.lastSeenAt) + this.env.SESSION_IDLE_MINUTES * 60_000;
    if (session.user.disabled || now > Date.parse(session.expiresAt) || now > idleLimit) {
      await this.sessions.delete({ id: session.id });
      return null;
    }
    // Record activity at most once a minute, to keep reads from writing.
    if (now - Date.parse(session.lastSeenAt) > 60_000) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: new Date(now).toISOString() });
    }
    const user = session.user;
    return {
      id: session.id,
      csrfToken: session.csrfToken,
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        forceId: user.forceId,
        forceCode: user.force?.code ?? null,
        forceName: user.force?.name ?? null,
        team: user.team,
        previousSignInAt: user.previousSignInAt,
      },
    };
  }

  async signOut(sessionId: string, user: CurrentUser, ip: string): Promise<void> {
    await this.writes.run(async (manager) => {
      await manager.delete(Session, { id: sessionId });
      await this.audit.record(manager, {
        actor: user.username,
        ip,
        action: 'user.signed_out',
        entityType: 'user',
        entityId: user.id,
        summary: `${user.username} signed out`,
      });
    });
  }

  private async recordAttempt(username: string, ip: string, succeeded: boolean): Promise<void> {
    await this.writes.run((manager) =>
      manager.save(SignInAttempt, manager.create(SignInAttempt, { username, ip, succeeded, attemptedAt: nowIso() })),
    );
  }
}
