// One function "deployment": its replicas (worker processes), least-loaded balancing,
// the autoscaling loop, and the CPU/memory accounting exported under cAdvisor's names.
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { RateMeter, decideScale, initialScaleState, type AutoscaleConfig, type ScaleState } from './autoscaler';
import { FUNCTION_NAMESPACE, type FunctionUsage } from './cadvisor-metrics';
import { readProcUsage } from './proc-usage';
import { startReplica, type Replica } from './replica';

export interface FunctionStatus {
  name: string;
  namespace: string;
  image: string;
  envProcess: string;
  replicas: number;
  availableReplicas: number;
  invocationCount: number;
  createdAt: string;
}

const ACQUIRE_TIMEOUT_MS = 10_000;
const DRAIN_TIMEOUT_MS = 10_000;
const RESPAWN_BACKOFF_MS = 1000;

export class FunctionDeployment {
  readonly podUid = randomUUID();
  readonly containerId = createHash('sha256').update(this.podUid).digest('hex');
  private readonly createdAt = new Date().toISOString();
  private readonly replicas: Replica[] = [];
  private readonly pendingStarts = new Set<Promise<void>>();
  private readonly waiters: Array<() => void> = [];
  private readonly retiring = new Set<Promise<void>>();
  private readonly meter: RateMeter;
  private readonly log: WriteStream;
  private scale: ScaleState;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private nextSpawnAt = 0;
  private seq = 0;
  private rr = 0;
  private started = 0;
  private invocations = 0;
  private retiredCpuSeconds = 0;
  private reportedCpuSeconds = 0;
  /** Every pid this deployment ever started, so tests can prove none outlives stop(). */
  readonly pids = new Set<number>();

  constructor(
    readonly name: string,
    private readonly cfg: AutoscaleConfig,
    logDir: string,
  ) {
    this.scale = initialScaleState(cfg);
    this.meter = new RateMeter(cfg.rpsWindowMs);
    this.log = createWriteStream(join(logDir, `fn-${name}.log`), { flags: 'a' });
  }

