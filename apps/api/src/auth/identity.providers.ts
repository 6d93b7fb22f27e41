// The people's front door (sign-up, e-mail links, the console's forwarded address, docs
// access), registered in AppModule as one list so the module file stays short.
import type { Provider, Type } from '@nestjs/common';
import { Mailer } from '../mail/mailer';
import { AttemptThrottle } from './attempt-throttle';
import { ClientAddress } from './client-address';
import { DocsAccess } from './docs-access';
import { EmailTokens } from './email-tokens';
import { SignUpService } from './signup.service';
import { AccountController } from './account.controller';
import { PasswordService } from './password.service';
import { PasskeysController } from './passkeys.controller';
import { PasskeysService } from './passkeys.service';
import { SecondFactorController } from './second-factor.controller';
import { SecondFactorService } from './second-factor.service';
import { SignInChallenges } from './signin-challenge';
import { TenantSecurityController } from './tenant-security.controller';
import { TotpService } from './totp.service';
import { SsoConnections } from '../sso/sso-connections.service';
import { SsoController } from '../sso/sso.controller';
import { SsoSignIn } from '../sso/sso-signin.service';

export const IDENTITY_CONTROLLERS: Type[] = [AccountController, SecondFactorController, TenantSecurityController, SsoController, PasskeysController];
export const IDENTITY_PROVIDERS: Provider[] = [
  AttemptThrottle, ClientAddress, DocsAccess, EmailTokens, SignUpService, PasswordService, Mailer, SignInChallenges, TotpService,
  SecondFactorService, SsoConnections, SsoSignIn, PasskeysService,
];
