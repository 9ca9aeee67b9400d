import { describe, expect, it } from 'vitest';
import { isolationHeaders } from './isolation';

describe('isolationHeaders', () => {
  it('isolates the explorer page and its worker scripts only when enabled', () => {
    expect(isolationHeaders('/explore', false)).toEqual([]);
    expect(new Map(isolationHeaders('/explore', true)).get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(new Map(isolationHeaders('/duckdb/duckdb-browser-coi.worker.js', true)).size).toBe(2);
    // Dashboard pages keep working with anything they embed.
    expect(isolationHeaders('/runs/run-1', true)).toEqual([]);
    expect(isolationHeaders('/', true)).toEqual([]);
  });
});
