// Cross-site request forgery guard for mutations. Browsers always send Origin on a
// cross-origin POST, so an Origin that is neither our own host nor explicitly allowed is
// a page elsewhere trying to drive this dashboard. Requests with no Origin come from
// non-browser clients (CLI, curl, tests); they are allowed unless Sec-Fetch-Site says a
// browser made them cross-site.
import 'server-only';

export type OriginCheck = { ok: true } | { ok: false; reason: string };

export interface OriginCheckInput {
  origin: string | null;
  host: string | null;
  secFetchSite?: string | null;
  allowedOrigins: readonly string[];
}

export function checkOrigin(input: OriginCheckInput): OriginCheck {
  const { origin, host, secFetchSite, allowedOrigins } = input;
  if (origin === null) {
    if (secFetchSite && secFetchSite !== 'same-origin' && secFetchSite !== 'none') {
      return { ok: false, reason: `cross-site request without Origin (Sec-Fetch-Site: ${secFetchSite})` };
    }
    return { ok: true };
  }
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    // "null" (sandboxed iframes, file://) lands here too.
    return { ok: false, reason: `Origin "${origin}" is not a valid origin` };
  }
  if (allowedOrigins.includes(parsed.origin)) return { ok: true };
  if (host && parsed.host.toLowerCase() === host.trim().toLowerCase()) return { ok: true };
  return {
    ok: false,
    reason: `Origin ${parsed.origin} does not match Host ${host ?? '(none)'}; add it to LBWEB_ALLOWED_ORIGINS if it is trusted`,
  };
}

export function checkRequestOrigin(headers: Headers, allowedOrigins: readonly string[]): OriginCheck {
  return checkOrigin({
    origin: headers.get('origin'),
    host: headers.get('x-forwarded-host') ?? headers.get('host'),
    secFetchSite: headers.get('sec-fetch-site'),
    allowedOrigins,
  });
}
