// Fixed data the tools return, exported so tests (here and in the gateway) can assert on it.

/** Luhn-valid Visa test number; guardrail/redaction tests look for it in responses. */
export const TEST_CARD_NUMBER = '4111 1111 1111 1111';

export interface CustomerRecord {
  id: string;
  name: string;
  email: string;
  phone: string;
  card: { number: string; expiry: string; holder: string };
  address: { line1: string; city: string; postcode: string; country: string };
  tier: 'standard' | 'gold';
  createdAt: string;
}

/** The same id always gives the same record, so responses can be compared byte for byte. */
export function customerRecord(id: string): CustomerRecord {
  const slug =
    id
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'customer';
  return {
    id,
    name: 'Ada Lovelace',
    email: `${slug}@example.com`,
    phone: '+1 202-555-0143',
    card: { number: TEST_CARD_NUMBER, expiry: '12/30', holder: 'ADA LOVELACE' },
    address: { line1: '12 St James Square', city: 'London', postcode: 'SW1Y 4JH', country: 'GB' },
    tier: id.length % 2 === 0 ? 'gold' : 'standard',
    createdAt: '2024-01-15T09:30:00.000Z',
  };
}

const LINE = 'The quick brown fox jumps over the lazy dog. 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ\n';

/** Exactly `kilobytes * 1024` ASCII characters of repeated, recognisable text. */
export function bigText(kilobytes: number): string {
  const size = kilobytes * 1024;
  return LINE.repeat(Math.ceil(size / LINE.length)).slice(0, size);
}

export const README_URI = 'docs://readme';

export const README_TEXT = `# Example MCP server

A small server used by Portcullis to test and benchmark its MCP gateway.

Tools: echo, add, get_customer, slow_count, big_result, whoami.
Prompt: summarize_topic. Resource: ${README_URI}.
`;
