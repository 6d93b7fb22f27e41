// Writes schema/governance.schema.json from the document's zod contract (run after a build:
// `pnpm --filter @portcullis/sdk schema`); a test fails while the file is not current.
import { writeFileSync } from 'node:fs';
import { governanceJsonSchema } from '../dist/contracts/governance.js';

const file = new URL('../schema/governance.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(governanceJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
