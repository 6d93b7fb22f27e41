// Fetching a Client ID Metadata Document: the one outbound request the authorization server
// makes on a client's say-so, so it goes through the platform's outbound path (resolve once,
// refuse private, loopback unless allowed, link-local and metadata addresses, connect to the
// checked address, no redirect, at most MAX_DOCUMENT_BYTES within TIMEOUT_MS). The caller's
// Outbound never allows private addresses: the document's address is chosen by an anonymous
// client, not by a tenant's admin.
import { OutboundError, type Outbound } from '@portcullis/outbound';

export const MAX_DOCUMENT_BYTES = 8 * 1024;
export const TIMEOUT_MS = 5_000;

export class ClientMetadataFetchError extends Error {
  override readonly name = 'ClientMetadataFetchError';
}

export interface FetchedClientMetadata {
  document: unknown;
  /** Cache-Control max-age of the answer, if it gave one. */
  maxAgeSec: number | null;
}

export async function fetchClientMetadata(outbound: Outbound, url: string): Promise<FetchedClientMetadata> {
  let fetched;
  try {
    fetched = await outbound.getJson(url, { maxBytes: MAX_DOCUMENT_BYTES, timeoutMs: TIMEOUT_MS });
  } catch (e) {
    if (!(e instanceof OutboundError)) throw e;
    throw new ClientMetadataFetchError(describe(e));
  }
  const type = String(fetched.headers['content-type'] ?? '');
  if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type))
    throw new ClientMetadataFetchError('the metadata document is not application/json');
  const cacheControl = fetched.headers['cache-control'];
  return {
    document: fetched.json,
    maxAgeSec: maxAge(typeof cacheControl === 'string' ? cacheControl : null),
  };
}

/** What the person (and the client's developer) is told: the outbound path's own short summary. */
function describe(e: OutboundError): string {
  switch (e.code) {
    case 'redirect':
      return 'the metadata document could not be fetched: it redirected (redirects are not followed)';
    case 'response_too_large':
      return `the metadata document is larger than ${MAX_DOCUMENT_BYTES} bytes`;
    case 'bad_json':
      return 'the metadata document is not JSON (application/json)';
    case 'bad_status':
      return `the metadata document ${e.message.replace(/^the server /, '')}`;
    case 'forbidden_address':
    case 'invalid_url':
    case 'bad_scheme':
    case 'credentials':
    case 'unresolvable':
      return `the metadata document's address is not allowed: ${e.message}`;
    default:
      return `the metadata document could not be fetched: ${e.message}`;
  }
}

function maxAge(cacheControl: string | null): number | null {
  if (!cacheControl) return null;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*(\d{1,9})\s*(,|$)/i.exec(cacheControl);
  return m ? Number(m[2]) : null;
}
