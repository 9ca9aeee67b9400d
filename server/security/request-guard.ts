// The token gate shared by proxy.ts (every page, asset and API request) and, as a
// second line of defence, by the API route handlers themselves — so an API stays
// closed even if a proxy matcher is ever narrowed by mistake.
import 'server-only';
import { getEnv, type Env } from '@/server/config/env';
import { checkHost } from './host-check';
import { checkToken, TOKEN_COOKIE, type TokenCheck } from './token';

export interface GuardResult {
  /** A 401 response to return as is, or null when the request may proceed. */
  denied: Response | null;
  /** Set when the token came in `?token=`: the caller should set this cookie on its response. */
  setCookie: string | null;
}

function isHttps(req: Request): boolean {
  const forwarded = req.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0]?.trim() === 'https';
  return new URL(req.url, 'http://localhost').protocol === 'https:';
}

export function tokenCookie(value: string, secure: boolean): string {
  // Lax (not Strict): a link to the dashboard from a chat or a terminal must still
  // carry the cookie; mutations are separately protected by the Origin check.
  return `${TOKEN_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function unauthorized(check: Extract<TokenCheck, { ok: false }>): Response {
  const why = check.reason === 'missing' ? 'a token is required' : 'the token is wrong';
  return new Response(
    `401 Unauthorized: ${why}. Open the dashboard once with ?token=<LBWEB_TOKEN>, ` +
      'or send "Authorization: Bearer <LBWEB_TOKEN>".\n',
    {
      status: 401,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'www-authenticate': 'Bearer realm="lb-web"',
        'cache-control': 'no-store',
      },
    },
  );
}

function misdirected(reason: string): Response {
  return new Response(`421 Misdirected Request: ${reason}.\n`, {
    status: 421,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export function guardRequest(
  req: Request,
  env: Pick<Env, 'LBWEB_HOST' | 'LBWEB_TOKEN' | 'LBWEB_ALLOWED_ORIGINS'> = getEnv(),
): GuardResult {
  // Next builds req.url from the Host header; a Request made in-process may carry only the URL.
  const host = checkHost(req.headers.get('host') ?? new URL(req.url).host, env);
  if (!host.ok) return { denied: misdirected(host.reason), setCookie: null };
  const expected = env.LBWEB_TOKEN;
  const check = checkToken(req, expected);
  if (!check.ok) return { denied: unauthorized(check), setCookie: null };
  if (check.required && check.source === 'query' && expected) {
    return { denied: null, setCookie: tokenCookie(expected, isHttps(req)) };
  }
  return { denied: null, setCookie: null };
}

/** For route handlers: the 401 to return, or null. */
export function denyUnlessAuthorized(req: Request): Response | null {
  return guardRequest(req).denied;
}
