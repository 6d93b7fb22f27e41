// Answers from the server, judged against the request they answer: the result must have the
// shape its method promises, lists are cut to what the caller may use, listed tools must match
// their approved definitions, and content that guardrails must read is pointed out.
import { PipelineError } from './errors';
import type { PendingRequest } from './client-messages';
import type { ResponseMessage } from './messages';
import { definitionOf, fingerprint, toolForAgents, type ToolDefinition } from './pinning';
import { promptAllowed, resourceAllowed, toolAllowed, type CallerRights } from './rights';
import { matchUriPattern } from './uri-pattern';

export interface ToolMismatch {
  name: string;
  fingerprint: string;
  definition: ToolDefinition;
}

export interface ResponseVerdict {
  message: ResponseMessage;
  /** Tools the server listed with a definition other than the approved one (hidden from the caller). */
  mismatches: ToolMismatch[];
  /** Set when response guardrails must read this before it is forwarded. */
  scan?: unknown;
  /** The protocol version an initialize answer negotiated. */
  protocolVersion?: string;
}

/** Methods whose answers carry content from the server's world (scanned by response guardrails). */
const SCANNED = new Set(['tools/call', 'resources/read', 'prompts/get', 'completion/complete']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function arrayOf(result: Record<string, unknown>, member: string, method: string): unknown[] {
  const v = result[member];
  if (!Array.isArray(v))
    throw new PipelineError('bad_result', `the server's answer to ${method} has no ${member} list`);
  return v;
}

const cursor = (result: Record<string, unknown>) =>
  typeof result.nextCursor === 'string' ? { nextCursor: result.nextCursor } : {};

// Fingerprints are memoised by the definition's JSON: a server lists the same tools again and again.
const fingerprints = new Map<string, string>();
const MAX_MEMO = 10_000;
function memoFingerprint(def: ToolDefinition): string {
  const key = JSON.stringify(def);
  let fp = fingerprints.get(key);
  if (fp === undefined) {
    fp = fingerprint(def);
    if (fingerprints.size >= MAX_MEMO) fingerprints.clear();
    fingerprints.set(key, fp);
  }
  return fp;
}

function toolsList(
  rights: CallerRights,
  result: Record<string, unknown>,
): { result: Record<string, unknown>; mismatches: ToolMismatch[] } {
  const tools: Record<string, unknown>[] = [];
  const mismatches: ToolMismatch[] = [];
  const seen = new Set<string>();
  for (const t of arrayOf(result, 'tools', 'tools/list')) {
    if (!isObject(t) || typeof t.name !== 'string' || seen.has(t.name)) continue;
    seen.add(t.name);
    if (!toolAllowed(rights, t.name)) continue;
    const definition = definitionOf(t);
    const fp = memoFingerprint(definition);
    if (fp !== rights.tools.get(t.name)!.fingerprint) {
      mismatches.push({ name: t.name, fingerprint: fp, definition });
      continue;
    }
    tools.push(toolForAgents(t.name, definition));
  }
  return { result: { tools, ...cursor(result) }, mismatches };
}

function filtered(
  list: unknown[],
  keep: (item: Record<string, unknown>) => boolean,
): Record<string, unknown>[] {
  return list.filter((item): item is Record<string, unknown> => isObject(item) && keep(item));
}

function templateAllowed(rights: CallerRights, template: string): boolean {
  const g = rights.grant.resources;
  return g === true || (Array.isArray(g) && g.some((p) => matchUriPattern(p, template)));
}

/** Judges the server's answer to `pending`. Throws PipelineError('bad_result') for a malformed one. */
export function judgeResponse(
  rights: CallerRights,
  pending: PendingRequest,
  m: ResponseMessage,
): ResponseVerdict {
  if (m.error)
    return { message: m, mismatches: [], ...(SCANNED.has(pending.method) ? { scan: m.error } : {}) };
  const result = m.result!;
  const answer = (r: Record<string, unknown>, extra: Partial<ResponseVerdict> = {}): ResponseVerdict => ({
    message: { kind: 'response', id: m.id, result: r },
    mismatches: [],
    ...extra,
  });
  switch (pending.method) {
    case 'initialize': {
      if (
        typeof result.protocolVersion !== 'string' ||
        !isObject(result.capabilities) ||
        !isObject(result.serverInfo)
      ) {
        throw new PipelineError(
          'bad_result',
          'the server answered initialize without protocolVersion, capabilities and serverInfo',
        );
      }
      return answer(result, { protocolVersion: result.protocolVersion });
    }
    case 'tools/list': {
      const { result: r, mismatches } = toolsList(rights, result);
      return { ...answer(r), mismatches };
    }
    case 'tools/call':
      arrayOf(result, 'content', 'tools/call');
      return answer(result, { scan: result });
    case 'resources/list':
      return answer({
        resources: filtered(
          arrayOf(result, 'resources', 'resources/list'),
          (r) => typeof r.uri === 'string' && resourceAllowed(rights, r.uri),
        ),
        ...cursor(result),
      });
    case 'resources/templates/list':
      return answer({
        resourceTemplates: filtered(
          arrayOf(result, 'resourceTemplates', 'resources/templates/list'),
          (t) => typeof t.uriTemplate === 'string' && templateAllowed(rights, t.uriTemplate),
        ),
        ...cursor(result),
      });
    case 'resources/read': {
      // A server answering one URI with the contents of others does not get to show them.
      const contents = filtered(
        arrayOf(result, 'contents', 'resources/read'),
        (c) => typeof c.uri === 'string' && resourceAllowed(rights, c.uri),
      );
      const r = { ...result, contents };
      return answer(r, { scan: r });
    }
    case 'prompts/list':
      return answer({
        prompts: filtered(
          arrayOf(result, 'prompts', 'prompts/list'),
          (p) => typeof p.name === 'string' && promptAllowed(rights, p.name),
        ),
        ...cursor(result),
      });
    case 'prompts/get':
      arrayOf(result, 'messages', 'prompts/get');
      return answer(result, { scan: result });
    case 'completion/complete':
      if (!isObject(result.completion) || !Array.isArray(result.completion.values)) {
        throw new PipelineError(
          'bad_result',
          "the server's answer to completion/complete has no completion values",
        );
      }
      return answer(result, { scan: result });
    default:
      return answer(result);
  }
}
