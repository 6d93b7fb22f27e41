-- Every admin API token expires. Tokens made without an expiry get 90 days from now to be rotated.
UPDATE "AdminApiToken" SET "expiresAt" = now() + interval '90 days' WHERE "expiresAt" IS NULL;
ALTER TABLE "AdminApiToken" ALTER COLUMN "expiresAt" SET NOT NULL;

-- Single-use links sent by e-mail: sign-up verification and password reset.
CREATE TYPE "EmailTokenPurpose" AS ENUM ('signup', 'password_reset');

CREATE TABLE "EmailToken" (
    "id" UUID NOT NULL,
    "purpose" "EmailTokenPurpose" NOT NULL,
    "tokenHash" VARCHAR(64) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "userId" UUID,
    "payload" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    CONSTRAINT "EmailToken_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "EmailToken_tokenHash_key" ON "EmailToken"("tokenHash");
CREATE INDEX "EmailToken_email_purpose_idx" ON "EmailToken"("email", "purpose");
CREATE INDEX "EmailToken_expiresAt_idx" ON "EmailToken"("expiresAt");
ALTER TABLE "EmailToken" ADD CONSTRAINT "EmailToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
