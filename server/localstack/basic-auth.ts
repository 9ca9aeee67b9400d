// HTTP basic auth as an OpenFaaS gateway does it (generateBasicAuth=true): the
// credentials of the `basic-auth` secret, compared in constant time.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';

export interface BasicAuthCredentials {
  user: string;
  password: string;
}

export function parseBasicAuth(header: string | undefined): BasicAuthCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function basicAuthHeader(creds: BasicAuthCredentials): string {
  return `Basic ${Buffer.from(`${creds.user}:${creds.password}`, 'utf8').toString('base64')}`;
}

// Hashing first gives equal-length buffers, so timingSafeEqual never leaks the length.
function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** True when no auth is configured, or the header carries exactly the configured credentials. */
export function isAuthorized(header: string | undefined, expected: BasicAuthCredentials | undefined): boolean {
  if (!expected) return true;
  const given = parseBasicAuth(header);
  if (!given) return false;
  // Both comparisons always run: no early exit that would tell which part was wrong.
  const userOk = sameSecret(given.user, expected.user);
  const passwordOk = sameSecret(given.password, expected.password);
  return userOk && passwordOk;
}
