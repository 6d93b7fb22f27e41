// Tokens already verified, kept until they expire: an agent presents the same token on every call
// of its lifetime, and its signature need not be checked again. Refusals are never kept.

export class VerifiedTokenCache<T extends { expiresAt: number; notBefore?: number }> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxEntries: number) {}

  /** The entry while its time window holds (`nowS` in epoch seconds, with the clock tolerance). */
  get(token: string, nowS: number, toleranceS: number): T | 'expired' | 'not_yet_valid' | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= nowS - toleranceS) {
      this.entries.delete(token);
      return 'expired';
    }
    if (entry.notBefore !== undefined && entry.notBefore > nowS + toleranceS) return 'not_yet_valid';
    return entry;
  }

  set(token: string, value: T): void {
    if (this.maxEntries <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Oldest first (a Map iterates in insertion order): cheap, and old tokens expire first anyway.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, value);
  }

  clear(): void {
    this.entries.clear();
  }
}