  /** Starts the minimum replicas, waits for them, then starts the autoscaling loop. */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.scale.replicas }, () => this.spawn(true)));
    this.timer = setInterval(() => this.tick(), this.cfg.tickMs).unref();
  }

  /** Takes the least busy replica (round-robin among equals), waiting briefly if none is up. */
  async acquire(): Promise<Replica> {
    const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
    for (;;) {
      if (this.stopping) throw new Error(`function ${this.name} is stopping`);
      const ready = this.replicas.filter((r) => !r.draining);
      if (ready.length) {
        this.rr = (this.rr + 1) % ready.length;
        // First least-busy replica, scanning from the round-robin position (no per-request copies).
        let pick = ready[this.rr]!;
        for (let k = 1; k < ready.length; k++) {
          const r = ready[(this.rr + k) % ready.length]!;
          if (r.inflight < pick.inflight) pick = r;
        }
        pick.inflight += 1;
        return pick;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no replica of ${this.name} became available within ${ACQUIRE_TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  release(replica: Replica): void {
    replica.inflight -= 1;
    this.invocations += 1;
  }

  recordStart(): void {
    this.started += 1;
  }

  status(): FunctionStatus {
    return {
      name: this.name,
      namespace: FUNCTION_NAMESPACE,
      image: `ghcr.io/openfaas/${this.name}:latest`,
      envProcess: `node function-worker.mjs --name ${this.name}`,
      replicas: this.scale.replicas,
      availableReplicas: this.replicas.filter((r) => !r.draining).length,
      invocationCount: this.invocations,
      createdAt: this.createdAt,
    };
  }

  /** CPU (monotonic: includes replicas that have exited) and current memory of all replicas. */
  usage(): FunctionUsage {
    let rssBytes = 0;
    for (const r of this.replicas) {
      const u = readProcUsage(r.proc.pid);
      if (!u) continue;
      r.lastCpuSeconds = Math.max(r.lastCpuSeconds, u.cpuSeconds);
      rssBytes += u.rssBytes;
    }
    const cpu = this.retiredCpuSeconds + this.replicas.reduce((s, r) => s + r.lastCpuSeconds, 0);
    this.reportedCpuSeconds = Math.max(this.reportedCpuSeconds, cpu);
    return {
      name: this.name,
      podUid: this.podUid,
      containerId: this.containerId,
      cpuSeconds: this.reportedCpuSeconds,
      rssBytes,
    };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.waiters.splice(0).forEach((wake) => wake());
    await Promise.allSettled([...this.pendingStarts]);
    await Promise.all(this.replicas.splice(0).map((r) => r.proc.stop(2000)));
    await Promise.allSettled([...this.retiring]);
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private inflight(): number {
    return this.replicas.reduce((s, r) => s + r.inflight, 0);
  }

  private tick(): void {
    const now = Date.now();
    const rps = this.meter.observe(now, this.started);
    const before = this.scale.replicas;
    this.scale = decideScale(this.cfg, this.scale, { now, rps, inflight: this.inflight() });
    if (this.scale.replicas !== before)
      this.log.write(`[${this.name}] scale ${before} -> ${this.scale.replicas} (rps ${rps.toFixed(1)})\n`);
    this.usage(); // keeps lastCpuSeconds fresh for replicas that exit before the next scrape
    this.reconcile(now);
  }

  private reconcile(now: number): void {
    const active = this.replicas.filter((r) => !r.draining);
    const target = this.scale.replicas;
    if (active.length + this.pendingStarts.size < target && now >= this.nextSpawnAt) {
      for (let i = active.length + this.pendingStarts.size; i < target; i++) void this.spawn(false);
    } else if (active.length > target) {
      // Retire the newest idle-most replicas first; the oldest keeps serving.
      const victims = [...active]
        .reverse()
        .sort((a, b) => a.inflight - b.inflight)
        .slice(0, active.length - target);
      for (const r of victims) {
        const task = this.retire(r).finally(() => this.retiring.delete(task));
        this.retiring.add(task);
      }
    }
  }

  private spawn(initial: boolean): Promise<void> {
    const id = `${(++this.seq).toString(36)}${this.podUid.slice(0, 4)}`;
    const task = startReplica({ fn: this.name, id, log: this.log, onSpawn: (pid) => this.pids.add(pid) }).then(
      (replica) => {
        if (this.stopping) return replica.proc.stop(1000).then(() => {});
        this.replicas.push(replica);
        void replica.proc.exited.then(() => this.forget(replica, 'exited unexpectedly'));
        this.waiters.splice(0).forEach((wake) => wake());
      },
      (err: unknown) => {
        this.nextSpawnAt = Date.now() + RESPAWN_BACKOFF_MS;
        this.log.write(`[${this.name}] ${err instanceof Error ? err.message : String(err)}\n`);
        if (initial) throw err;
      },
    );
    const tracked = task.catch(() => {}).finally(() => this.pendingStarts.delete(tracked));
    this.pendingStarts.add(tracked);
    return task;
  }

  /** Removes a replica from the pool, keeping its CPU seconds in the function's counter. */
  private forget(replica: Replica, why: string): void {
    const i = this.replicas.indexOf(replica);
    if (i < 0) return;
    this.replicas.splice(i, 1);
    this.retiredCpuSeconds += replica.lastCpuSeconds;
    if (!this.stopping) this.log.write(`[${this.name}-${replica.id}] ${why}\n`);
  }

  private async retire(replica: Replica): Promise<void> {
    replica.draining = true;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (replica.inflight > 0 && Date.now() < deadline && !this.stopping) await new Promise((r) => setTimeout(r, 50));
    const u = readProcUsage(replica.proc.pid);
    if (u) replica.lastCpuSeconds = Math.max(replica.lastCpuSeconds, u.cpuSeconds);
    this.forget(replica, 'scaled down');
    await replica.proc.stop(2000);
  }
}
