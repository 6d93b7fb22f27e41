// Tokens per (resource, scope): served from memory, refreshed ahead of expiry in the background,
// and fetched by exactly one request however many callers ask at once.
import type { TokenSet } from './token-endpoint.js';

export interface TokenCacheOptions {
  now: () => number;
  /** Refresh this long before expiry (at most half the token's lifetime). */
  refreshBeforeExpiryMs: number;
  /** A token this close to expiry is not handed out: clocks differ and requests take time. */
  expiryMarginMs: number;
}

interface Entry {
  token?: TokenSet;
  obtainedAt: number;
  inFlight?: Promise<TokenSet>;
}

export function cacheKey(resource: string | undefined, scope: string | undefined): string {
  return `${resource ?? ''}\n${scope ?? ''}`;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: TokenCacheOptions) {}

  /**
   * The cached token while it is fresh; past its refresh point the cached token while one request
   * refreshes it; past its usable life the outcome of that one request.
   */
  get(key: string, fetchToken: () => Promise<TokenSet>): Promise<TokenSet> {
    const now = this.options.now();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { obtainedAt: now };
      this.entries.set(key, entry);
    }
    const token = entry.token;
    if (token && now < this.refreshAt(entry, token)) return Promise.resolve(token);
    const refresh = this.refresh(entry, fetchToken);
    if (token && now < token.expiresAt - this.options.expiryMarginMs) {
      // A background refresh that fails is retried on the next call; the error reaches a caller
      // only once the current token can no longer be handed out.
      refresh.catch(() => undefined);
      return Promise.resolve(token);
    }
    return refresh;
  }

  /** Stores a token obtained elsewhere (the MCP SDK's own token request). */
  put(key: string, token: TokenSet): void {
    this.entries.set(key, { token, obtainedAt: this.options.now() });
  }

  /** Forgets tokens: one key, or all of them. An in-flight request still completes for its callers. */
  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private refreshAt(entry: Entry, token: TokenSet): number {
    const lifetime = token.expiresAt - entry.obtainedAt;
    return token.expiresAt - Math.min(this.options.refreshBeforeExpiryMs, lifetime / 2);
  }

  private refresh(entry: Entry, fetchToken: () => Promise<TokenSet>): Promise<TokenSet> {
    if (entry.inFlight) return entry.inFlight;
    const startedAt = this.options.now();
    const inFlight = fetchToken().then(
      (token) => {
        entry.token = token;
        entry.obtainedAt = startedAt;
        entry.inFlight = undefined;
        return token;
      },
      (error: unknown) => {
        entry.inFlight = undefined;
        throw error;
      },
    );
    entry.inFlight = inFlight;
    return inFlight;
  }
}
