// E-mailed links carry their token in the URL fragment, which browsers never send to a server.
// Read it once, then take it out of the address bar (and so out of history and screenshots).
export function takeFragmentToken(): string | null {
  const token = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (token) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return token || null;
}
