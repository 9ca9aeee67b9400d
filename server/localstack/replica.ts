// Starts one function replica (a function-worker.mjs process) and waits for the port it
// reports. Its stdout/stderr lines go to the function's log file, tagged with the replica.
import 'server-only';
import { fileURLToPath } from 'node:url';
import type { WriteStream } from 'node:fs';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';

export const WORKER_SCRIPT = fileURLToPath(new URL('./function-worker.mjs', import.meta.url));
const READY_TIMEOUT_MS = 15_000;

export interface Replica {
  id: string;
  proc: OwnedProcess;
  port: number;
  inflight: number;
  /** Taken out of load balancing, to be stopped once its requests finish. */
  draining: boolean;
  /** Last CPU seconds read from /proc: what it counts for once it has exited. */
  lastCpuSeconds: number;
}

export interface StartReplicaOptions {
  fn: string;
  id: string;
  log: WriteStream;
  /** Called with the pid as soon as the process exists (before it is ready). */
  onSpawn?: (pid: number) => void;
}

// The function sees a small, container-like environment rather than ours, so the `env`
// function never shows the controller's secrets.
function workerEnv(fn: string, id: string): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/home/app',
    HOSTNAME: `${fn}-${id}`,
    fprocess: `node function-worker.mjs --name ${fn}`,
    mode: 'http',
    read_timeout: '60s',
    write_timeout: '60s',
  };
}

export async function startReplica(opts: StartReplicaOptions): Promise<Replica> {
  const tag = `[${opts.fn}-${opts.id}]`;
  let reportPort: (port: number) => void = () => {};
  const portReported = new Promise<number>((resolve) => (reportPort = resolve));
  const proc = spawnOwned([process.execPath, WORKER_SCRIPT, '--name', opts.fn, '--port', '0'], {
    name: `fn-${opts.fn}-${opts.id}`,
    env: workerEnv(opts.fn, opts.id),
    // In the stack's own group: a SIGKILL of the stack's group ends its replicas too.
    processGroup: 'parent',
    onStdoutLine: (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match?.[1]) reportPort(Number(match[1]));
      else opts.log.write(`${tag} ${line}\n`);
    },
    onStderrLine: (line) => opts.log.write(`${tag} ${line}\n`),
  });
  opts.onSpawn?.(proc.pid);
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await Promise.race([
      portReported,
      proc.exited.then((info) => {
        throw new Error(
          `replica ${tag} exited before listening (code ${info.code}, signal ${info.signal}); see its log`,
        );
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`replica ${tag} did not report its port within ${READY_TIMEOUT_MS} ms`)),
          READY_TIMEOUT_MS,
        );
      }),
    ]);
    opts.log.write(`${tag} pid ${proc.pid} listening on 127.0.0.1:${port}\n`);
    return { id: opts.id, proc, port, inflight: 0, draining: false, lastCpuSeconds: 0 };
  } catch (err) {
    await proc.stop(1000);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
