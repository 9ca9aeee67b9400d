// Follows k6's `--out json=` file while k6 writes it and turns http_req_duration points into
// per-second LiveSamples. k6 flushes that file in batches, so a second is only reported once
// the clock is `settleS` past its end; late points fold into the next open second.
import 'server-only';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { LiveWindows } from './live-windows';
import type { LiveSample } from './types';

interface Point {
  name: string;
  ok: boolean;
  ms: number;
}

export class K6SamplesTail {
  private offset = 0;
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly buckets = new Map<number, Point[]>();
  private readonly live: LiveWindows;
  private nextSec: number;
  private maxSec = -Infinity;

  constructor(
    private readonly path: string,
    functions: readonly string[],
    startEpochS: number,
    private readonly onSample: (s: LiveSample) => void,
    private readonly settleS = 1.5,
  ) {
    this.live = new LiveWindows(functions);
    this.nextSec = Math.floor(startEpochS);
  }

  /** Reads what k6 appended and reports every settled second up to `nowS` (epoch s). */
  async poll(nowS: number): Promise<void> {
    await this.readNew();
    this.emitUpTo(Math.floor(nowS - this.settleS));
  }

  /** After k6 exited: reads the rest and reports every second that saw points. */
  async finish(): Promise<void> {
    await this.readNew();
    this.partial += this.decoder.end();
    if (this.partial) this.ingest(this.partial);
    this.partial = '';
    this.emitUpTo(this.maxSec + 1);
  }

  ingest(line: string): void {
    // Most lines are other metrics: a substring test avoids parsing them.
    if (!line.includes('"http_req_duration"') || !line.includes('"Point"')) return;
    let p: { type?: string; metric?: string; data?: { time?: string; value?: number; tags?: Record<string, string> } };
    try {
      p = JSON.parse(line);
    } catch {
      return;
    }
    const name = p.data?.tags?.function;
    const t = Date.parse(p.data?.time ?? '');
    if (p.type !== 'Point' || p.metric !== 'http_req_duration' || !name || !Number.isFinite(t)) return;
    const status = Number(p.data?.tags?.status);
    const sec = Math.max(Math.floor(t / 1000), this.nextSec);
    this.maxSec = Math.max(this.maxSec, sec);
    let bucket = this.buckets.get(sec);
    if (!bucket) this.buckets.set(sec, (bucket = []));
    bucket.push({ name, ok: status >= 200 && status < 300, ms: Number(p.data?.value ?? NaN) });
  }

  private emitUpTo(endSec: number): void {
    for (; this.nextSec < endSec; this.nextSec++) {
      for (const pt of this.buckets.get(this.nextSec) ?? []) this.live.record(pt.name, pt.ok, pt.ms);
      this.buckets.delete(this.nextSec);
      this.onSample(this.live.flush(this.nextSec + 1));
    }
  }

  private async readNew(): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await open(this.path, 'r');
    } catch {
      return; // k6 has not created it yet
    }
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const text = this.partial + this.decoder.write(buf.subarray(0, bytesRead));
        const lines = text.split('\n');
        this.partial = lines.pop() ?? '';
        for (const l of lines) this.ingest(l);
      }
    } finally {
      await fh.close();
    }
  }
}
