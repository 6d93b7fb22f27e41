'use client';
// A download whose progress the console can show: the NDJSON export says how many events it
// holds (X-Audit-Events); the body is read as it streams, its lines counted, then saved as a file.
// The file is assembled in the browser's memory: fine for the console's use, while a very large
// trail is better fetched with curl (the README's export command), which streams to disk.
import { networkError, problemFromResponse } from './problem';
import type { JobProgress } from '@portcullis/sdk';

const NEWLINE = 0x0a;

function filenameOf(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}

export async function downloadWithProgress(
  url: string,
  fallbackName: string,
  onProgress: (p: JobProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError(e);
  }
  if (!response.ok || !response.body) {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw problemFromResponse(response.status, response.headers, body);
  }
  const total = Number(response.headers.get('X-Audit-Events') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let lines = 0;
  onProgress({ done: 0, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    for (let i = 0; i < value.length; i++) if (value[i] === NEWLINE) lines++;
    // The header and checkpoint lines come first: the count is clamped to the events.
    onProgress({ done: Math.min(lines, total), total });
  }
  const href = URL.createObjectURL(
    new Blob(chunks, { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }),
  );
  const link = document.createElement('a');
  link.href = href;
  link.download = filenameOf(response.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
