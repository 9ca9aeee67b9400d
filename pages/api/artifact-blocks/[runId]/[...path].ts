// GET|HEAD /api/artifact-blocks/<runId>/<path…>: the same run files as /api/artifacts, for
// DuckDB's own range reads in the browser. It is a Pages API route on purpose: App Router
// route handlers never send Content-Length (Next drops it), and duckdb-wasm reads a URL in
// place only when a HEAD and a 1-byte range say the length — otherwise it downloads the whole
// file in its worker. Here the Node response is ours, so the length goes out as computed.
import type { NextApiRequest, NextApiResponse } from 'next';
import { getEnv } from '@/server/config/env';
import { guardRequest } from '@/server/security/request-guard';
import {
  InvalidRunIdError,
  NoSuchRunError,
  NotAFileError,
  openRunFile,
  PathEscapeError,
} from '@/server/security/run-files';
import { parseRange } from '@/app/api/artifacts/_lib/http-range';
import { contentTypeFor } from '@/app/api/artifacts/_lib/content-type';

export const config = { api: { bodyParser: false, responseLimit: false } };

function text(res: NextApiResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`${message}\n`);
}

function statusOf(err: unknown): number {
  if (err instanceof InvalidRunIdError) return 400;
  if (err instanceof PathEscapeError) return err.kind === 'escape' ? 403 : 400;
  if (err instanceof NotAFileError || err instanceof NoSuchRunError) return 404;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 404;
  if (code === 'ELOOP') return 403;
  return 500;
}

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return text(res, 405, 'only GET and HEAD');
  }
  // The proxy (proxy.ts) already guards every request; this route checks again, as the
  // App Router artifact route does.
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const { denied } = guardRequest(
    new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, { headers }),
  );
  if (denied) return text(res, denied.status, await denied.text());

  const runId = String(req.query.runId ?? '');
  const rel = ([] as string[]).concat(req.query.path ?? []);
  let file;
  try {
    file = await openRunFile(getEnv().LBWEB_OUTPUT_ROOT, runId, rel);
  } catch (err) {
    const status = statusOf(err);
    if (status === 500) console.error(`artifact blocks ${runId}/${rel.join('/')} failed:`, err);
    return text(res, status, status === 404 ? `${runId}/${rel.join('/')} not found` : (err as Error).message);
  }
  const { handle, size, name } = file;
  const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : null, size);
  res.setHeader('content-type', contentTypeFor(name));
  res.setHeader('accept-ranges', 'bytes');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('content-security-policy', "default-src 'none'; sandbox");
  res.setHeader('cache-control', 'no-cache');
  if (range.kind === 'unsatisfiable') {
    await handle.close();
    res.setHeader('content-range', `bytes */${size}`);
    res.statusCode = 416;
    return void res.end();
  }
  const start = range.kind === 'range' ? range.start : 0;
  const end = range.kind === 'range' ? range.end : size - 1;
  res.statusCode = range.kind === 'range' ? 206 : 200;
  if (range.kind === 'range') res.setHeader('content-range', `bytes ${start}-${end}/${size}`);
  res.setHeader('content-length', String(size === 0 ? 0 : end - start + 1));
  if (req.method === 'HEAD' || size === 0) {
    await handle.close();
    return void res.end();
  }
  const stream = handle.createReadStream({ start, end, autoClose: true });
  // A client that goes away ends the read (the fd closes with the stream).
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
