import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttachedSource } from '@/components/explorer/engine/attached-source';
import type { DuckDbConnector } from '@/components/explorer/engine/duckdb-connector';
import { closeSlot, openFileInSlot, openUrlInSlot, type SlotControls } from './open-slot';
import type { Slot, SlotState } from './use-slots';

function duckBytes(version: bigint, length = 16384): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(length);
  b.set([0x44, 0x55, 0x43, 0x4b], 8);
  new DataView(b.buffer).setBigUint64(12, version, true);
  return b;
}

/** Controls over a fake engine that records what the steps did, in order. */
function harness(attach: (s: AttachedSource) => Promise<void> = async () => undefined) {
  const log: string[] = [];
  const states: Array<[Slot, SlotState]> = [];
  const sources: AttachedSource[] = [];
  const requests: Record<Slot, number> = { run: 0, cmp: 0 };
  const connector = {
    init: async () => undefined,
    attach: async (s: AttachedSource) => {
      log.push(`attach ${s.alias}`);
      sources.push(s);
      await attach(s);
    },
    detach: async (alias: string) => void log.push(`detach ${alias}`),
  } as unknown as DuckDbConnector;
  const ctl: SlotControls = {
    connector,
    setSlot: (slot, s) => void states.push([slot, s]),
    startRequest: (slot) => {
      const mine = ++requests[slot];
      return () => mine === requests[slot];
    },
    refreshCatalog: async () => void log.push('catalog'),
  };
  return { ctl, log, states, sources };
}

afterEach(() => vi.unstubAllGlobals());

describe('openFileInSlot', () => {
  it('shows the file loading, attaches it under the slot alias, lists the catalog, then shows it ready', async () => {
    const h = harness();
    await openFileInSlot(h.ctl, 'run', new File([duckBytes(64n)], 'peva faas.duckdb'));
    expect(h.log).toEqual(['attach run', 'catalog']);
    expect(h.sources[0]!.fileName).toMatch(/^run-\d+-peva_faas\.duckdb$/);
    expect(h.states.map(([slot, s]) => [slot, s.phase])).toEqual([
      ['run', 'loading'],
      ['run', 'ready'],
    ]);
    expect(h.states[1]![1]).toMatchObject({ origin: 'file', name: 'peva faas.duckdb', size: 16384, version: 64 });
    expect(h.states[1]![1].openMs).toBeGreaterThanOrEqual(0);
  });

  it('closes what the slot had open when the new file is not a DuckDB database', async () => {
    const h = harness();
    await openFileInSlot(h.ctl, 'cmp', new File(['a,b\n1,2\n'.repeat(1000)], 'data.csv'));
    expect(h.log).toEqual(['detach cmp', 'catalog']);
    expect(h.states.at(-1)![1]).toMatchObject({
      phase: 'error',
      problem: { title: 'data.csv is not a DuckDB database' },
    });
  });

  it('shows DuckDB’s own words when ATTACH fails', async () => {
    const h = harness(async () => {
      throw new Error('{"exception_type":"IO","exception_message":"bad block"}');
    });
    await openFileInSlot(h.ctl, 'run', new File([duckBytes(64n)], 'x.duckdb'));
    expect(h.log).toEqual(['attach run', 'catalog']);
    expect(h.states.at(-1)![1]).toMatchObject({
      phase: 'error',
      problem: { title: 'DuckDB could not open x.duckdb', detail: 'IO Error: bad block' },
    });
  });

  it('stops when the slot was closed while the header was being read', async () => {
    const h = harness();
    const opening = openFileInSlot(h.ctl, 'run', new File([duckBytes(64n)], 'x.duckdb'));
    await closeSlot(h.ctl, 'run');
    await opening;
    expect(h.log).toEqual(['detach run', 'catalog']);
    expect(h.states.map(([, s]) => s.phase)).toEqual(['loading', 'empty']);
  });
});

describe('openUrlInSlot', () => {
  it('from a server that ignores Range: downloads it, names the slot after the run and file, downloads again only when re-registered', async () => {
    const bytes = duckBytes(65n);
    const fetchMock = vi.fn(async () => new Response(bytes.slice()));
    vi.stubGlobal('fetch', fetchMock);
    const h = harness();
    await openUrlInSlot(h.ctl, 'run', '/api/artifacts/run-7/memory/runner/peva_faas.duckdb');
    expect(h.states.map(([, s]) => s.phase)).toEqual(['loading', 'loading', 'ready']);
    expect(h.states[2]![1]).toMatchObject({ origin: 'url', name: 'run-7 · peva_faas.duckdb', version: 65 });
    // The range probe (answered 200, so cancelled) and the download.
    expect(fetchMock).toHaveBeenCalledTimes(2);

    const registered: Uint8Array[] = [];
    const db = { registerFileBuffer: async (_name: string, b: Uint8Array) => void registered.push(b) };
    await h.sources[0]!.register(db as never);
    await h.sources[0]!.register(db as never);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(registered.map((b) => b.byteLength)).toEqual([16384, 16384]);
  });

  it('from a server that answers Range: reads 12 KiB to check it, then lets DuckDB read it in place', async () => {
    const size = 12288 + 262144;
    const head = duckBytes(64n, 12288);
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'HEAD'
        ? new Response(null, { status: 206, headers: { 'content-length': String(size) } })
        : new Response(head.slice(), { status: 206, headers: { 'content-range': `bytes 0-12287/${size}` } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const h = harness();
    await openUrlInSlot(h.ctl, 'run', '/api/artifacts/run-7/memory/runner/peva_faas.duckdb');
    expect(h.states.at(-1)![1]).toMatchObject({ phase: 'ready', size, ranged: true, version: 64 });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(fetchMock.mock.calls[0]).toEqual([
      '/api/artifacts/run-7/memory/runner/peva_faas.duckdb',
      expect.objectContaining({ headers: { range: 'bytes=0-12287' } }),
    ]);
    const urls: string[] = [];
    const db = { registerFileURL: async (_name: string, url: string) => void urls.push(url) };
    await h.sources[0]!.register(db as never);
    expect(urls).toEqual(['http://127.0.0.1/api/artifacts/run-7/memory/runner/peva_faas.duckdb']);
  });

  it('from a server whose range answers lack Content-Length (plain `next start`): downloads it', async () => {
    const bytes = duckBytes(64n, 12288 + 262144);
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'HEAD'
        ? new Response(null, { status: 206 })
        : (init?.headers as Record<string, string> | undefined)?.range
          ? new Response(bytes.slice(0, 12288), {
              status: 206,
              headers: { 'content-range': `bytes 0-12287/${bytes.length}` },
            })
          : new Response(bytes.slice()),
    );
    vi.stubGlobal('fetch', fetchMock);
    const h = harness();
    await openUrlInSlot(h.ctl, 'run', '/api/artifacts/run-7/memory/runner/peva_faas.duckdb');
    expect(h.states.at(-1)![1]).toMatchObject({ phase: 'ready', size: bytes.length });
    expect(h.states.at(-1)![1].ranged).toBeUndefined();
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });
});
