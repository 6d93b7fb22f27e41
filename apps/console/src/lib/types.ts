// Every shape the console reads or sends comes from the SDK's zod contracts, the same ones the
// API validates with. Types only: nothing here reaches the browser bundle.
import type { z } from 'zod';
import type {
  AcceptInvitationRequest,
  AddKeyRequest,
  AgentApiKey,
  AgentApiKeyList,
  AgentKey,
  AgentKeyList,
  AgentList,
  ApiTokenList,
  AuthMethod,
  ClientSecret,
  ClientSecretList,
  ConnectionTestResult,
  CreateApiKeyRequest,
  CreatedAgentApiKey,
  CreatedClientSecret,
  CreateSecretRequest,
  McpServerList,
  McpToolList,
  RotateKeysRequest,
  RotateKeysResponse,
  SigningKeyList,
  SigningKeyView,
  SyncResponse,
  TestConnectionRequest,
  UpdateAgentRequest,
  UpdateServerRequest,
  UpdateSecretRequest,
  CreatedApiToken,
  CreatedInvitation,
  InvitationList,
  InvitationPreview,
  MemberList,
  SessionList,
  AuditQuery,
  AuditStats,
  AuditVerifyResult,
  BacktestRequest,
  BacktestResult,
  DecisionView,
  PolicyDraft,
  PolicyValidation,
  PolicyView,
  SimulatedCall,
  SimulateRequest,
  JobView as JobViewSchema,
  AuthorizationRequestView,
  ConsentList,
  MemberGrantList,
  OAuthClientList,
  UpdateOAuthClientRequest,
} from '@portcullis/sdk';

export type {
  ApiToken,
  CreateApiTokenRequest,
  CreateInvitationRequest,
  CreateTenantRequest,
  Invitation,
  Member,
  Role,
  SessionInfo,
  SessionResponse,
  SignInRequest,
  SignUpRequest,
  Tenant,
  TenantSummary,
  Agent,
  CreateAgentRequest,
  CreateServerRequest,
  Grant,
  McpServer,
  McpTool,
  PutGrantRequest,
  UpstreamAuthInput,
} from '@portcullis/sdk';

export type InvitationPreview = z.infer<typeof InvitationPreview>;
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
export type AcceptInvitationRequest = z.input<typeof AcceptInvitationRequest>;
export type MemberList = z.infer<typeof MemberList>;
export type InvitationList = z.infer<typeof InvitationList>;
export type ApiTokenList = z.infer<typeof ApiTokenList>;
export type SessionList = z.infer<typeof SessionList>;

// MCP servers and their tools
export type McpServerList = z.infer<typeof McpServerList>;
export type McpToolList = z.infer<typeof McpToolList>;
export type UpdateServerRequest = z.input<typeof UpdateServerRequest>;
export type TestConnectionRequest = z.input<typeof TestConnectionRequest>;
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;
export type SyncResponse = z.infer<typeof SyncResponse>;
export type ToolDefinition = z.infer<typeof McpToolList>['items'][number]['definition'];

// Agents and their credentials
export type AgentList = z.infer<typeof AgentList>;
export type AuthMethod = z.infer<typeof AuthMethod>;
export type UpdateAgentRequest = z.input<typeof UpdateAgentRequest>;
export type ClientSecret = z.infer<typeof ClientSecret>;
export type ClientSecretList = z.infer<typeof ClientSecretList>;
export type CreateSecretRequest = z.input<typeof CreateSecretRequest>;
export type CreatedClientSecret = z.infer<typeof CreatedClientSecret>;
export type UpdateSecretRequest = z.input<typeof UpdateSecretRequest>;
export type AddKeyRequest = z.input<typeof AddKeyRequest>;
export type AgentKey = z.infer<typeof AgentKey>;
export type AgentKeyList = z.infer<typeof AgentKeyList>;
export type AgentApiKey = z.infer<typeof AgentApiKey>;
export type AgentApiKeyList = z.infer<typeof AgentApiKeyList>;
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequest>;
export type CreatedAgentApiKey = z.infer<typeof CreatedAgentApiKey>;
/** What a grant or an API key scope allows on one server: every tool, or the named ones. */
export type ToolSelection = '*' | string[];

// The tenant's token signing keys
export type SigningKey = z.infer<typeof SigningKeyView>;
export type SigningKeyList = z.infer<typeof SigningKeyList>;
export type RotateKeysRequest = z.input<typeof RotateKeysRequest>;
export type RotateKeysResponse = z.infer<typeof RotateKeysResponse>;

// The audit trail
export type { AuditEventView } from '@portcullis/sdk';
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
export type JobView = z.infer<typeof JobViewSchema>;
export type JobProgress = JobView['progress'];
export type AuditStats = z.infer<typeof AuditStats>;
export type AuditOutcome = NonNullable<z.input<typeof AuditQuery>['outcome']>;

// Policies
export type { PolicyView } from '@portcullis/sdk';
export type PolicyKind = z.infer<typeof PolicyView>['kind'];
export type PolicyMode = z.infer<typeof PolicyView>['mode'];
export type PolicyTarget = z.infer<typeof PolicyView>['target'];
export type PolicyDraft = z.input<typeof PolicyDraft>;
export type PolicyValidation = z.infer<typeof PolicyValidation>;
export type SimulatedCall = z.input<typeof SimulatedCall>;
export type SimulateRequest = z.input<typeof SimulateRequest>;
export type DecisionView = z.infer<typeof DecisionView>;
export type BacktestRequest = z.input<typeof BacktestRequest>;
export type BacktestResult = z.infer<typeof BacktestResult>;

// People's MCP clients: consents, registered clients, member grants
export type { ClientRegistration, Consent, MemberGrant, OAuthClientView, PutMemberGrantRequest, UpdateTenantRequest } from '@portcullis/sdk';
export type AuthorizationRequest = z.infer<typeof AuthorizationRequestView>;
export type ConsentList = z.infer<typeof ConsentList>;
export type OAuthClientList = z.infer<typeof OAuthClientList>;
export type UpdateOAuthClientRequest = z.input<typeof UpdateOAuthClientRequest>;
export type MemberGrantList = z.infer<typeof MemberGrantList>;
