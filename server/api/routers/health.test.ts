import { isTrackedEnvelope } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCaller } from '@/server/api/root';
import { createCallerContext } from '@/server/api/trpc';
import { flattenIssues } from '@/server/api/flatten-issues';

const api = createCaller(createCallerContext());

async function collect(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('health router', () => {
  it('ping reports version and uptime', async () => {
    expect(await api.health.ping()).toMatchObject({
      ok: true,
      version: expect.any(String),
      uptimeS: expect.any(Number),
    });
  });

  it('ticks yields tracked envelopes and resumes strictly after lastEventId', async () => {
    const all = await collect(await api.health.ticks({ count: 3, intervalMs: 1 }));
    expect(all.every(isTrackedEnvelope)).toBe(true);
    expect(all.map((e) => (e as [string, { n: number }])[0])).toEqual(['1', '2', '3']);
    const rest = await collect(await api.health.ticks({ count: 3, intervalMs: 1, lastEventId: '1' }));
    expect(rest.map((e) => (e as [string, { n: number }])[1].n)).toEqual([2, 3]);
  });

  it('stops promptly when aborted', async () => {
    const ac = new AbortController();
    const caller = createCaller(createCallerContext({ signal: ac.signal }), { signal: ac.signal });
    const started = Date.now();
    const seen: unknown[] = [];
    for await (const v of await caller.health.ticks({ count: 100, intervalMs: 1000 })) {
      seen.push(v);
      ac.abort();
    }
    expect(seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('flattenIssues', () => {
  it('keys nested field errors by dotted path and keeps form errors', () => {
    const schema = z
      .object({ fns: z.array(z.object({ name: z.string().min(1, 'name required') })) })
      .refine((v) => v.fns.length > 0, 'whole form bad');
    const res = schema.safeParse({ fns: [{ name: '' }] });
    expect(flattenIssues(res.error)).toEqual({ formErrors: [], fieldErrors: { 'fns.0.name': ['name required'] } });
    const top = schema.safeParse({ fns: [] });
    expect(flattenIssues(top.error)).toEqual({ formErrors: ['whole form bad'], fieldErrors: {} });
    expect(flattenIssues({ issues: [{ message: 'm', path: [{ key: 'a' }, 1] }] })).toEqual({
      formErrors: [],
      fieldErrors: { 'a.1': ['m'] },
    });
    expect(flattenIssues(new Error('x'))).toBeNull();
  });
});
