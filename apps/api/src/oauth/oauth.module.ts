// The tenant's authorization server: token endpoint (agents and people), metadata, people's
// authorization code flow, dynamic registration, and the hot-path directories of clients,
// tenants and members that the gateway reads too.
import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { PoliciesModule } from '../policies/policies.module';
import { AuthorizationStore } from './authorization-store';
import { AuthorizationEndpoint } from './authorize';
import { ClientRegistry } from './client-registry';
import { ClientAuthThrottle } from './failure-throttle';
import { GrantFamilies } from './grant-families';
import { IssuancePolicy } from './issuance-policy';
import { MemberDirectory } from './member-directory';
import { OAuthRoutes } from './oauth.routes';
import { PeopleClients } from './people-clients';
import { PeopleOAuthRoutes } from './people-oauth.routes';
import { PeopleTokens } from './people-tokens';
import { ClientRegistration } from './registration';
import { OAuthRequestLimits } from './request-limits';
import { SigningKeysModule } from './signing-keys.module';
import { TenantDirectory } from './tenant-directory';
import { TokenState } from './token-state';
import { TokenService } from './token.service';
import { TokenRevocation } from './token-revocation';

@Module({
  imports: [AuditModule, ApiTokensModule, PoliciesModule, SigningKeysModule],
  providers: [
    ClientRegistry,
    TenantDirectory,
    TokenService,
    TokenRevocation,
    TokenState,
    ClientAuthThrottle,
    OAuthRoutes,
    AuthorizationEndpoint,
    AuthorizationStore,
    GrantFamilies,
    IssuancePolicy,
    PeopleClients,
    PeopleOAuthRoutes,
    PeopleTokens,
    ClientRegistration,
    OAuthRequestLimits,
    MemberDirectory,
  ],
  exports: [
    ClientRegistry,
    TenantDirectory,
    TokenState,
    GrantFamilies,
    PeopleClients,
    MemberDirectory,
    AuthorizationStore,
  ],
})
export class OAuthModule {}
