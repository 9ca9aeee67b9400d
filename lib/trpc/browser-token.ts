// The dashboard token in the browser: taken from `?token=` once, kept in sessionStorage
// (per tab, gone when the tab closes), then removed from the address bar so it does not
// linger in history, bookmarks or screenshots. proxy.ts also sets an HttpOnly cookie;
// this copy lets fetch send `Authorization` and EventSource send `?token=` when cookies
// are blocked.
const STORAGE_KEY = 'lbweb_token';
const QUERY_PARAM = 'token';

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled (privacy mode): fall back to the cookie alone
  }
}

/** Reads `?token=` from the current URL into sessionStorage, then returns the stored token. */
export function getBrowserToken(): string | null {
  if (typeof window === 'undefined') return null;
  const store = storage();
  const fromUrl = new URL(window.location.href).searchParams.get(QUERY_PARAM);
  if (fromUrl) {
    store?.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return store?.getItem(STORAGE_KEY) ?? null;
}

/** Call after the token has been captured (e.g. in an effect): drops `?token=` from the URL. */
export function stripTokenFromAddressBar(): void {
  if (typeof window === 'undefined') return;
  const url = new URL(window.location.href);
  if (!url.searchParams.has(QUERY_PARAM)) return;
  getBrowserToken();
  url.searchParams.delete(QUERY_PARAM);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}
