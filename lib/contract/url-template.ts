// lb's gateway/Prometheus URL resolution (lb_plugins/plugins/peva_faas/generator.py,
// `_resolve_url_template`): `{host.address}` becomes the k3s host's address, then a URL whose
// host is 127.0.0.1, localhost or 0.0.0.0 gets that address instead (port, path and query kept).
// lb takes the address from `k3s_host`; lb-web from the provisioned k3s host (server/runs/agent-plan.ts).

export const HOST_ADDRESS_PLACEHOLDER = '{host.address}';
/** Hosts lb replaces with the k3s address (`_replace_localhost`). */
export const LOCAL_HOSTNAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '0.0.0.0']);
/** lb's defaults (DfaasConfig): the k3s host's OpenFaaS and Prometheus NodePorts. */
export const LB_GATEWAY_URL = 'http://127.0.0.1:31112';
export const LB_PROMETHEUS_URL = 'http://127.0.0.1:30411';
export const LB_GATEWAY_PORT = 31112;
export const LB_PROMETHEUS_PORT = 30411;

/** The parts of Python's urlparse this needs: scheme, netloc (between `//` and the path) and the rest. */
interface UrlParts {
  scheme: string;
  netloc: string;
  rest: string;
  /** Python's `hostname`: lower-cased, without user info, brackets or port. */
  hostname: string;
  /** Python's `port`: undefined when absent, null when not a valid port (Python raises). */
  port: number | undefined | null;
}

const URL_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;

export function splitUrl(url: string): UrlParts | null {
  const m = URL_RE.exec(url);
  if (!m || m[2] === '') return null;
  const netloc = m[2]!;
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1);
  let hostname: string;
  let port: string;
  if (hostinfo.includes('[')) {
    const bracketed = hostinfo.slice(hostinfo.indexOf('[') + 1);
    const close = bracketed.indexOf(']');
    hostname = close < 0 ? bracketed : bracketed.slice(0, close);
    const after = close < 0 ? '' : bracketed.slice(close + 1);
    port = after.includes(':') ? after.slice(after.indexOf(':') + 1) : '';
  } else {
    const colon = hostinfo.indexOf(':');
    hostname = colon < 0 ? hostinfo : hostinfo.slice(0, colon);
    port = colon < 0 ? '' : hostinfo.slice(colon + 1);
  }
  let portNumber: number | undefined | null;
  if (port === '') portNumber = undefined;
  else if (/^[0-9]+$/.test(port) && Number(port) <= 65535) portNumber = Number(port);
  else portNumber = null;
  return { scheme: m[1]!.toLowerCase(), netloc, rest: m[3]!, hostname: hostname.toLowerCase(), port: portNumber };
}

/** An address as a URL host: IPv6 literals get brackets (lb writes them bare, which no URL parser accepts). */
const urlHost = (address: string): string =>
  address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;

/**
 * lb's `_resolve_url_template(url)` with `hostAddress` as the resolved k3s address. An empty
 * address leaves local hosts alone (lb: the same); a URL without scheme or host is returned
 * as it is after the placeholder step.
 */
export function resolveUrlTemplate(url: string, hostAddress: string): string {
  const replaced = url.includes(HOST_ADDRESS_PLACEHOLDER) ? url.split(HOST_ADDRESS_PLACEHOLDER).join(hostAddress) : url;
  const parts = splitUrl(replaced);
  if (!parts || !LOCAL_HOSTNAMES.has(parts.hostname) || !hostAddress) return replaced;
  // lb raises on an invalid port here (urlparse's .port); the config schema refuses such URLs first.
  if (parts.port === null) return replaced;
  // Python keeps the port only when it is truthy (port 0 is dropped), and drops any user info.
  const netloc = parts.port ? `${urlHost(hostAddress)}:${parts.port}` : urlHost(hostAddress);
  return `${parts.scheme}://${netloc}${parts.rest}`;
}

/** The host of a URL (no brackets), or null: how lb-web learns the k3s address from a pair's gateway URL. */
export function urlHostname(url: string): string | null {
  const parts = splitUrl(url);
  return parts && parts.hostname ? parts.hostname : null;
}

/**
 * The URL the agent uses for one endpoint. lb's resolution first; then a URL that names the
 * k3s host at lb's NodePort for that endpoint (31112 / 30411: lb's defaults and its sample
 * configs' `http://{host.address}:31112`) means "the k3s host's gateway / Prometheus", which
 * is the provider's URL. On multipass the two are the same URL; the local provider serves its
 * stack on other ports of 127.0.0.1, so this is what makes lb's configs run there (ours).
 */
export function resolveEndpointUrl(
  configured: string,
  k3sAddress: string,
  nodePort: number,
  providerUrl: string,
): string {
  const resolved = resolveUrlTemplate(configured, k3sAddress);
  const parts = splitUrl(resolved);
  if (!parts || resolved === providerUrl) return resolved;
  const samePath = parts.rest === '' || parts.rest === '/';
  const sameHost = parts.hostname === k3sAddress.toLowerCase().replace(/^\[|\]$/g, '');
  return sameHost && parts.port === nodePort && parts.scheme === 'http' && samePath ? providerUrl : resolved;
}
