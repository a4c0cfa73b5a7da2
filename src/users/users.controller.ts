import { Body, Controller, Get, HttpCode, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FlashMessages } from '../auth/flash-messages';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { ROLES } from '../access/roles';
import { FormError } from '../common/form-error';
import { FormPage } from '../common/form-page';
import { EnvironmentVariables } from '../config/env.validation';
import { CreateUserDto, UsernameParams } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { accountValues, editUserPage, newUserPage, UserFormPages } from './user-form-pages';
import { assignableRoles, forceOfNewUser, managedForce } from './user-management';
import { type ChangeAuthor, UsersService } from './users.service';

const authorOf = (actor: Actor): ChangeAuthor => ({ username: actor.user.username, ip: actor.ip });

/**
 * Accounts: an administrator manages every account; a force lead those of their own force, and
 * another force's account is a 404 for them (UsersService.managedAccount).
 */
@Controller('users')
@Allow('manageUsers')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly env: EnvironmentVariables,
    private readonly flash: FlashMessages,
  ) {}

  @Get()
  @Render('users/index')
  async index(@User() user: CurrentUser) {
    const list = await this.users.list(managedForce(user));
    return {
      pageTitle: 'Users',
      nav: 'users',
      /** With no mail server, people are told in the app only: the page says so. */
      emailEnabled: this.env.SMTP_URL !== undefined,
      mayAdminister: user.role === 'administrator',
      users: list.map((item) => ({
        username: item.username,
        displayName: item.displayName,
        roleLabel: ROLES[item.role].label,
        force: item.force?.name ?? '—',
        team: item.team ?? '—',
        email: item.email,
        disabled: item.disabled,
        lastSignInAt: item.lastSignInAt,
        href: `/users/${encodeURIComponent(item.username)}`,
        mayChange: item.username !== user.username,
      })),
    };
  }

  @Get('new')
  @Render('users/new')
  newUser(@User() user: CurrentUser) {
    return newUserPage(user, {}, null);
  }

  @Post()
  @FormPage(UserFormPages, 'new')
  async create(
    @Body() dto: CreateUserDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    if (!assignableRoles(actor.user).includes(dto.role)) {
      throw new FormError([{ field: 'role', message: 'You cannot give that role' }]);
    }
    const created = await this.users.create(
      { ...dto, forceCode: forceOfNewUser(actor.user, dto.role, dto.forceCode) },
      authorOf(actor),
    );
    await this.flash.set(request, `Account created for ${created.displayName} (${created.username})`);
    response.redirect(303, '/users');
  }

  @Get(':username/edit')
  @Render('users/edit')
  async edit(@Param() params: UsernameParams, @User() user: CurrentUser) {
    const account = await this.users.managedAccount(user, params.username);
    return editUserPage(user, account, accountValues(account), null);
  }

  @Post(':username')
  @FormPage(UserFormPages, 'edit')
  async update(
    @Param() params: UsernameParams,
    @Body() dto: UpdateUserDto,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.users.update(actor.user, params.username, dto, authorOf(actor));
    await this.flash.set(request, `Account updated: ${params.username}`);
    response.redirect(303, '/users');
  }

  /** A new random passphrase, shown once in this response: never in an address, never stored or logged in clear. */
  @Post(':username/reset-password')
  @HttpCode(200)
  @Render('users/password-reset')
  async resetPassword(@Param() params: UsernameParams, @RequestActor() actor: Actor) {
    const { user, passphrase } = await this.users.resetToNewPassphrase(actor.user, params.username, authorOf(actor));
    return {
      pageTitle: `New password for ${user.displayName}`,
      nav: 'users',
      breadcrumbs: [{ text: 'Users', href: '/users' }],
      account: { username: user.username, displayName: user.displayName },
      passphrase,
    };
  }

  @Post(':username/disable')
  async disable(
    @Param() params: UsernameParams,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.users.setDisabled(params.username, true, authorOf(actor), actor.user);
    await this.flash.set(request, `Account disabled: ${params.username}`);
    response.redirect(303, '/users');
  }

  @Post(':username/enable')
  async enable(
    @Param() params: UsernameParams,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.users.setDisabled(params.username, false, authorOf(actor), actor.user);
    await this.flash.set(request, `Account enabled: ${params.username}`);
    response.redirect(303, '/users');
  }
}
