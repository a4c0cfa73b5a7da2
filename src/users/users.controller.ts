import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  Param,
  Post,
  Render,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../auth/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../auth/current-user';
import { FORCE_ROLES, ROLE_VALUES, ROLES, type Role } from '../auth/roles';
import { errorsForView, FormError } from '../common/form-error';
import { CreateUserDto, UsernameParams } from './dto/create-user.dto';
import { UsersService } from './users.service';

/** Roles a user may give: an administrator any; a force lead only the force roles, in their own force. */
export function assignableRoles(user: Pick<CurrentUser, 'role'>): Role[] {
  return user.role === 'administrator' ? [...ROLE_VALUES] : [...FORCE_ROLES];
}

@Controller('users')
@Allow('manageUsers')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Render('users/index')
  async index(@User() user: CurrentUser) {
    const list = await this.users.list(user.role === 'administrator' ? null : user.forceId);
    return {
      pageTitle: 'Users',
      nav: 'users',
      users: list.map((item) => ({
        username: item.username,
        displayName: item.displayName,
        roleLabel: ROLES[item.role].label,
        force: item.force?.name ?? '—',
        team: item.team ?? '—',
        disabled: item.disabled,
        lastSignInAt: item.lastSignInAt,
        mayChange: item.username !== user.username,
      })),
    };
  }

  @Get('new')
  @Render('users/new')
  newUser(@User() user: CurrentUser) {
    return this.formPage(user, {}, null);
  }

  @Post()
  async create(@Body() dto: CreateUserDto, @RequestActor() actor: Actor, @Res() response: Response) {
    const forceCode = actor.user.role === 'administrator' ? (dto.forceCode ?? null) : actor.user.forceCode;
    try {
      if (!assignableRoles(actor.user).includes(dto.role)) {
        throw new FormError([{ field: 'role', message: 'You cannot give that role' }]);
      }
      await this.users.create(
        { ...dto, forceCode: FORCE_ROLES.includes(dto.role) ? forceCode : null },
        { username: actor.user.username, ip: actor.ip },
      );
    } catch (error) {
      const errors =
        error instanceof FormError
          ? error.errors
          : error instanceof BadRequestException
            ? ((error.getResponse() as { message: string[] }).message ?? []).map((message) => ({
                field: fieldOf(message),
                message,
              }))
            : null;
      if (!errors) {
        throw error;
      }
      response.status(400).render('users/new', this.formPage(actor.user, { ...dto, password: '' }, errors));
      return;
    }
    response.redirect(303, '/users');
  }

  @Post(':username/disable')
  async disable(@Param() params: UsernameParams, @RequestActor() actor: Actor, @Res() response: Response) {
    await this.assertMayManage(actor.user, params.username);
    await this.users.setDisabled(params.username, true, { username: actor.user.username, ip: actor.ip });
    response.redirect(303, '/users');
  }

  @Post(':username/enable')
  async enable(@Param() params: UsernameParams, @RequestActor() actor: Actor, @Res() response: Response) {
    await this.assertMayManage(actor.user, params.username);
    await this.users.setDisabled(params.username, false, { username: actor.user.username, ip: actor.ip });
    response.redirect(303, '/users');
  }

  /** A lead manages only their own force's accounts; nobody disables themselves. */
  private async assertMayManage(user: CurrentUser, username: string): Promise<void> {
    const target = await this.users.findByUsername(username);
    if (!target || (user.role !== 'administrator' && target.forceId !== user.forceId)) {
      throw new ForbiddenException('You can only manage your own force’s users');
    }
    if (target.username === user.username) {
      throw new ForbiddenException('You cannot disable your own account');
    }
  }

  private formPage(
    user: CurrentUser,
    values: Partial<CreateUserDto>,
    errors: Array<{ field: string; message: string }> | null,
  ) {
    return {
      pageTitle: 'Add a user',
      nav: 'users',
      breadcrumbs: [{ text: 'Users', href: '/users' }],
      values,
      errors: errors ? errorsForView(errors) : null,
      roles: assignableRoles(user).map((role) => ({
        value: role,
        label: ROLES[role].label,
        hint: ROLES[role].description,
        checked: role === values.role,
      })),
      chooseForce: user.role === 'administrator',
      forceName: user.forceName,
    };
  }
}

function fieldOf(message: string): string {
  if (message.startsWith('Password')) {
    return 'password';
  }
  if (message.includes('force')) {
    return 'forceCode';
  }
  return message.toLowerCase().includes('user') ? 'username' : 'role';
}
