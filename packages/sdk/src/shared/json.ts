// Reading small JSON documents (metadata, token answers, key sets) without trusting their size.

/** Metadata and token answers are a few kilobytes; a bigger body is refused, not buffered. */
export const MAX_JSON_BYTES = 256 * 1024;

export async function readJsonObject(response: Response, what: string): Promise<Record<string, unknown>> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_JSON_BYTES) {
    await response.body?.cancel();
    throw new Error(`${what} is larger than ${MAX_JSON_BYTES} bytes`);
  }
  const text = await response.text();
  if (text.length > MAX_JSON_BYTES) throw new Error(`${what} is larger than ${MAX_JSON_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON (HTTP ${response.status})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function optionalString(doc: Record<string, unknown>, name: string): string | undefined {
  const value = doc[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function stringList(doc: Record<string, unknown>, name: string): string[] {
  const value = doc[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
