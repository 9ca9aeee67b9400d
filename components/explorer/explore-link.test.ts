import { describe, expect, it } from 'vitest';
import { artifactUrl, exploreHref, memoryFileUrl } from './explore-link';

describe('explore links', () => {
  it('builds artifact and explorer URLs', () => {
    expect(memoryFileUrl('run-20260101-120000', 'runner')).toBe('/api/artifacts/run-20260101-120000/memory/runner/peva_faas.duckdb');
    expect(artifactUrl('r1', 'a b/c#d.duckdb')).toBe('/api/artifacts/r1/a%20b/c%23d.duckdb');
    expect(exploreHref('/api/artifacts/r1/memory/h/peva_faas.duckdb', '/api/artifacts/r0/memory/h/peva_faas.duckdb')).toBe(
      '/explore?src=%2Fapi%2Fartifacts%2Fr1%2Fmemory%2Fh%2Fpeva_faas.duckdb&compare=%2Fapi%2Fartifacts%2Fr0%2Fmemory%2Fh%2Fpeva_faas.duckdb',
    );
  });
});
