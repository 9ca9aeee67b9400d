import { describe, expect, it } from 'vitest';
import { artifactHref, exploreHref } from './links';

describe('links', () => {
  it('builds artifact and explorer URLs', () => {
    expect(artifactHref('run-20260101-120000', 'memory/runner/peva_faas.duckdb')).toBe(
      '/api/artifacts/run-20260101-120000/memory/runner/peva_faas.duckdb',
    );
    expect(artifactHref('r1', 'a b/c#d.duckdb')).toBe('/api/artifacts/r1/a%20b/c%23d.duckdb');
    expect(exploreHref('r1', 'memory/h/peva_faas.duckdb', artifactHref('r0', 'memory/h/peva_faas.duckdb'))).toBe(
      '/explore?src=%2Fapi%2Fartifacts%2Fr1%2Fmemory%2Fh%2Fpeva_faas.duckdb&compare=%2Fapi%2Fartifacts%2Fr0%2Fmemory%2Fh%2Fpeva_faas.duckdb',
    );
  });
});
