// Why the pipeline refused a message. The code is for audit and tests; the message is short,
// safe to show to the agent, and never quotes the content it refused.
export type PipelineErrorCode =
  | 'parse_error'
  | 'duplicate_key'
  | 'too_deep'
  | 'invalid_message'
  | 'batch_refused'
  | 'duplicate_id'
  | 'too_long'
  | 'not_permitted'
  | 'unexpected_response'
  | 'bad_result'
  | 'quarantined'
  | 'event_too_large';

export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
  ) {
    super(message);
  }
}
