// Fetching a Client ID Metadata Document: the one outbound request the authorization server
// makes on a client's say-so, so it is the SSRF seam.
//
// MERGE NOTE (issue 14 / outbound10): `fetchClientMetadata` is the only place that goes out.
// Replace its body with the platform's shared SSRF-safe JSON fetch (resolve once, refuse
// private/loopback/metadata addresses, connect to the checked address, no redirects, at most
// MAX_DOCUMENT_BYTES within TIMEOUT_MS). This interim version checks the URL with
// checkUpstreamUrl and then lets fetch resolve the host again, so a DNS answer that changes
// between the check and the connection (rebinding) is not caught here.
import { UpstreamUrlError, checkUpstreamUrl } from '@portcullis/auth-core';

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

export interface FetchOptions {
  /** Local development and tests (ALLOW_LOOPBACK_UPSTREAMS): a document on 127.0.0.1. */
  allowLoopback: boolean;
}

export async function fetchClientMetadata(url: string, options: FetchOptions): Promise<FetchedClientMetadata> {
  try {
    await checkUpstreamUrl(url, { allowLoopback: options.allowLoopback, allowPrivate: false });
  } catch (e) {
    if (e instanceof UpstreamUrlError) throw new ClientMetadataFetchError(`the metadata document's address is not allowed: ${e.message}`);
    throw e;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      redirect: 'error',
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ClientMetadataFetchError('the metadata document could not be fetched (unreachable, too slow, or redirected)');
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new ClientMetadataFetchError(`the metadata document answered HTTP ${res.status}`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) {
    await res.body?.cancel().catch(() => undefined);
    throw new ClientMetadataFetchError('the metadata document is not application/json');
  }
  const text = await readCapped(res, MAX_DOCUMENT_BYTES);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ClientMetadataFetchError('the metadata document is not valid JSON');
  }
  return { document, maxAgeSec: maxAge(res.headers.get('cache-control')) };
}

async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new ClientMetadataFetchError(`the metadata document is larger than ${max} bytes`);
  }
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        throw new ClientMetadataFetchError(`the metadata document is larger than ${max} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof ClientMetadataFetchError) throw e;
    throw new ClientMetadataFetchError('the metadata document could not be read in time');
  }
  return Buffer.concat(chunks).toString('utf8');
}

function maxAge(cacheControl: string | null): number | null {
  if (!cacheControl) return null;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*(\d{1,9})\s*(,|$)/i.exec(cacheControl);
  return m ? Number(m[2]) : null;
}
