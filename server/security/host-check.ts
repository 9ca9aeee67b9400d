// Which Host a request may name. Without a token the dashboard is for this machine only, so
// it answers only to loopback names (127.x, localhost, [::1]): a DNS-rebinding page
// (Host: evil.example) and an accidental `next start -H 0.0.0.0` reached from the network are
// both refused, whatever started the server. With a token, the Host must be the bind address
// (any, for a wildcard bind: the token then guards), a loopback name, or an allowed origin's.
import 'server-only';
import { isLoopbackHost } from '@/server/config/loopback';

export type HostCheck = { ok: true } | { ok: false; reason: string };

/** "127.0.0.1:3000" → "127.0.0.1"; "[::1]:3000" → "::1"; null for a malformed header. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h);
  if (bracketed) return bracketed[1]!;
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return plain ? plain[1]! : null;
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

export function checkHost(
  header: string | null,
  env: { LBWEB_HOST: string; LBWEB_TOKEN?: string; LBWEB_ALLOWED_ORIGINS: readonly string[] },
): HostCheck {
  const name = header ? hostName(header) : null;
  if (!name) return { ok: false, reason: `the request has no valid Host header (${JSON.stringify(header)})` };
  if (isLoopbackHost(name)) return { ok: true };
  if (!env.LBWEB_TOKEN) {
    return {
      ok: false,
      reason:
        `Host ${header} is not this machine: without LBWEB_TOKEN lb-web answers only to 127.0.0.1, localhost ` +
        'and [::1] (set LBWEB_TOKEN to serve other hosts)',
    };
  }
  const bind = env.LBWEB_HOST.toLowerCase();
  if (WILDCARD.has(bind) || hostName(bind) === name) return { ok: true };
  if (env.LBWEB_ALLOWED_ORIGINS.some((o) => new URL(o).hostname.replace(/^\[|\]$/g, '') === name)) return { ok: true };
  return {
    ok: false,
    reason: `Host ${header} is neither the bind address ${env.LBWEB_HOST} nor an allowed origin (LBWEB_ALLOWED_ORIGINS)`,
  };
}
