import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MoreThan, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { nowIso } from '../common/dates';
import { EnvironmentVariables } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import { runSql } from '../database/run-sql';
import type { Role } from '../access/roles';
import { User } from '../users/user.entity';
import type { CurrentUser } from '../access/current-user';
import { UNUSABLE_HASH, verifyPassword } from './passwords';
import { Session } from './session.entity';
import { SignInAttempt } from './sign-in-attempt.entity';
import { checkSession } from './session-expiry';
import { THROTTLE_WINDOW_MINUTES, throttleDecision, type ThrottleDecision } from './sign-in-throttle';

export type SignInResult = { ok: true; token: string; user: User } | { ok: false; message: string };

/** The one message for a wrong username or password, so neither is revealed. */
export const WRONG_CREDENTIALS = 'Enter a correct username and password';

/** PostgreSQL advisory lock classes (the first of the two keys) for sign-in attempts by name and by address. */
const SIGN_IN_NAME_LOCK = 7405732;
const SIGN_IN_ADDRESS_LOCK = 7405733;

/** The second advisory lock key for a name or address: 32 bits of its SHA-256 (a collision only serialises more). */
function advisoryKey(value: string): number {
  return createHash('sha256').update(value).digest().readInt32BE(0);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The signed-in person as requests carry it, from the user (loaded with its force). */
export function currentUserOf(user: User): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    forceId: user.forceId,
    forceCode: user.force?.code ?? null,
    forceName: user.force?.name ?? null,
    team: user.team,
    previousSignInAt: user.previousSignInAt,
  };
}

export interface ResolvedSession {
  id: string;
  csrfToken: string;
  user: CurrentUser;
  /** The confirmation of the last saved form, not yet shown (FlashMessages). */
  flash: string | null;
}

/** A session with what a request needs of its user (`CurrentUser`) and the user's organisation. */
const RESOLVE_SESSION_SQL = `SELECT s.id AS "id", s.csrf_token AS "csrfToken", s.flash AS "flash", s.last_seen_at AS "lastSeenAt",
    s.expires_at AS "expiresAt", u.id AS "userId", u.username AS "username", u.display_name AS "displayName",
    u.role AS "role", u.force_id AS "forceId", u.team AS "team", u.previous_sign_in_at AS "previousSignInAt",
    u.disabled AS "disabled", f.code AS "forceCode", f.name AS "forceName"
  FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN forces f ON f.id = u.force_id
  WHERE s.id = :id`;

interface ResolvedSessionRow {
  id: string;
  csrfToken: string;
  flash: string | null;
  lastSeenAt: string;
  expiresAt: string;
  userId: number | string;
  username: string;
  displayName: string;
  role: Role;
  forceId: number | string | null;
  team: string | null;
  previousSignInAt: string | null;
  disabled: boolean | number;
  forceCode: string | null;
  forceName: string | null;
}

/** Sign-in, sessions kept in the database, idle and absolute expiry, and throttling of failures. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
    private readonly env: EnvironmentVariables,
  ) {}

  /**
   * Checks a username and password. The attempt is first recorded as a failure, in the same
   * serialised step that counts the recent failures for the name and the address
   * (claimAttempt), and turned into a success only when the password matches. So attempts fired
   * at once are counted one after another, and no more than LOCK_AFTER_FAILURES of them in a
   * window ever reach the password check, on one app instance or several.
   */
  async signIn(rawUsername: string, password: string, ip: string): Promise<SignInResult> {
    const username = rawUsername.trim().toLowerCase().slice(0, 100);
    const { attemptId, decision } = await this.claimAttempt(username, ip);
    if (decision.locked) {
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
      // The attempt stays recorded as a failure.
      return { ok: false, message: WRONG_CREDENTIALS };
    }

    // A new session (and session id) at every sign-in.
    const token = randomBytes(32).toString('base64url');
    const now = nowIso();
    await this.writes.run(async (manager) => {
      await manager.update(SignInAttempt, { id: attemptId }, { succeeded: true });
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
    // Read on every request: one query of the columns used, written by hand (building it through the query builder,
    // with every column of the session, the user and the organisation, cost more than running it).
    const [session] = await runSql<ResolvedSessionRow>(
      this.sessions.manager,
      RESOLVE_SESSION_SQL,
      { id: tokenHash(token) },
      { prepared: true },
    );
    if (!session) {
      return null;
    }
    const now = Date.now();
    const check = checkSession(session, now, this.env.SESSION_IDLE_MINUTES);
    // SQLite gives a boolean column as 0 or 1.
    if (Boolean(session.disabled) || check === 'ended') {
      await this.sessions.delete({ id: session.id });
      return null;
    }
    // Activity is recorded often enough for the idle limit to hold, and no more than once a minute.
    if (check === 'record_activity') {
      await this.sessions.update({ id: session.id }, { lastSeenAt: new Date(now).toISOString() });
    }
    return {
      id: session.id,
      csrfToken: session.csrfToken,
      user: {
        id: Number(session.userId),
        username: session.username,
        displayName: session.displayName,
        role: session.role,
        forceId: session.forceId === null ? null : Number(session.forceId),
        forceCode: session.forceCode,
        forceName: session.forceName,
        team: session.team,
        previousSignInAt: session.previousSignInAt,
      },
      flash: session.flash,
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

  /**
   * Counts the recent failures for the name and from the address, decides (throttleDecision) and
   * records this attempt as a failure, as one step that no other attempt for the same name or
   * address can interleave with: on SQLite, a write transaction (serialised within the app); on
   * PostgreSQL, also transaction-scoped advisory locks on the name and then the address (always in
   * that order, so two attempts never wait for each other), which hold across app instances.
   */
  private claimAttempt(username: string, ip: string): Promise<{ attemptId: number; decision: ThrottleDecision }> {
    return this.writes.run(async (manager) => {
      if (this.writes.isPostgres) {
        await manager.query('SELECT pg_advisory_xact_lock($1::integer, $2::integer)', [
          SIGN_IN_NAME_LOCK,
          advisoryKey(username),
        ]);
        await manager.query('SELECT pg_advisory_xact_lock($1::integer, $2::integer)', [
          SIGN_IN_ADDRESS_LOCK,
          advisoryKey(ip),
        ]);
      }
      const since = new Date(Date.now() - THROTTLE_WINDOW_MINUTES * 60_000).toISOString();
      const failuresForName = await manager.count(SignInAttempt, {
        where: { username, succeeded: false, attemptedAt: MoreThan(since) },
      });
      const failuresFromAddress = await manager.count(SignInAttempt, {
        where: { ip, succeeded: false, attemptedAt: MoreThan(since) },
      });
      const decision = throttleDecision(failuresForName, failuresFromAddress, this.env.SIGN_IN_SLOWDOWN_MS);
      const attempt = await manager.save(
        SignInAttempt,
        manager.create(SignInAttempt, { username, ip, succeeded: false, attemptedAt: nowIso() }),
      );
      return { attemptId: attempt.id, decision };
    });
  }
}
