// The published JSON Schema of the governance document is the zod contract's, and current.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GovernanceDocument, governanceJsonSchema } from './governance.js';

describe('governance.schema.json', () => {
  it('is what the contract generates (run `pnpm --filter @portcullis/sdk schema` after changing it)', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../schema/governance.schema.json', import.meta.url), 'utf8'),
    );
    expect(file).toEqual(governanceJsonSchema());
  });

  it('describes the document and its parts', () => {
    const schema = governanceJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    expect(Object.keys(schema.properties)).toEqual(['version', 'servers', 'agents', 'policies', 'sinks']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('fills defaults and refuses unknown fields', () => {
    expect(GovernanceDocument.parse({ version: 1 })).toEqual({
      version: 1,
      servers: [],
      agents: [],
      policies: [],
      sinks: [],
    });
    expect(GovernanceDocument.safeParse({ version: 1, agents: [{ name: 'a', secret: 'x' }] }).success).toBe(
      false,
    );
  });
});
