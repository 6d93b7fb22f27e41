-- Resources and prompts are governed like tools: a grant names the resource URI patterns and
-- the prompt names an agent may use (the existing booleans keep meaning "all of them").
ALTER TABLE "AgentGrant" ADD COLUMN "resourcePatterns" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "AgentGrant" ADD COLUMN "promptNames" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- What a server may send to agents beyond answers (sampling, elicitation, roots, logging): none
-- until an admin enables it. And the largest answer the gateway takes from it.
ALTER TABLE "McpServer" ADD COLUMN "serverMessages" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "McpServer" ADD COLUMN "maxResponseBytes" INTEGER;
