// The invitation token travels in the URL fragment, which browsers never send to a server.
// When the invitee must sign in first, it waits in sessionStorage (this tab only) meanwhile.
const KEY = 'portcullis.inviteToken';

export function readInviteToken(): string | null {
  const fromHash = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (fromHash) return fromHash;
  return window.sessionStorage.getItem(KEY);
}

export function rememberInviteToken(token: string): void {
  window.sessionStorage.setItem(KEY, token);
}

export function forgetInviteToken(): void {
  window.sessionStorage.removeItem(KEY);
}
