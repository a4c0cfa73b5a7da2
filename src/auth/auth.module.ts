import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { User } from '../users/user.entity';
import { ApiToken } from './api-token.entity';
import { ApiTokenPages } from './api-token-pages';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthService } from './auth.service';
import { SessionMiddleware } from './session.middleware';
import { Session } from './session.entity';
import { SignInAttempt } from './sign-in-attempt.entity';
import { SignInController } from './sign-in.controller';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, SignInAttempt, ApiToken]), AuditModule],
  controllers: [SignInController, ApiTokensController],
  providers: [AuthService, SessionMiddleware, ApiTokensService, ApiTokenPages],
  exports: [AuthService, SessionMiddleware, ApiTokensService],
})
export class AuthModule {}
