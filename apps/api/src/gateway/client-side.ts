// The agent's POST body, read once: strict JSON, every message classified, batch rules, then
// each message authorized against the caller's rights. What comes out is the list of messages
// that may go on (re-serialized from what was judged), the refusals to answer, and a record
// per message for the audit trail.
import {
  PipelineError,
  RPC,
  authorizeClientMessage,
  checkBatch,
  errorResponse,
  parseJsonStrict,
  classify,
  type CallerRights,
  type ClientVerdict,
  type Message,
  type ResponseMessage,
  type ServerSettings,
} from '@portcullis/mcp-pipeline';
import type { CallRecord } from './call-log';

export interface ClientMessages {
  batch: boolean;
  messages: Message[];
}

/** Parses and classifies the body; throws PipelineError with the reason to answer. */
export function readClientMessages(raw: Buffer, protocolVersion: string | undefined): ClientMessages {
  const value = parseJsonStrict(raw.toString('utf8'));
  if (!Array.isArray(value)) return { batch: false, messages: [classify(value)] };
  const messages = value.map(classify);
  checkBatch(messages, protocolVersion);
  return { batch: true, messages };
}

/** The JSON-RPC error code for a refused body. */
export function bodyErrorCode(e: PipelineError): number {
  return e.code === 'parse_error' || e.code === 'duplicate_key' || e.code === 'too_deep'
    ? RPC.parseError
    : RPC.invalidRequest;
}

export interface Judged {
  message: Message;
  verdict: ClientVerdict;
  record: CallRecord;
}

const MAX_ARGUMENT_NAMES = 50;

/** A record of what the agent sent: names and facts, never argument values (guardrails decide those). */
export function recordOf(m: Message, verdict: ClientVerdict): CallRecord {
  const method = m.kind === 'response' ? 'response' : m.method;
  const record: CallRecord = { from: 'agent', method, outcome: verdict.allow ? 'success' : 'denied' };
  if (!verdict.allow) record.reason = verdict.reason;
  const pending = verdict.allow ? verdict.pending : undefined;
  const params = m.kind === 'response' ? undefined : m.params;
  const tool =
    pending?.tool ?? (method === 'tools/call' && typeof params?.name === 'string' ? params.name : undefined);
  if (tool !== undefined) record.tool = tool;
  if (pending?.uri !== undefined) record.uri = pending.uri;
  if (pending?.prompt !== undefined) record.prompt = pending.prompt;
  const args = method === 'tools/call' ? params?.arguments : undefined;
  if (args && typeof args === 'object' && !Array.isArray(args))
    record.argumentNames = Object.keys(args).slice(0, MAX_ARGUMENT_NAMES);
  return record;
}

export function judgeClientMessages(
  rights: CallerRights,
  settings: ServerSettings,
  messages: readonly Message[],
): Judged[] {
  return messages.map((message) => {
    const verdict = authorizeClientMessage(rights, settings, message);
    return { message, verdict, record: recordOf(message, verdict) };
  });
}

/** The answer to a refused request (notifications and answers get none). */
export function refusalFor(m: Message, reason: string): ResponseMessage | null {
  return m.kind === 'request' ? errorResponse(m.id, RPC.notPermitted, reason) : null;
}
