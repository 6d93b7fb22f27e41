// People's MCP hosts (issue 14): the providers and controllers AppModule registers.
import { AuthorizationEndpoint } from '../oauth/authorize';
import { AuthorizationStore } from '../oauth/authorization-store';
import { GrantFamilies } from '../oauth/grant-families';
import { IssuancePolicy } from '../oauth/issuance-policy';
import { PeopleClients } from '../oauth/people-clients';
import { PeopleOAuthRoutes } from '../oauth/people-oauth.routes';
import { PeopleTokens } from '../oauth/people-tokens';
import { ClientRegistration } from '../oauth/registration';
import { OAuthRequestLimits } from '../oauth/request-limits';
import { AuthorizationsService } from './authorizations.service';
import { ConsentsService } from './consents.service';
import { MemberDirectory } from './member-directory';
import { MemberGrantsService } from './member-grants.service';
import { OAuthClientsService } from './oauth-clients.service';
import { PeopleAdminController } from './people-admin.controller';
import { PersonalController } from './personal.controller';

export const PEOPLE_CONTROLLERS = [PersonalController, PeopleAdminController];

export const PEOPLE_PROVIDERS = [
  AuthorizationEndpoint, AuthorizationStore, GrantFamilies, IssuancePolicy, PeopleClients, PeopleOAuthRoutes, PeopleTokens,
  ClientRegistration, OAuthRequestLimits, AuthorizationsService, ConsentsService, MemberDirectory, MemberGrantsService, OAuthClientsService,
];
