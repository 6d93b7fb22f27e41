// Why a token was refused. Messages name the failed check, never the token or a key.

export type TokenRejectionReason =
  | 'malformed'
  | 'bad_algorithm'
  | 'bad_type'
  | 'unknown_key'
  | 'bad_signature'
  | 'bad_issuer'
  | 'bad_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_claim'
  /** The key set could not be fetched: the token may be good, but cannot be checked now. */
  | 'keys_unavailable';

export class TokenVerificationError extends Error {
  override readonly name = 'TokenVerificationError';

  constructor(
    readonly reason: TokenRejectionReason,
    message: string,
  ) {
    super(message);
  }

  /** The OAuth error for the WWW-Authenticate challenge (RFC 6750 section 3.1). */
  get oauthError(): 'invalid_token' | 'temporarily_unavailable' {
    return this.reason === 'keys_unavailable' ? 'temporarily_unavailable' : 'invalid_token';
  }
}
