export {
  startExampleServer,
  type ExampleServer,
  type ExampleServerOptions,
  type PlatformAuthOptions,
} from './server.js';
export { createMcpServer, SERVER_INFO, MAX_BIG_RESULT_KB } from './mcp.js';
export { checkBearer, fingerprint } from './auth.js';
export { summarizeHeaders, type WhoAmI, type CredentialSummary } from './whoami.js';
export {
  TEST_CARD_NUMBER,
  README_URI,
  README_TEXT,
  bigText,
  customerRecord,
  type CustomerRecord,
} from './fixtures.js';
