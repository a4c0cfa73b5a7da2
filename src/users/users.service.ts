import { ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword, passwordProblems, randomPassword } from '../auth/passwords';
import type { CurrentUser } from '../access/current-user';
import { FORCE_ROLES, ROLE_VALUES, type Role } from '../access/roles';
import { Session } from '../auth/session.entity';
import { nowIso } from '../common/dates';
import { type FieldError, FormError } from '../common/form-error';
import { EnvironmentVariables, InvalidEnvironmentError } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import { Force } from '../reports/force.entity';
import { readablePassphrase } from './passphrase';
import { User } from './user.entity';
import { accountChangeProblems, accountChanges, forceOfNewUser, mayManageAccount } from './user-management';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  forceCode?: string | null;
  team?: string | null;
  /** Where email notifications go (optional). */
  email?: string | null;
}

/** Who is making a change, for the audit log; 'system' for start-up and the command line. */
export interface ChangeAuthor {
  username: string;
  ip: string | null;
}

export const SYSTEM: ChangeAuthor = { username: 'system', ip: null };

/** Who manages an account in the browser: the change is limited to the accounts they may manage. */
export type AccountManager = Pick<CurrentUser, 'username' | 'role' | 'forceId' | 'forceCode'>;

/** An account's details as the edit form changes them (the force only as an administrator chose it). */
export interface AccountDetails {
  displayName: string;
  role: Role;
  forceCode?: string;
  team: string;
  /** Where email notifications go; empty for none (absent: unchanged). */
  email?: string;
}

/** The problems with a password, each on the form's field `password`. */
function passwordErrors(password: string, username: string): FieldError[] {
  return passwordProblems(password, username).map((message) => ({ field: 'password', message }));
}

/**
 * The problems with a new user's details, each a sentence for the form (beside its field) or the
 * command line.
 */
