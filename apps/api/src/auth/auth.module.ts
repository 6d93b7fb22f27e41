// Who is calling: sign-up, sign-in (password, passkey, second factor), sessions, admin API
// tokens as bearer credentials, and the global guards every route passes through.
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { MembersModule } from '../members/members.module';
import { TenantsModule } from '../tenants/tenants.module';
import { AccountController } from './account.controller';
import { AttemptThrottle } from './attempt-throttle';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ClientAddress } from './client-address';
import { DocsAccess } from './docs-access';
import { EmailTokens } from './email-tokens';
import { AccessGuard, AuthenticationGuard, CsrfGuard } from './guards';
import { PasskeysController } from './passkeys.controller';
import { PasskeysService } from './passkeys.service';
import { PasswordService } from './password.service';
import { SecondFactorController } from './second-factor.controller';
import { SecondFactorService } from './second-factor.service';
import { SessionsService } from './sessions.service';
import { SignInChallenges } from './signin-challenge';
import { SignUpService } from './signup.service';
import { AdminTokenStrategy, LocalStrategy, SessionStrategy } from './strategies';
import { TenantSecurityController } from './tenant-security.controller';
import { TotpService } from './totp.service';

@Module({
  imports: [PassportModule, AuditModule, MailModule, ApiTokensModule, TenantsModule, MembersModule],
  controllers: [
    AuthController,
    AccountController,
    SecondFactorController,
    TenantSecurityController,
    PasskeysController,
  ],
  providers: [
    // Order matters: who you are, then CSRF for cookie writes, then what your role allows.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
    AttemptThrottle,
    ClientAddress,
    DocsAccess,
    EmailTokens,
    SignUpService,
    PasswordService,
    SignInChallenges,
    TotpService,
    SecondFactorService,
    PasskeysService,
    LocalStrategy,
    SessionStrategy,
    AdminTokenStrategy,
    SessionsService,
    AuthService,
  ],
  exports: [AuthService],
})
export class AuthModule {}
