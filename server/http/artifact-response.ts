// HTTP side of artifact downloads: status mapping, Range, streaming. The path rules
// themselves live in server/security/run-files.ts.
import 'server-only';
import { Readable } from 'node:stream';
import {
  InvalidRunIdError,
  listRunFiles,
  NoSuchRunError,
  NotAFileError,
  openRunFile,
  PathEscapeError,
} from '@/server/security/run-files';
import { contentDisposition, contentTypeFor } from './content-type';
import { parseRange } from './http-range';

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Even if a browser is navigated to an artifact, nothing in it may run or load.
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'no-cache',
};

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  });
}

function errorResponse(err: unknown, what: string): Response {
  if (err instanceof InvalidRunIdError) return text(400, err.message);
  if (err instanceof PathEscapeError) return text(err.kind === 'escape' ? 403 : 400, err.message);
  if (err instanceof NotAFileError) return text(404, `${err.message} (${what})`);
  if (err instanceof NoSuchRunError) return text(404, err.message);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return text(404, `${what} not found`);
  // ELOOP: O_NOFOLLOW hit a symlink swapped in after the check.
  if (code === 'ELOOP') return text(403, `${what} is a symbolic link`);
  console.error(`artifact ${what} failed:`, err);
  return text(500, `could not read ${what}`);
}

export interface ArtifactParams {
  runId: string;
  path: readonly string[];
}

export async function serveArtifact(req: Request, params: ArtifactParams, outputRoot: string): Promise<Response> {
  const what = `${params.runId}/${params.path.join('/')}`;
  let file;
  try {
    file = await openRunFile(outputRoot, params.runId, params.path);
  } catch (err) {
    return errorResponse(err, what);
  }
  const { handle, size, mtime, name } = file;
  const etag = `W/"${size.toString(16)}-${mtime.getTime().toString(16)}"`;
  const url = new URL(req.url);
  const headers: Record<string, string> = {
    ...COMMON_HEADERS,
    'content-type': contentTypeFor(name),
    'accept-ranges': 'bytes',
    'last-modified': mtime.toUTCString(),
    etag,
    'content-disposition': contentDisposition(url.searchParams.get('download') === '1' ? 'attachment' : 'inline', name),
  };

  if (req.headers.get('if-none-match') === etag) {
    await handle.close();
    return new Response(null, { status: 304, headers });
  }
  // If-Range: only honour Range when the client's copy is still the current file.
  const ifRange = req.headers.get('if-range');
  const rangeAllowed = !ifRange || ifRange === etag || ifRange === headers['last-modified'];
  const range = parseRange(rangeAllowed ? req.headers.get('range') : null, size);
  if (range.kind === 'unsatisfiable') {
    await handle.close();
    return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` } });
  }
  // A file still being written (events.jsonl) is served as of the stat above, so
  // Content-Length always matches the body.
  const start = range.kind === 'range' ? range.start : 0;
  const end = range.kind === 'range' ? range.end : size - 1;
  const status = range.kind === 'range' ? 206 : 200;
  if (range.kind === 'range') headers['content-range'] = `bytes ${start}-${end}/${size}`;
  headers['content-length'] = String(end - start + 1);

  if (req.method === 'HEAD' || size === 0) {
    await handle.close();
    return new Response(size === 0 && req.method !== 'HEAD' ? '' : null, { status, headers });
  }
  // Closing the web stream (client gone) destroys the node stream, which closes the fd.
  const body = Readable.toWeb(
    handle.createReadStream({ start, end, autoClose: true }),
  ) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}

export async function listArtifacts(runId: string, outputRoot: string): Promise<Response> {
  try {
    const files = await listRunFiles(outputRoot, runId);
    return Response.json({ runId, files }, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err, `run ${runId}`);
  }
}
