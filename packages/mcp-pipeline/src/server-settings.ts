// What a server may send to agents beyond answers: requests to the agent's host (sampling,
// elicitation, roots) and log messages. Each is off until an admin turns it on for the server.
export const SERVER_MESSAGE_KINDS = ['sampling', 'elicitation', 'roots', 'logging'] as const;
export type ServerMessageKind = (typeof SERVER_MESSAGE_KINDS)[number];

export interface ServerSettings {
  allows: ReadonlySet<ServerMessageKind>;
  /** True when the server may send any request to agents, so agents may answer. */
  clientAnswers: boolean;
}

export function serverSettings(kinds: readonly string[]): ServerSettings {
  const allows = new Set(
    kinds.filter((k): k is ServerMessageKind => (SERVER_MESSAGE_KINDS as readonly string[]).includes(k)),
  );
  return {
    allows,
    clientAnswers: allows.has('sampling') || allows.has('elicitation') || allows.has('roots'),
  };
}
