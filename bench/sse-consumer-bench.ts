// What reading one live event costs the page's main thread: tRPC's httpSubscriptionLink (its
// SSE consumer: a ReadableStream, an async generator, a timeout timer per message, observables)
// against the run page's own reader (components/run-monitor/event-stream.ts), both fed the
// same LB_EVENT frames by the same in-process EventSource stand-in. CPU time per event, three
// rounds each, in one run.   npx tsx bench/sse-consumer-bench.ts
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import type { AppRouter } from '@/server/api/root';
import { openEventStream, type EventSourceLike } from '@/components/run-monitor/event-stream';

const N = 20_000;
const frame = (seq: number) =>
  JSON.stringify({
    run_id: 'bench',
    host: 'local-runner',
    workload: 'peva_faas',
    repetition: 1,
    total_repetitions: 1,
    status: 'running',
    message: `bench#${seq}`,
    timestamp: 1_764_000_000,
    type: 'log',
    level: 'DEBUG',
    logger: 'bench',
    seq,
  });

type Listener = (ev: { data?: string; lastEventId?: string }) => void;

/** Sends `connected`, then N data frames, yielding to the loop every 20 (as a socket would). */
class BenchEventSource implements EventSourceLike {
  readonly CLOSED = 2;
  readyState = 1;
  readonly #listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    setImmediate(() => void this.#send());
  }
  addEventListener(type: string, l: Listener) {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), l]);
  }
  removeEventListener() {}
  close() {
    this.readyState = 2;
  }
  #emit(type: string, ev: { data?: string; lastEventId?: string }) {
    for (const l of this.#listeners.get(type) ?? []) l(ev);
  }
  async #send() {
    this.#emit('connected', { data: JSON.stringify({ reconnectAfterInactivityMs: 8000 }) });
    for (let i = 1; i <= N && this.readyState !== 2; i++) {
      this.#emit('message', { data: frame(i), lastEventId: String(i) });
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
  }
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};

function viaTrpcLink(): Promise<number> {
  return new Promise((resolve) => {
    const c0 = process.cpuUsage();
    let n = 0;
    const client = createTRPCClient<AppRouter>({
      links: [
        httpSubscriptionLink({
          url: 'http://bench/api/trpc',
          EventSource: BenchEventSource as unknown as typeof EventSource,
        }),
      ],
    });
    const sub = client.runs.events.subscribe(
      { runId: 'bench', lastEventId: null },
      {
        onData: () => {
          if (++n < N) return;
          sub.unsubscribe();
          resolve(cpuMs(c0));
        },
      },
    );
  });
}

function viaEventStream(): Promise<number> {
  return new Promise((resolve) => {
    const c0 = process.cpuUsage();
    let n = 0;
    const close = openEventStream(
      { url: () => 'http://bench/api/trpc/runs.events', lastSeq: 0, open: (url) => new BenchEventSource(url) },
      {
        onEvent: () => {
          if (++n < N) return;
          close();
          resolve(cpuMs(c0));
        },
        onState: () => undefined,
        onEnd: () => undefined,
        onError: () => undefined,
      },
    );
  });
}

console.log(`reading ${N} live events (CPU per event, this process, node ${process.version})`);
for (let round = 1; round <= 3; round++) {
  const link = await viaTrpcLink();
  const ours = await viaEventStream();
  console.log(
    `round ${round}: tRPC httpSubscriptionLink ${((link / N) * 1000).toFixed(1)} µs · event-stream.ts ${((ours / N) * 1000).toFixed(1)} µs · ratio ${(link / ours).toFixed(1)}×`,
  );
}
