// Run artifacts served by our own HTTP server, before Next sees the request. Next drops
// Content-Length from every route handler response (its send-response forbids the header),
// and duckdb-wasm reads a file over HTTP in place only when a HEAD with `Range: bytes=0-`
// carries it — otherwise the explorer has to download a run's DuckDB file whole. Same
// guard (Host, token) and same handler as the Next route; only the transport differs.
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { getEnv } from '@/server/config/env';
import { guardRequest } from '@/server/security/request-guard';
import { serveArtifact, type ArtifactParams } from './artifact-response';

const PREFIX = '/api/artifacts/';

/**
 * The route's parameters from a raw request target (not normalised: `..` stays a segment, for
 * the path rules to refuse), or null when this is not a single artifact's URL. Segments are
 * percent-decoded one by one, as Next decodes a catch-all route's params.
 */
export function artifactParams(rawTarget: string): ArtifactParams | 'bad-encoding' | null {
  const pathname = rawTarget.split('?', 1)[0] ?? '';
  if (!pathname.startsWith(PREFIX)) return null;
  const segments = pathname.slice(PREFIX.length).split('/');
  const [runId, ...rest] = segments;
  if (!runId || rest.length === 0 || rest.some((s) => s === '')) return null;
  try {
    return { runId: decodeURIComponent(runId), path: rest.map((s) => decodeURIComponent(s)) };
  } catch {
    return 'bad-encoding';
  }
}

const plain = (status: number, message: string) =>
  new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The artifact response for a GET/HEAD of `rawTarget`, or null when the request is not ours. */
export async function artifactFastPath(
  req: Request,
  rawTarget: string,
  outputRoot = getEnv().LBWEB_OUTPUT_ROOT,
): Promise<Response | null> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const params = artifactParams(rawTarget);
  if (params === null) return null;
  const { denied, setCookie } = guardRequest(req);
  if (denied) return denied;
  const res =
    params === 'bad-encoding'
      ? plain(400, 'bad percent-encoding in the path')
      : await serveArtifact(req, params, outputRoot);
  if (setCookie) res.headers.append('set-cookie', setCookie);
  return res;
}

/** A web Request for a Node request (headers only: artifacts are GET/HEAD). */
export function webRequestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    // A Host header that is not a valid authority: the guard refuses it (421) from the header.
    url = new URL(req.url ?? '/', 'http://localhost');
  }
  return new Request(url, { method: req.method, headers });
}

/** Writes a web Response to a Node response with every header kept (Content-Length included). */
export async function sendWebResponse(res: ServerResponse, response: Response, method: string): Promise<void> {
  const cookies = response.headers.getSetCookie();
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body || method === 'HEAD') {
    await response.body?.cancel();
    res.end();
    return;
  }
  // pipeline destroys the file stream (closing its fd) when the client goes away.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream), res).catch(() => undefined);
}
