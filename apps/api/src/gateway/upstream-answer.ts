// Reading what the server sent back and writing the agent's answer. The gateway decides the
// body's kind from a strict reading of its media type (what clients would otherwise guess),
// parses every message once, hands each to ServerSide, and writes only what came out, in its
// own framing and with its own Content-Type. Nothing of the upstream's bytes is relayed as is.
import type { FastifyReply } from 'fastify';
import type { Dispatcher } from 'undici';
import {
  PipelineError,
  SseParser,
  classify,
  formatEvent,
  parseJsonStrict,
  serialize,
  type Message,
  type ResponseMessage,
} from '@portcullis/mcp-pipeline';
import { OutboundError, ResponseLimitError } from '@portcullis/outbound';
import type { CallLog } from './call-log';
import type { ServerSide } from './server-side';
import { classifyUpstreamError } from './upstream-client';

export type BodyKind = 'json' | 'sse' | 'none' | 'other';

/** `application/json; charset=utf-8` is json; `application/json, text/event-stream` is neither (refused). */
export function bodyKind(contentType: unknown): BodyKind {
  if (contentType === undefined) return 'none';
  if (typeof contentType !== 'string') return 'other';
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'text/event-stream') return 'sse';
  return 'other';
}

/** What an agent is told of an answer that failed while it was read (limits come from the outbound path). */
export function failureOf(e: unknown): 'too_large' | 'timeout' | 'unavailable' {
  if (e instanceof OutboundError && (e.code === 'response_too_large' || e.code === 'event_too_large'))
    return 'too_large';
  return classifyUpstreamError(e);
}

/** A safe summary of why a stream failed (an OutboundError says it in its own words; anything else is generic). */
function streamFailure(e: unknown): string {
  return e instanceof OutboundError ? e.message : 'the stream failed';
}

/** The whole body. The outbound path ends it with an OutboundError past the answer limit; `max` guards again. */
export async function readLimited(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      throw new ResponseLimitError('response_too_large', `the answer is larger than ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body or SSE event data into messages (one, or a batch). */
export function messagesOf(text: string): { batch: boolean; messages: Message[] } {
  const value = parseJsonStrict(text);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new PipelineError('invalid_message', 'an empty batch');
    return { batch: true, messages: value.map(classify) };
  }
  return { batch: false, messages: [classify(value)] };
}

/**
 * A JSON answer: judged message by message. Requests the server left unanswered get an error,
 * so the agent never waits for an answer that was refused or never came.
 */
export async function judgeJsonAnswer(
  text: string,
  side: ServerSide,
  log: CallLog,
): Promise<ResponseMessage[]> {
  const out: ResponseMessage[] = [];
  if (text.trim() !== '') {
    let parsed: { messages: Message[] };
    try {
      parsed = messagesOf(text);
    } catch (e) {
      log.server({
        method: 'response',
        outcome: 'error',
        reason: e instanceof PipelineError ? e.message : 'unreadable answer',
      });
      parsed = { messages: [] };
    }
    for (const m of parsed.messages) {
      // A JSON answer carries answers only; a server request or notification has no place in it.
      if (m.kind !== 'response') {
        log.server({
          method: m.method,
          outcome: 'denied',
          reason: 'a request or notification inside a JSON answer',
        });
        continue;
      }
      const judged = await side.handle(m);
      if (judged) out.push(judged as ResponseMessage);
    }
  }
  return [
    ...out,
    ...side.closeUnanswered('The MCP server did not answer this request.', 'the server did not answer'),
  ];
}

/** The agent's SSE stream, fed from the server's, event by event in order, with backpressure. */
export function relaySse(
  reply: FastifyReply,
  res: Dispatcher.ResponseData,
  side: ServerSide,
  log: CallLog,
  opts: {
    first: ResponseMessage[];
    maxEventChars: number;
    /** The node is stopping: end the stream (pending requests get an error and are recorded as cut). */
    endOn?: AbortSignal;
  },
): void {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string | string[] | number>),
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  out.flushHeaders();
  const write = (text: string) => {
    if (out.destroyed || out.writableEnded) return;
    log.responseBytes += text.length;
    if (!out.write(text)) {
      res.body.pause();
      out.once('drain', () => res.body.resume());
    }
  };
  for (const r of opts.first) write(formatEvent({ data: serialize(r) }));

  const parser = new SseParser(opts.maxEventChars);
  const decoder = new TextDecoder('utf-8');
  let resumable = false;
  let ended = false;
  let chain = Promise.resolve();

  const onEvent = async (e: { id?: string; event?: string; data: string; retry?: number }) => {
    if (e.id !== undefined && e.id !== '') resumable = true;
    if (e.event !== undefined && e.event !== 'message') {
      log.server({ method: 'event', outcome: 'denied', reason: 'an SSE event of a type MCP does not use' });
      return;
    }
    if (e.data === '') {
      // A resumption marker (id only): the agent needs its id to resume.
      if (e.id !== undefined || e.retry !== undefined)
        write(formatEvent({ id: e.id, retry: e.retry, data: '' }));
      return;
    }
    let parsed: { batch: boolean; messages: Message[] };
    try {
      parsed = messagesOf(e.data);
    } catch (err) {
      log.server({
        method: 'event',
        outcome: 'error',
        reason: err instanceof PipelineError ? err.message : 'unreadable event',
      });
      return;
    }
    const judged: Message[] = [];
    for (const m of parsed.messages) {
      const j = await side.handle(m);
      if (j) judged.push(j);
    }
    if (judged.length > 0)
      write(formatEvent({ id: e.id, retry: e.retry, data: serialize(parsed.batch ? judged : judged[0]!) }));
  };

  const finish = (failure?: string) => {
    if (ended) return;
    ended = true;
    chain = chain.then(() => {
      // A resumable server may end a stream before answering (the agent resumes with GET);
      // otherwise, and whenever the stream failed, the agent gets an error for each request.
      if (failure !== undefined || !resumable) {
        for (const r of side.closeUnanswered(
          `The MCP server's stream ended without an answer${failure ? `: ${failure}` : ''}.`,
          failure ?? 'the stream ended without an answer',
        )) {
          write(formatEvent({ data: serialize(r) }));
        }
      }
      if (!out.destroyed) out.end();
    });
  };

  res.body.on('data', (chunk: Buffer) => {
    if (ended) return;
    let events;
    try {
      events = parser.push(decoder.decode(chunk, { stream: true }));
    } catch (err) {
      res.body.destroy();
      finish(err instanceof PipelineError ? err.message : 'unreadable stream');
      return;
    }
    for (const e of events) chain = chain.then(() => onEvent(e)).catch(() => undefined);
  });
  const stop = () => {
    res.body.destroy();
    finish('the gateway node is shutting down');
  };
  if (opts.endOn?.aborted) stop();
  else opts.endOn?.addEventListener('abort', stop, { once: true });
  out.once('close', () => opts.endOn?.removeEventListener('abort', stop));
  res.body.on('end', () => finish());
  res.body.on('error', (err: Error) => finish(streamFailure(err)));
  // The agent went away: stop reading the server (its pending requests stay resumable).
  out.on('close', () => {
    if (!out.writableEnded) {
      ended = true;
      res.body.destroy();
    }
  });
}
