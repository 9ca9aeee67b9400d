import { afterAll, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { K6SamplesTail } from './samples-tail';
import type { LiveSample } from './types';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const point = (metric: string, iso: string, ms: number, fn: string, status: number) =>
  JSON.stringify({
    type: 'Point',
    metric,
    data: { time: iso, value: ms, tags: { function: fn, status: String(status) } },
  }) + '\n';

describe('K6SamplesTail', () => {
  it('buckets http_req_duration points per second, across partial writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lbweb-tail-'));
    dirs.push(dir);
    const file = join(dir, 'samples.json');
    const got: LiveSample[] = [];
    const start = Date.parse('2025-01-01T00:00:10Z') / 1000;
    const tail = new K6SamplesTail(file, ['a', 'b'], start, (s) => got.push(s));
    await tail.poll(start + 5); // file absent: only idle seconds
    expect(got).toHaveLength(3);
    got.length = 0;
    const lines =
      point('http_reqs', '2025-01-01T00:00:13.1Z', 1, 'a', 200) +
      point('http_req_duration', '2025-01-01T00:00:13.100000123Z', 10, 'a', 200) +
      point('http_req_duration', '2025-01-01T00:00:13.5Z', 30, 'a', 500) +
      point('http_req_duration', '2025-01-01T00:00:14.2Z', 20, 'b', 201) +
      '{"type":"Metric","metric":"http_req_duration","data":{}}\n';
    await appendFile(file, lines.slice(0, 150));
    await tail.poll(start + 3.2);
    await appendFile(file, lines.slice(150));
    await tail.finish();
    expect(got.map((s) => s.t)).toEqual([start + 4, start + 5]);
    expect(got[0]!.functions.a).toMatchObject({ rps: 2, successRate: 0.5, p50: 20, requests: 2, errors: 1 });
    expect(got[0]!.functions.b).toMatchObject({ rps: 0, requests: 0 });
    expect(got[0]!.functions.b!.p50).toBeNaN();
    expect(got[1]!.functions.b).toMatchObject({ rps: 1, successRate: 1, p95: 20 });
    expect(got[1]!.functions.a).toMatchObject({ rps: 0, requests: 2, errors: 1 });
  });
});
