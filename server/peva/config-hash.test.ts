import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePevaConfig, type PevaConfig } from '@/lib/contract/peva-config';
import { configHash, stableStringify } from './config-hash';

const fn = { name: 'figlet' };

function ok(input: unknown): PevaConfig {
  const r = parsePevaConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

describe('configHash', () => {
  it('is sha256 of the sorted-keys JSON and ignores key order', () => {
    const a = ok({ functions: [fn], duration: '1m', iterations: 1 });
    const b = ok({ iterations: 1, duration: '1m', functions: [fn] });
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toBe(createHash('sha256').update(stableStringify(a)).digest('hex'));
    expect(configHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(a)).not.toBe(configHash(ok({ functions: [fn], duration: '2m', iterations: 1 })));
  });
  it('sorts nested keys', () => {
    expect(stableStringify({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 0 } })).toBe('{"a":{"c":0,"d":[{"x":2,"y":1}]},"b":1}');
  });
});
