import { describe, expect, it } from 'vitest';
import { loadUrl, nameFromUrl, probeFile, runIdFromUrl } from './source-loader';

function duckBytes(version: bigint, length = 16384): Uint8Array {
  const b = new Uint8Array(length);
  b.set([0x44, 0x55, 0x43, 0x4b], 8);
  new DataView(b.buffer).setBigUint64(12, version, true);
  return b;
}

/** A fetch that streams `bytes` in chunks and records whether the body was cancelled. */
function fakeFetch(bytes: Uint8Array, status = 200, chunk = 1000) {
  const state = { pulled: 0, cancelled: false };
  const impl = (async () => {
    let off = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (off >= bytes.length) return ctrl.close();
        ctrl.enqueue(bytes.slice(off, off + chunk));
        off += chunk;
        state.pulled = off;
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return new Response(body, { status, headers: { 'content-length': String(bytes.length) } });
  }) as unknown as typeof fetch;
  return { impl, state };
}

describe('loadUrl', () => {
  it('downloads a readable DuckDB file whole', async () => {
    const bytes = duckBytes(64n);
    const r = await loadUrl('/api/artifacts/run-1/memory/runner/peva_faas.duckdb', fakeFetch(bytes).impl);
    expect(r).toMatchObject({ ok: true, name: 'peva_faas.duckdb', version: 64, size: 16384 });
    if (r.ok) expect(r.bytes).toEqual(bytes);
  });

  it('stops downloading after the first chunk of a non-DuckDB file', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body>' + 'x'.repeat(100_000));
    const { impl, state } = fakeFetch(html);
    const r = await loadUrl('/x/file.duckdb', impl);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toContain('HTML');
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(10_000);
  });

  it('rejects a DuckDB 2.x file', async () => {
    const r = await loadUrl('/x/future.duckdb', fakeFetch(duckBytes(999n)).impl);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toContain('DuckDB 2.x');
  });

  it('reports an empty body and HTTP errors', async () => {
    const empty = await loadUrl('/x/empty.duckdb', fakeFetch(new Uint8Array(0)).impl);
    expect(empty).toMatchObject({ ok: false, title: 'empty.duckdb is empty (0 bytes)' });
    const missing = await loadUrl('/x/gone.duckdb', fakeFetch(new Uint8Array(0), 404).impl);
    expect(missing).toMatchObject({ ok: false, title: 'Could not download gone.duckdb: HTTP 404' });
  });
});

describe('probeFile / nameFromUrl', () => {
  it('checks only the head of a File', async () => {
    const f = new File([duckBytes(64n).buffer as ArrayBuffer], 'a.duckdb');
    expect(await probeFile(f)).toEqual({ ok: true, version: 64 });
    const t = new File(['hello, world\n'], 'notes.txt');
    expect(await probeFile(t)).toMatchObject({ ok: false, title: 'notes.txt is not a DuckDB database' });
  });

  it('finds the run id of an artifact URL', () => {
    expect(runIdFromUrl('/api/artifacts/run-20260101-120000/memory/r/peva_faas.duckdb')).toBe('run-20260101-120000');
    expect(runIdFromUrl('/files/peva_faas.duckdb')).toBeNull();
  });

  it('names a URL by its last segment', () => {
    expect(nameFromUrl('/api/artifacts/run-1/memory/r%201/peva_faas.duckdb')).toBe('peva_faas.duckdb');
  });
});
