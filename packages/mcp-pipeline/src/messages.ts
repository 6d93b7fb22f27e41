// JSON-RPC 2.0 messages as the gateway sees them: each one classified as a request, a
// notification or a response, checked for shape, and rebuilt from the fields it knows, so what
// is forwarded is exactly what was classified (unknown top-level members are dropped).
import { PipelineError } from './errors';

export type JsonRpcId = string | number;

export interface RequestMessage {
  kind: 'request';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface NotificationMessage {
  kind: 'notification';
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface ResponseMessage {
  kind: 'response';
  /** null only in an error answering a request whose id could not be read. */
  id: JsonRpcId | null;
  result?: Record<string, unknown>;
  error?: RpcErrorObject;
}

export type Message = RequestMessage | NotificationMessage | ResponseMessage;

export const MAX_METHOD_LENGTH = 128;
export const MAX_ID_LENGTH = 256;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Printable ASCII only: a method name with control characters, NUL or non-ASCII is refused. */
const METHOD = /^[\x21-\x7e]+$/;

function readId(v: unknown): JsonRpcId {
  if (typeof v === 'string') {
    if (v.length > MAX_ID_LENGTH)
      throw new PipelineError('too_long', `a JSON-RPC id is longer than ${MAX_ID_LENGTH} characters`);
    return v;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  throw new PipelineError('invalid_message', 'a JSON-RPC id must be a string or an integer');
}

function readMethod(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0)
    throw new PipelineError('invalid_message', 'method must be a non-empty string');
  if (v.length > MAX_METHOD_LENGTH)
    throw new PipelineError('too_long', `method is longer than ${MAX_METHOD_LENGTH} characters`);
  if (!METHOD.test(v)) throw new PipelineError('invalid_message', 'method must be printable ASCII');
  return v;
}

function readParams(v: unknown): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  // MCP sends named parameters only; positional (array) params have no meaning here.
  if (!isObject(v)) throw new PipelineError('invalid_message', 'params must be an object');
  return v;
}

function readError(v: unknown): RpcErrorObject {
  if (!isObject(v) || !Number.isSafeInteger(v.code) || typeof v.message !== 'string') {
    throw new PipelineError('invalid_message', 'error must have an integer code and a string message');
  }
  return { code: v.code as number, message: v.message, ...(v.data !== undefined ? { data: v.data } : {}) };
}

/** Classifies one parsed JSON-RPC message, or throws PipelineError('invalid_message'). */
export function classify(value: unknown): Message {
  if (!isObject(value) || value.jsonrpc !== '2.0')
    throw new PipelineError('invalid_message', 'expected a JSON-RPC 2.0 message');
  const hasMethod = 'method' in value;
  const hasId = 'id' in value;
  if (hasMethod) {
    if ('result' in value || 'error' in value)
      throw new PipelineError('invalid_message', 'a request cannot carry a result or an error');
    const method = readMethod(value.method);
    const params = readParams(value.params);
    if (!hasId) return { kind: 'notification', method, ...(params ? { params } : {}) };
    return { kind: 'request', id: readId(value.id), method, ...(params ? { params } : {}) };
  }
  const hasResult = 'result' in value;
  const hasError = 'error' in value;
  if (!hasId || hasResult === hasError)
    throw new PipelineError('invalid_message', 'a response needs an id and exactly one of result or error');
  if (hasResult) {
    if (!isObject(value.result)) throw new PipelineError('invalid_message', 'a result must be an object');
    return { kind: 'response', id: readId(value.id), result: value.result };
  }
  return { kind: 'response', id: value.id === null ? null : readId(value.id), error: readError(value.error) };
}

/** The wire form of a message: only the members it was classified with. */
export function toWire(m: Message): Record<string, unknown> {
  if (m.kind === 'request')
    return { jsonrpc: '2.0', id: m.id, method: m.method, ...(m.params ? { params: m.params } : {}) };
  if (m.kind === 'notification')
    return { jsonrpc: '2.0', method: m.method, ...(m.params ? { params: m.params } : {}) };
  return m.error
    ? { jsonrpc: '2.0', id: m.id, error: m.error }
    : { jsonrpc: '2.0', id: m.id, result: m.result };
}

export function serialize(messages: Message | readonly Message[]): string {
  return JSON.stringify(
    Array.isArray(messages) ? (messages as Message[]).map(toWire) : toWire(messages as Message),
  );
}

/** A JSON-RPC error answer, as the gateway writes its own. */
export function errorResponse(
  id: JsonRpcId | null,
  code: number,
  message: string,
  data?: unknown,
): ResponseMessage {
  return { kind: 'response', id, error: { code, message, ...(data === undefined ? {} : { data }) } };
}

/** Error codes of the gateway's own answers (implementation-defined range -32000..-32099). */
export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  notPermitted: -32001,
  upstreamUnavailable: -32002,
  upstreamTimeout: -32003,
  payloadTooLarge: -32004,
  upstreamRefused: -32005,
} as const;