export function newUserProblems(input: NewUser, forceExists: boolean): FieldError[] {
  const problems: FieldError[] = [];
  if (!/^[a-z0-9._-]{3,100}$/.test(input.username)) {
    problems.push({
      field: 'username',
      message: 'Username must be 3 to 100 lower-case letters, digits, dots, dashes or underscores',
    });
  }
  if (!ROLE_VALUES.includes(input.role)) {
    problems.push({ field: 'role', message: `Role must be one of ${ROLE_VALUES.join(', ')}` });
  }
  if (FORCE_ROLES.includes(input.role) && !input.forceCode) {
    problems.push({ field: 'forceCode', message: 'A force staff, force lead or board member account needs a force' });
  }
  if (input.forceCode && !forceExists) {
    problems.push({ field: 'forceCode', message: `There is no force with the code ${input.forceCode}` });
  }
  if (input.email && !isEmail(input.email.trim())) {
    problems.push({ field: 'email', message: 'Enter an email address such as name@force.example' });
  }
  return [...problems, ...passwordErrors(input.password, input.username)];
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    private readonly writes: WriteTransactions,
    private readonly audit: AuditService,
    private readonly env: EnvironmentVariables,
  ) {}

  /**
   * On first start with no users, creates the administrator
   * (ADMIN_USER / ADMIN_PASSWORD or a random password printed once). Called by DatabaseStartup.
   */
  async createFirstAdministrator(): Promise<void> {
    if ((await this.users.count()) > 0) {
      return;
    }
    const password = this.env.ADMIN_PASSWORD ?? randomPassword();
    try {
      await this.create(
        { username: this.env.ADMIN_USER, displayName: 'Administrator', password, role: 'administrator' },
        SYSTEM,
      );
    } catch (error) {
      // Another instance sharing the database created it first.
      if ((await this.users.count()) > 0) {
        return;
      }
      if (error instanceof FormError && this.env.ADMIN_PASSWORD) {
        const problems = error.errors.map((problem) => problem.message).join('; ');
        throw new InvalidEnvironmentError(
          `ADMIN_PASSWORD cannot be used for the administrator "${this.env.ADMIN_USER}": ${problems}. Choose another, or leave it unset for a generated one.`,
        );
      }
      throw error;
    }
    if (!this.env.ADMIN_PASSWORD) {
      console.log(
        `\n  First start: created the administrator "${this.env.ADMIN_USER}" with the password\n\n      ${password}\n\n  It is shown only this once. Sign in and change it, or set ADMIN_PASSWORD.\n`,
      );
    } else {
      this.logger.log(`Created the administrator "${this.env.ADMIN_USER}" with the password from ADMIN_PASSWORD`);
    }
  }

  async create(input: NewUser, author: ChangeAuthor): Promise<User> {
    const username = input.username.trim().toLowerCase();
    const force = input.forceCode
      ? await this.forces.findOne({ where: { code: input.forceCode.toUpperCase() } })
      : null;
    const problems = newUserProblems({ ...input, username }, force !== null);
    if (await this.users.exists({ where: { username } })) {
      problems.unshift({ field: 'username', message: `There is already a user called ${username}` });
    }
    if (problems.length > 0) {
      throw new FormError(problems);
    }
    const passwordHash = await hashPassword(input.password);
    return this.writes.run(async (manager) => {
      const user = await manager.save(
        User,
        manager.create(User, {
          username,
          displayName: input.displayName.trim() || username,
          passwordHash,
          role: input.role,
          forceId: FORCE_ROLES.includes(input.role) ? force!.id : null,
          team: input.team?.trim() || null,
          email: input.email?.trim() || null,
          disabled: false,
          lastSignInAt: null,
          previousSignInAt: null,
          createdAt: nowIso(),
        }),
      );
      await this.audit.record(manager, {
        actor: author.username,
        ip: author.ip,
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        summary: `Created ${user.username} as ${user.role}${force ? ` of ${force.name}` : ''}`,
        changes: {
          username: [null, user.username],
          role: [null, user.role],
          force: [null, force?.code ?? null],
          team: [null, user.team],
          ...(user.email ? { email: [null, user.email] } : {}),
        },
      });
      return user;
    });
  }

  async setRole(username: string, role: Role, forceCode: string | null, author: ChangeAuthor): Promise<User> {
    return this.change(username, author, async (manager, user) => {
      const force = forceCode ? await manager.findOne(Force, { where: { code: forceCode.toUpperCase() } }) : null;
      if (!ROLE_VALUES.includes(role)) {
        throw new FormError([{ field: 'role', message: `Role must be one of ${ROLE_VALUES.join(', ')}` }]);
      }
      if (FORCE_ROLES.includes(role) && !force) {
        throw new FormError([
          { field: 'forceCode', message: 'A force staff, force lead or board member account needs a valid force' },
        ]);
      }
      const before = { role: user.role, forceId: user.forceId };
      user.role = role;
      user.forceId = FORCE_ROLES.includes(role) ? force!.id : null;
      await manager.save(User, user);
      // A change of role ends the user's sessions, so the new rights apply at once.
      await manager.delete(Session, { userId: user.id });
      return {
        action: 'user.role_changed',
        summary: `Role of ${user.username} set to ${role}`,
        changes: { role: [before.role, role], forceId: [before.forceId, user.forceId] },
      };
    });
  }

  /**
   * Changes an account's name, role, force and team, as the manager may: an account outside what
   * they manage is a 404; a force lead's users stay in the lead's force. A change of role or force
   * ends the account's sessions, so the new rights apply at once. The User has no version column:
   * the last of two simultaneous changes wins.
   */
  async update(
    manager: AccountManager,
    username: string,
    details: AccountDetails,
    author: ChangeAuthor,
  ): Promise<User> {
    return this.change(
      username,
      author,
      async (entities, user) => {
        const forceCode = forceOfNewUser(manager, details.role, details.forceCode);
        const force = forceCode ? await entities.findOne(Force, { where: { code: forceCode } }) : null;
        const problems = accountChangeProblems(
          manager,
          { role: user.role, isOwn: user.username === manager.username },
          { role: details.role, forceCode },
          force !== null,
        );
        if (problems.length > 0) {
          throw new FormError(problems);
        }
        const formerForce =
          user.forceId === null ? null : await entities.findOne(Force, { where: { id: user.forceId } });
        const before = {
          displayName: user.displayName,
          role: user.role,
          force: formerForce?.code ?? null,
          team: user.team,
        };
        user.displayName = details.displayName.trim() || user.username;
        user.role = details.role;
        user.forceId = force?.id ?? null;
        user.team = details.team.trim() || null;
        const formerEmail = user.email;
        if (details.email !== undefined) {
          user.email = details.email.trim() || null;
        }
        await entities.save(User, user);
        const changes: Record<string, [unknown, unknown]> = {
          ...accountChanges(before, {
            displayName: user.displayName,
            role: user.role,
            force: force?.code ?? null,
            team: user.team,
          }),
          ...(formerEmail !== user.email ? { email: [formerEmail, user.email] as [unknown, unknown] } : {}),
        };
        if (changes.role || changes.force) {
          await entities.delete(Session, { userId: user.id });
        }
        const changed = Object.keys(changes);
        return {
          action: 'user.updated',
          summary: `Changed ${user.username}: ${changed.length > 0 ? changed.join(', ') : 'nothing'}`,
          changes,
        };
      },
      manager,
    );
  }

  /**
   * Gives the account a new random passphrase (ending its sessions) and returns it, to be shown
   * once to the manager; only its hash is kept, and the audit entry says only that it changed.
   */
  async resetToNewPassphrase(
    manager: AccountManager,
    username: string,
    author: ChangeAuthor,
  ): Promise<{ user: User; passphrase: string }> {
    const account = await this.managedAccount(manager, username);
    let passphrase = readablePassphrase();
    while (passwordProblems(passphrase, account.username).length > 0) {
      passphrase = readablePassphrase();
    }
    const user = await this.resetPassword(account.username, passphrase, author, manager);
    return { user, passphrase };
  }

  /**
   * Sets a password and ends the account's sessions; with a manager, only on an account they
   * manage (else a 404), never their own.
   */
  async resetPassword(
    username: string,
    password: string,
    author: ChangeAuthor,
    accountManager?: AccountManager,
  ): Promise<User> {
    const problems = passwordErrors(password, username);
    if (problems.length > 0) {
      throw new FormError(problems);
    }
    if (accountManager) {
      this.refuseOwnAccount(accountManager, username, 'You cannot reset your own password here');
    }
    const passwordHash = await hashPassword(password);
    return this.change(
      username,
      author,
      async (manager, user) => {
        user.passwordHash = passwordHash;
        await manager.save(User, user);
        await manager.delete(Session, { userId: user.id });
        return {
          action: 'user.password_reset',
          summary: `Password of ${user.username} reset`,
          changes: { password: ['(hidden)', '(changed)'] },
        };
      },
      accountManager,
    );
  }

  /** Disables or enables an account; with a manager, only one they manage (else a 404), never their own. */
  async setDisabled(
    username: string,
    disabled: boolean,
    author: ChangeAuthor,
    accountManager?: AccountManager,
  ): Promise<User> {
    if (accountManager) {
      this.refuseOwnAccount(accountManager, username, `You cannot ${disabled ? 'disable' : 'enable'} your own account`);
    }
    return this.change(
      username,
      author,
      async (manager, user) => {
        const before = user.disabled;
        user.disabled = disabled;
        await manager.save(User, user);
        if (disabled) {
          await manager.delete(Session, { userId: user.id });
        }
        return {
          action: disabled ? 'user.disabled' : 'user.enabled',
          summary: `${user.username} ${disabled ? 'disabled' : 'enabled'}`,
          changes: { disabled: [before, disabled] },
        };
      },
      accountManager,
    );
  }

  async list(forceId: number | null): Promise<User[]> {
    return this.users.find({
      where: forceId === null ? {} : { forceId },
      relations: { force: true },
      order: { username: 'ASC' },
    });
  }

  async findByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { username: username.trim().toLowerCase() }, relations: { force: true } });
  }

  /** An account the manager may change, with its force; another force's account, like a missing one, is a 404. */
  async managedAccount(manager: AccountManager, username: string): Promise<User> {
    const account = await this.findByUsername(username);
    if (!account || !mayManageAccount(manager, account)) {
      throw new NotFoundException(`There is no user called ${username}`);
    }
    return account;
  }

  private refuseOwnAccount(manager: AccountManager, username: string, message: string): void {
    if (manager.username === username.trim().toLowerCase()) {
      throw new ForbiddenException(message);
    }
  }

  private async change(
    username: string,
    author: ChangeAuthor,
    apply: (
      manager: EntityManager,
      user: User,
    ) => Promise<{ action: string; summary: string; changes: Record<string, [unknown, unknown]> }>,
    accountManager?: AccountManager,
  ): Promise<User> {
    return this.writes.run(async (manager) => {
      const user = await manager.findOne(User, { where: { username: username.trim().toLowerCase() } });
      if (!user || (accountManager && !mayManageAccount(accountManager, user))) {
        throw new NotFoundException(`There is no user called ${username}`);
      }
      const { action, summary, changes } = await apply(manager, user);
      await this.audit.record(manager, {
        actor: author.username,
        ip: author.ip,
        action,
        entityType: 'user',
        entityId: user.id,
        summary,
        changes,
      });
      return user;
    });
  }
}
