// A ceiling on request bodies: the fetch adapter reads whatever it is sent. A declared length
// over the ceiling is refused before reading; a chunked body is read up to it, then refused.
import 'server-only';

/** The largest run request: 64 functions × a 256 KiB body each, with room for the rest. */
export const MAX_REQUEST_BYTES = 20 * 1024 * 1024;

function tooLarge(max: number): Response {
  return new Response(`413 Payload Too Large: request bodies are limited to ${max} bytes.\n`, {
    status: 413,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** The request with its body read (at most `max` bytes), or a 413 to return. */
export async function limitBody(req: Request, max = MAX_REQUEST_BYTES): Promise<Request | Response> {
  if (!req.body) return req;
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return tooLarge(max);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return tooLarge(max);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}
