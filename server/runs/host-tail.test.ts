// followHostFile on a remote host: re-attaching after a dropped transport loses nothing
// and repeats nothing, even when the transport died in the middle of a line.
import { describe, expect, it } from 'vitest';
import type { ExecResult, Host, StreamOptions } from '@/server/hosts/host';
import { followHostFile, type TailedLine } from './host-tail';

/** A Host whose `tail -c +N -F` serves `file` from N, cut after `cutAt[i]` bytes on the i-th attach. */
function remoteHost(file: string, cutAt: (number | undefined)[]) {
  const streams: string[][] = [];
  const execs: string[][] = [];
  const host: Host = {
    name: 'vm-runner',
    role: 'runner',
    provider: 'multipass',
    lbWorkdir: '/home/ubuntu/lb_workdir',
    stream(argv: readonly string[], opts: StreamOptions = {}) {
      const attach = streams.push([...argv]) - 1;
      const from = Number(argv[2]!.slice(1)) - 1;
      const cut = cutAt[attach];
      const bytes = Buffer.from(file)
        .subarray(from, cut === undefined ? undefined : from + cut)
        .toString();
      let stopped!: () => void;
      const exited = new Promise<{ code: number | null }>((resolve) => (stopped = () => resolve({ code: null })));
      setTimeout(() => {
        // readline hands a trailing partial line over when the pipe closes.
        const parts = bytes.split('\n');
        const tail = parts.pop()!;
        for (const l of parts) opts.onStdoutLine?.(l);
        if (cut !== undefined) {
          if (tail) opts.onStdoutLine?.(tail);
          stopped();
        }
      }, 5);
      opts.signal?.addEventListener('abort', () => stopped());
      return { exited, stop: async () => stopped() };
    },
    async exec(argv) {
      execs.push([...argv]);
      return { argv, code: 1, stdout: '', stderr: '', timedOut: false } satisfies ExecResult;
    },
    push: async () => {},
    pull: async () => {},
    writeFile: async () => {},
    fileExists: async () => true,
    readText: async () => null,
    isAlive: async () => false,
    signalGroup: async () => false,
    address: async () => '10.0.0.2',
  };
  return { host, streams, execs };
}

async function collect(host: Host, n: number, from = 0): Promise<TailedLine[]> {
  const ac = new AbortController();
  const out: TailedLine[] = [];
  for await (const l of followHostFile(host, '/home/ubuntu/lb_workdir/r/events.stream', from, ac.signal)) {
    out.push(l);
    if (out.length === n) ac.abort();
  }
  return out;
}

describe('followHostFile (remote host)', () => {
  it('re-attaches one line back: a torn line comes again in full, a whole one is not repeated', async () => {
    const file = 'LB_EVENT {"a":1}\nLB_EVENT {"b":2}\nLB_EVENT {"c":3}\nLB_EVENT {"d":4}\n';
    // 1st attach dies inside line c; 2nd (from c's start) right after line c; 3rd runs on.
    const { host, streams, execs } = remoteHost(file, [40, 17, undefined]);
    const lines = await collect(host, 5);
    expect(lines.map((l) => l.line)).toEqual([
      'LB_EVENT {"a":1}',
      'LB_EVENT {"b":2}',
      'LB_EVE',
      'LB_EVENT {"c":3}',
      'LB_EVENT {"d":4}',
    ]);
    expect(lines.at(-1)?.endOffset).toBe(Buffer.byteLength(file));
    expect(lines[3]?.endOffset).toBe(51);
    expect(streams.map((a) => a.slice(0, 4).join(' '))).toEqual(['tail -c +1 -F', 'tail -c +35 -F', 'tail -c +35 -F']);
    // Each ended transport's remote tail is ended by its exact command line.
    expect(execs[0]).toEqual(['pkill', '-x', '-f', 'tail -c \\+1 -F /home/ubuntu/lb_workdir/r/events\\.stream']);
  }, 10_000);

  it('starts at the given offset', async () => {
    const file = 'x\nLB_EVENT {"b":2}\n';
    const { host, streams } = remoteHost(file, [undefined]);
    expect(await collect(host, 1, 2)).toEqual([{ line: 'LB_EVENT {"b":2}', endOffset: file.length }]);
    expect(streams[0]?.[2]).toBe('+3');
  });
});
