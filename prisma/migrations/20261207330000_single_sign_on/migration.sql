-- Single sign-on with OpenID Connect, one identity provider per tenant.
CREATE TABLE "SsoConnection" (
    "tenantId" UUID NOT NULL,
    "issuer" VARCHAR(2048) NOT NULL,
    "clientId" VARCHAR(255) NOT NULL,
    "clientSecret" VARCHAR(2048),
    "allowedDomains" VARCHAR(253)[],
    "defaultRole" "Role" NOT NULL DEFAULT 'auditor',
    "groupsClaim" VARCHAR(100) NOT NULL DEFAULT 'groups',
    "groupRoles" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "ssoRequired" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "SsoConnection_pkey" PRIMARY KEY ("tenantId")
);
ALTER TABLE "SsoConnection" ADD CONSTRAINT "SsoConnection_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- People who only sign in through their identity provider have no password.
ALTER TABLE "User" ALTER COLUMN "passwordHash" DROP NOT NULL;
ALTER TABLE "Session" ADD COLUMN "ssoTenantId" UUID;
