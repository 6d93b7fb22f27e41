// Resumability: a client that loses the POST's SSE stream gets the rest with GET + Last-Event-ID.
import { afterEach, describe, expect, it } from 'vitest';
import { startExampleServer, type ExampleServer } from './server.js';

interface SseEvent {
  id?: string;
  data: string;
}

/** Reads SSE events from a response body, handing each to `onEvent`; stops when it returns true. */
async function readEvents(res: Response, onEvent: (event: SseEvent) => boolean): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) event.id = line.slice(3).trim();
        if (line.startsWith('data:')) event.data += line.slice(5).trim();
      }
      if (event.data !== '' && onEvent(event)) {
        await reader.cancel();
        return;
      }
    }
  }
}

let server: ExampleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('resumable mode', () => {
  it('replays missed progress and the result after a dropped POST stream', async () => {
    server = await startExampleServer({ port: 0, resumable: true });
    const base = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(server.url, {
      method: 'POST',
      headers: base,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } },
      }),
    });
    const sessionId = init.headers.get('mcp-session-id')!;
    await init.text();
    const headers = { ...base, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
    const initialized = await fetch(server.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);

    const call = await fetch(server.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'slow_count', arguments: { to: 4, delayMs: 60 }, _meta: { progressToken: 'p1' } },
      }),
    });
    const firstLeg: number[] = [];
    let lastEventId: string | undefined;
    await readEvents(call, (event) => {
      firstLeg.push(JSON.parse(event.data).params.progress);
      lastEventId = event.id;
      return firstLeg.length === 2; // then drop the stream
    });
    expect(firstLeg).toEqual([1, 2]);
    expect(lastEventId).toBeDefined();

    // The server learns of the dropped stream asynchronously; until then a resume is a 409
    // conflict (real clients wait a reconnection delay first).
    let resumed: Response;
    for (let attempt = 0; ; attempt++) {
      resumed = await fetch(server.url, {
        headers: { ...headers, accept: 'text/event-stream', 'last-event-id': lastEventId! },
      });
      if (resumed.status !== 409 || attempt === 40) break;
      await resumed.text();
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(resumed.status).toBe(200);
    const secondLeg: unknown[] = [];
    await readEvents(resumed, (event) => {
      const message = JSON.parse(event.data);
      secondLeg.push(message.id === 2 ? message.result.content[0].text : message.params.progress);
      return message.id === 2;
    });
    expect(secondLeg).toEqual([3, 4, '4']);
  });

  it('refuses an unknown Last-Event-ID', async () => {
    server = await startExampleServer({ port: 0, resumable: true });
    const init = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } },
      }),
    });
    await init.text();
    const res = await fetch(server.url, {
      headers: {
        accept: 'text/event-stream',
        'mcp-session-id': init.headers.get('mcp-session-id')!,
        'mcp-protocol-version': '2025-11-25',
        'last-event-id': 'nope',
      },
    });
    expect(res.status).toBe(400);
  });
});
