// Gets a file's bytes (URL) or a handle (dropped/picked File) ready for DuckDB, checking
// the header first. A URL is read as one stream: the first chunk is checked and, if it is
// not an openable DuckDB file, the download stops there instead of pulling 100 MB of HTML.
import { readDuckDbHeader } from '@/lib/contract/duckdb-header';
import { checkDuckDbBytes, HEADER_PROBE_BYTES, type FileCheck } from './file-check';

export type SourceProblem = { title: string; detail: string; hint: string };
export type UrlLoad =
  { ok: true; name: string; bytes: Uint8Array; version: number; size: number } | ({ ok: false } & SourceProblem);
export type FileProbe = { ok: true; version: number } | ({ ok: false } & SourceProblem);

/** Display name of an artifact URL: its last path segment. */
export function nameFromUrl(url: string): string {
  try {
    const u = new URL(url, 'http://x/');
    const last = u.pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : url;
  } catch {
    return url;
  }
}

/** The run id of an artifact URL (/api/artifacts/<runId>/…), to tell two runs' files apart. */
export function runIdFromUrl(url: string): string | null {
  const m = /\/api\/artifacts\/([^/?#]+)\//.exec(url);
  return m ? decodeURIComponent(m[1]!) : null;
}

const unreachable = (name: string, url: string, e: unknown): SourceProblem => ({
  title: `Could not download ${name}`,
  detail: `${url}: ${e instanceof Error ? e.message : String(e)}`,
  hint: 'Check that lb-web is running and the URL is right.',
});

const problem = (c: FileCheck & { ok: false }): SourceProblem => ({ title: c.title, detail: c.detail, hint: c.hint });

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.byteLength === total) return chunks[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

export async function loadUrl(url: string, fetchImpl: typeof fetch = fetch, signal?: AbortSignal): Promise<UrlLoad> {
  const name = nameFromUrl(url);
  let res: Response;
  try {
    res = await fetchImpl(url, { signal, cache: 'no-store' });
  } catch (e) {
    return { ok: false, ...unreachable(name, url, e) };
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return {
      ok: false,
      title: `Could not download ${name}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
      detail: `GET ${url} answered ${res.status}.`,
      hint:
        res.status === 404
          ? 'The run may not have collected its memory file yet; open the run page and check its artifacts.'
          : 'Retry, or download the file and drop it here.',
    };
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let checked = false;
  let version = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        chunks.push(value);
        total += value.byteLength;
      }
      // Not DuckDB at all (an HTML error page, say): stop at the first chunk. A DuckDB file is
      // checked once its 12 KiB of headers are in (its block count gives its length).
      if (!checked && !done && total < HEADER_PROBE_BYTES) {
        const early = readDuckDbHeader(concat(chunks, total));
        if (!early.ok && early.reason === 'not-duckdb') {
          await reader.cancel().catch(() => undefined);
          return {
            ok: false,
            ...problem(checkDuckDbBytes(name, concat(chunks, total), undefined) as FileCheck & { ok: false }),
          };
        }
      }
      if (!checked && (done || total >= HEADER_PROBE_BYTES)) {
        checked = true;
        const c = checkDuckDbBytes(
          name,
          concat(chunks, total).subarray(0, HEADER_PROBE_BYTES),
          Number.isFinite(declared) ? declared : done ? total : undefined,
        );
        if (!c.ok) {
          await reader.cancel().catch(() => undefined);
          return { ok: false, ...problem(c) };
        }
        version = c.version;
      }
      if (done) break;
    }
  }
  if (!checked) {
    const c = checkDuckDbBytes(name, new Uint8Array(0), 0);
    return c.ok ? { ok: false, title: `${name} is empty`, detail: '', hint: '' } : { ok: false, ...problem(c) };
  }
  return { ok: true, name, bytes: concat(chunks, total), version, size: total };
}

/** Reads only the first bytes of a dropped/picked file (the rest is read lazily by DuckDB). */
export async function probeFile(file: Blob & { name: string }): Promise<FileProbe> {
  const head = new Uint8Array(await file.slice(0, HEADER_PROBE_BYTES).arrayBuffer());
  const c = checkDuckDbBytes(file.name, head, file.size);
  return c.ok ? { ok: true, version: c.version } : { ok: false, ...problem(c) };
}

export type RangeProbe =
  | { ok: true; ranged: true; name: string; version: number; size: number }
  | { ok: true; ranged: false }
  | ({ ok: false } & SourceProblem);

/**
 * Asks for the file's first 12 KiB with a Range request: enough to check it (magic, version,
 * the block count against the size from Content-Range) without downloading it. A server that
 * ignores Range answers 200, or one that cannot serve DuckDB's own range reads (no
 * Content-Length): `ranged: false`, and the caller downloads the file instead.
 */
export async function probeUrlRange(url: string, fetchImpl: typeof fetch = fetch): Promise<RangeProbe> {
  const name = nameFromUrl(url);
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { range: `bytes=0-${HEADER_PROBE_BYTES - 1}` }, cache: 'no-store' });
  } catch (e) {
    return { ok: false, ...unreachable(name, url, e) };
  }
  const total = Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? NaN);
  if (res.status !== 206 || !Number.isFinite(total)) {
    await res.body?.cancel().catch(() => undefined);
    // 416: the file is shorter than the probe (0 bytes, say) — the download path says why.
    return { ok: true, ranged: false };
  }
  const first = new Uint8Array(await res.arrayBuffer());
  const c = checkDuckDbBytes(name, first, total);
  if (!c.ok) return { ok: false, ...problem(c) };
  // duckdb-wasm reads in place only when a HEAD (with `Range: bytes=0-`) gives the length;
  // without it it falls back to one blocking full read in its worker. lb-web's own server
  // (server/http/) sends it for run artifacts; plain `next start` drops Content-Length from
  // route handler responses, and other servers may too: then the page downloads the file
  // instead, keeping the worker free.
  const head = await fetchImpl(url, { method: 'HEAD', headers: { range: 'bytes=0-' }, cache: 'no-store' }).catch(
    () => null,
  );
  if (head?.headers.get('content-length') !== String(total)) return { ok: true, ranged: false };
  return { ok: true, ranged: true, name, version: c.version, size: total };
}
