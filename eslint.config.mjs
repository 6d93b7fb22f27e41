// One ESLint configuration for the whole workspace (flat config).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The only files of apps/api/src that may inject the unscoped database client (PLATFORM_DB) and
 * run raw SQL without tenantSql: each is cross-tenant by nature, for the reason given. Everything
 * they do for one tenant once they know it still goes through a tenant-scoped client.
 */
const PLATFORM_DB_ALLOWED = [
  // Where the client is made and provided; DatabaseProbe's `SELECT 1` reads no tenant.
  'apps/api/src/infra/database.ts',
  'apps/api/src/infra/core.module.ts',
  // Sign-in: people, sessions, passwords and second factors belong to no tenant.
  'apps/api/src/auth/auth.service.ts',
  'apps/api/src/auth/email-tokens.ts',
  'apps/api/src/auth/passkeys.service.ts',
  'apps/api/src/auth/password.service.ts',
  'apps/api/src/auth/second-factor.service.ts',
  'apps/api/src/auth/sessions.service.ts',
  'apps/api/src/auth/signup.service.ts',
  'apps/api/src/auth/strategies.ts',
  'apps/api/src/auth/totp.service.ts',
  // Single sign-on: the flow finds its tenant by slug before anyone is signed in.
  'apps/api/src/sso/sso-signin.service.ts',
  // Creating a tenant: the slug is unique across tenants.
  'apps/api/src/tenants/tenants.service.ts',
  // Credentials found by what is presented (a token's hash, an agent's client_id, a tenant's
  // slug in the issuer): the credential names the tenant.
  'apps/api/src/api-tokens/api-tokens.service.ts',
  'apps/api/src/gateway/api-keys.ts',
  'apps/api/src/oauth/client-registry.ts',
  'apps/api/src/oauth/tenant-directory.ts',
  'apps/api/src/members/members.service.ts',
  // A person's own consents, across their organizations.
  'apps/api/src/people/consents.service.ts',
  // Workers' fan-out over every tenant, and deliveries found by id alone (the queue's job).
  'apps/api/src/audit-trail/audit.processor.ts',
  'apps/api/src/maintenance/maintenance.processor.ts',
  'apps/api/src/servers/sync.processor.ts',
  'apps/api/src/audit/sink-delivery.service.ts',
  // The platform's own figures: the audit backlog of every tenant.
  'apps/api/src/audit/audit-lag.ts',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/src/generated/**', '**/node_modules/**', '**/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Nest's DI reads constructor parameter types at runtime: type-only imports would break it.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Tenant scoping by construction: a provider reads a tenant's rows through a tenant-scoped
    // client (TenantContext.db, TenantDbFactory.forTenant) and runs raw SQL through tenantSql
    // (@portcullis/db), which refuses a statement that does not name its tenant. The unscoped
    // client is for what is cross-tenant by nature: the files in PLATFORM_DB_ALLOWED below.
    files: ['apps/api/src/**/*.ts'],
    ignores: PLATFORM_DB_ALLOWED,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/infra/database'],
              importNames: ['PLATFORM_DB', 'PlatformDb'],
              message:
                'The unscoped client reads every tenant: use TenantContext.db or TenantDbFactory.forTenant, or add the file to PLATFORM_DB_ALLOWED (eslint.config.mjs) with the reason it is cross-tenant.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^\\$(queryRaw|executeRaw)(Unsafe)?$/]',
          message:
            'Raw SQL on tenant data goes through tenantSql(db, tenantId) from @portcullis/db: it refuses a statement that does not name its tenant.',
        },
      ],
    },
  },
  {
    // The console's React code: the two classic hook rules (the compiler-oriented ones of v7 are not adopted).
    files: ['apps/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['scripts/**', 'bench/**', 'e2e/**', '**/*.test.ts', '**/test/**'],
    // Tests read arbitrary JSON answers; typing every response body would add noise, not safety.
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
