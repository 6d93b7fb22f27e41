-- Resources and prompts are governed like tools: a grant names the resource URI patterns and
-- the prompt names an agent may use (the existing booleans keep meaning "all of them").
ALTER TABLE "AgentGrant" ADD COLUMN "resourcePatterns" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "AgentGrant" ADD COLUMN "promptNames" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- What a server may send to agents beyond answers (sampling, elicitation, roots, logging): none
-- until an admin enables it. And the largest answer the gateway takes from it.
ALTER TABLE "McpServer" ADD COLUMN "serverMessages" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "McpServer" ADD COLUMN "maxResponseBytes" INTEGER;

-- Set when the gateway saw the server list a tool to agents with a definition other than the
-- approved one. Such a tool stays quarantined until an admin approves it: a server that shows
-- one definition to discovery and another to agents must not be re-approved by the next sync.
ALTER TABLE "McpTool" ADD COLUMN "pinViolationAt" TIMESTAMPTZ(3);
