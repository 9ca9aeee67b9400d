import { describe, expect, it } from 'vitest';
import { createCaller } from '@/server/api/root';
import { createCallerContext } from '@/server/api/trpc';

describe('doctor router', () => {
  it('doctor.check lists every item with status and fix', async () => {
    const report = await createCaller(createCallerContext()).doctor.check();
    expect(report.items.map((i) => i.id)).toEqual([
      'node',
      'duckdb',
      'prometheus',
      'node-exporter',
      'k6',
      'multipass',
      'multipassd',
      'chromium',
      'esbuild',
    ]);
    for (const i of report.items) expect(i.fix.length).toBeGreaterThan(5);
    expect(report.items.find((i) => i.id === 'node')?.ok).toBe(true);
  }, 30_000);
});
