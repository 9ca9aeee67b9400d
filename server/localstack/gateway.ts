// The OpenFaaS-compatible gateway on node:http: /function/<name> proxied to a replica,
// /system/functions, /healthz and /metrics. Like a real gateway with basic auth enabled,
// /system/* needs credentials while /function/*, /healthz and /metrics do not.
import 'server-only';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAuthorized, type BasicAuthCredentials } from './basic-auth';
import { cadvisorFamilies, FUNCTION_NAMESPACE } from './cadvisor-metrics';
import type { FunctionDeployment } from './function-deployment';
import { GatewayMetrics } from './gateway-metrics';
import { CONTENT_TYPE, renderFamilies } from './metrics-text';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 60_000;
// Hop-by-hop and framing headers are the proxy's own business on each leg.
const SKIP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

export interface GatewayOptions {
  deployments: ReadonlyMap<string, FunctionDeployment>;
  basicAuth?: BasicAuthCredentials;
  port?: number;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forwardHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || SKIP_HEADERS.has(k)) continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  headers.set('x-forwarded-host', req.headers.host ?? '');
  return headers;
}

async function proxy(
  dep: FunctionDeployment,
  metrics: GatewayMetrics,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
): Promise<void> {
  const t0 = performance.now();
  metrics.recordStart(dep.name);
  dep.recordStart();
  let status: number;
  const body = await readBody(req);
  if (body === 'too-large') {
    status = 413;
    send(res, status, `request body larger than ${MAX_BODY_BYTES} bytes\n`);
  } else {
    const replica = await dep.acquire().catch((err: unknown) => err as Error);
    if (replica instanceof Error) {
      status = 503;
      send(res, status, `${replica.message}\n`);
    } else {
      try {
        const method = req.method ?? 'GET';
        const upstream = await fetch(`http://127.0.0.1:${replica.port}${rest}`, {
          method,
          headers: forwardHeaders(req),
          body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
          signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        });
        const payload = Buffer.from(await upstream.arrayBuffer());
        status = upstream.status;
        const headers: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (!SKIP_HEADERS.has(k) && k !== 'content-encoding') headers[k] = v;
        });
        headers['x-duration-seconds'] = ((performance.now() - t0) / 1000).toFixed(6);
        res.writeHead(status, headers);
        res.end(payload);
      } catch (err) {
        status = 502;
        send(res, status, `error calling function ${dep.name}: ${err instanceof Error ? err.message : String(err)}\n`);
      } finally {
        dep.release(replica);
      }
    }
  }
  metrics.recordEnd(dep.name, status, (performance.now() - t0) / 1000);
}

function metricsText(opts: GatewayOptions, metrics: GatewayMetrics, which: 'all' | 'gateway' | 'cadvisor'): string {
  const deps = [...opts.deployments.values()];
  const gateway = which === 'cadvisor' ? [] : metrics.families(deps.map((d) => d.status()));
  const cadvisor = which === 'gateway' ? [] : cadvisorFamilies(deps.map((d) => d.usage()));
  return renderFamilies([...gateway, ...cadvisor]);
}

/** `figlet` and `figlet.openfaas-fn` name the same function, as on a real gateway. */
function functionName(raw: string): string {
  const name = decodeURIComponent(raw);
  return name.endsWith(`.${FUNCTION_NAMESPACE}`) ? name.slice(0, -FUNCTION_NAMESPACE.length - 1) : name;
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const metrics = new GatewayMetrics();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const path = url.pathname;
    const fn = /^\/function\/([^/]+)(\/.*)?$/.exec(path);
    if (fn?.[1]) {
      const name = functionName(fn[1]);
      const dep = opts.deployments.get(name);
      if (!dep) return send(res, 404, `error finding function ${name}: not found\n`);
      return proxy(dep, metrics, req, res, `${fn[2] ?? '/'}${url.search}`);
    }
    if (path === '/healthz') return send(res, 200, 'OK');
    if (path === '/metrics') return send(res, 200, metricsText(opts, metrics, 'all'), CONTENT_TYPE);
    if (path === '/metrics/gateway') return send(res, 200, metricsText(opts, metrics, 'gateway'), CONTENT_TYPE);
    if (path === '/metrics/cadvisor') return send(res, 200, metricsText(opts, metrics, 'cadvisor'), CONTENT_TYPE);
    if (path.startsWith('/system/')) {
      if (!isAuthorized(req.headers.authorization, opts.basicAuth)) {
        res.writeHead(401, {
          'content-type': 'text/plain; charset=utf-8',
          'www-authenticate': 'Basic realm="Restricted"',
        });
        return void res.end('Unauthorized\n');
      }
      if (path === '/system/functions' && req.method === 'GET') {
        return send(
          res,
          200,
          JSON.stringify([...opts.deployments.values()].map((d) => d.status())),
          'application/json',
        );
      }
      const one = /^\/system\/function\/([^/]+)$/.exec(path);
      if (one?.[1] && req.method === 'GET') {
        const dep = opts.deployments.get(functionName(one[1]));
        if (!dep) return send(res, 404, `function ${functionName(one[1])} not found\n`);
        return send(res, 200, JSON.stringify(dep.status()), 'application/json');
      }
    }
    send(res, 404, '404 page not found\n');
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `gateway error: ${err instanceof Error ? err.message : String(err)}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
