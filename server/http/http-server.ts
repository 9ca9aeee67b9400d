// The production HTTP server `lb-web serve` runs: Next's request handler behind a node:http
// server we own, with run artifacts answered by artifact-fast-path.ts (their Content-Length
// intact) and a run's live event stream by events-fast-path.ts (one write per event).
// Everything else — pages, tRPC, the proxy's checks — is Next's, unchanged.
import 'server-only';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import next from 'next';
import { artifactFastPath, sendWebResponse, webRequestOf } from './artifact-fast-path';
import { serveEventStream } from './events-fast-path';

export interface HttpServerOptions {
  dir: string;
  host: string;
  port: number;
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

/** Artifacts (GET/HEAD) answered here, everything else handed to Next. */
export function requestListener(nextHandler: NodeHandler): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const artifact =
      (method === 'GET' || method === 'HEAD') && req.url?.startsWith('/api/artifacts/')
        ? await artifactFastPath(webRequestOf(req), req.url)
        : null;
    if (artifact) return sendWebResponse(res, artifact, method);
    if (await serveEventStream(req, res)) return;
    return nextHandler(req, res);
  };
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('request failed:', err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  };
}

export async function startHttpServer(opts: HttpServerOptions): Promise<Server> {
  const app = next({ dev: false, dir: opts.dir, hostname: opts.host, port: opts.port });
  await app.prepare();
  const server = createServer(requestListener(app.getRequestHandler()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
