// Which bind addresses count as "this machine only" (no token required).
// 0.0.0.0 and :: listen on every interface, so they are NOT loopback.
import 'server-only';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isLoopbackV4(host: string): boolean {
  const m = IPV4.exec(host);
  if (!m) return false;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) && octets[0] === 127;
}

export function isLoopbackHost(raw: string): boolean {
  const host = raw
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (host.startsWith('::ffff:')) return isLoopbackV4(host.slice('::ffff:'.length));
  return isLoopbackV4(host);
}
