// A fetch that carries the agent's token: the one-line way to plug the agent into any HTTP client.
import type { FetchLike } from '../shared/as-metadata.js';
import type { AgentAuthCore } from './create-agent-auth.js';

/** Bodies that can be sent twice; a stream is consumed by the first attempt. */
function isReplayable(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof Blob ||
    body instanceof FormData
  );
}

export function createAuthFetch(agent: AgentAuthCore): FetchLike {
  return async (input, init) => {
    const url = new URL(String(input));
    const send = async () => {
      const token = await agent.getToken({ url });
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return agent.options.fetch(input, { ...init, headers });
    };
    const response = await send();
    // A 401 to a token that was just handed out means it was revoked or the keys rotated: once more
    // with a new token. A second 401 is the answer.
    if (response.status !== 401 || !isReplayable(init?.body)) return response;
    await response.body?.cancel();
    await agent.invalidate({ url });
    return send();
  };
}
