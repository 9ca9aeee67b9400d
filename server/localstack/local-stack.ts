// The embedded default target: what the k3s host is, without Multipass. Function
// replicas behind an OpenFaaS-shaped gateway, plus Debian's node-exporter and Prometheus
// scraping them, all owned by this process and stopped together.
import 'server-only';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { autoscaleSchema, type AutoscaleInput } from './autoscaler';
import type { BasicAuthCredentials } from './basic-auth';
import { findBinary, NODE_EXPORTER, PROMETHEUS } from './binaries';
import { FunctionDeployment } from './function-deployment';
import { startGateway, type Gateway } from './gateway';
import { startNodeExporter, startPrometheus, type MonitorProcess } from './monitoring';

export const KNOWN_FUNCTIONS = ['figlet', 'env', 'cpu-burn'] as const;

export interface LocalStackOptions {
  /** The host's directory: logs/, prometheus/ (config and TSDB) live under it. */
  dir: string;
  /** Functions to deploy; default all of KNOWN_FUNCTIONS. */
  functions?: string[];
  basicAuth?: BasicAuthCredentials;
  gatewayPort?: number;
  /** Aborting during start-up undoes it and rejects; aborting later stops the stack. */
  signal?: AbortSignal;
  autoscale?: AutoscaleInput;
  prometheusBin?: string;
  nodeExporterBin?: string;
  log?: (line: string) => void;
}

export interface LocalStack {
  gatewayUrl: string;
  prometheusUrl: string;
  nodeExporterUrl: string;
  functionNames: string[];
  /** Every pid the stack started (replicas included, even exited ones). */
  pids(): number[];
  stop(): Promise<void>;
}

function checkFunctions(names: readonly string[]): string[] {
  const unknown = names.filter((n) => !(KNOWN_FUNCTIONS as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(
      `unknown function(s) ${unknown.join(', ')}: the local stack provides ${KNOWN_FUNCTIONS.join(', ')}`,
    );
  if (!names.length) throw new Error(`no function to deploy: choose among ${KNOWN_FUNCTIONS.join(', ')}`);
  return [...new Set(names)];
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  const names = checkFunctions(opts.functions ?? [...KNOWN_FUNCTIONS]);
  const autoscale = autoscaleSchema.parse(opts.autoscale ?? {});
  // Missing binaries fail before anything is started.
  const prometheusBin = findBinary(PROMETHEUS, opts.prometheusBin);
  const nodeExporterBin = findBinary(NODE_EXPORTER, opts.nodeExporterBin);
  const dir = resolve(opts.dir);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const deployments = new Map(names.map((n) => [n, new FunctionDeployment(n, autoscale, logDir)] as const));
  const monitors: MonitorProcess[] = [];
  let gateway: Gateway | undefined;
  let stopping: Promise<void> | undefined;
  const onAbort = () => void stop();
  // Reverse order of start: the gateway stops taking requests before replicas go away.
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      opts.signal?.removeEventListener('abort', onAbort);
      await gateway?.close();
      await Promise.all([...deployments.values()].map((d) => d.stop()));
      await Promise.all(monitors.map((m) => m.proc.stop(5000)));
      log('local stack stopped');
    })());
  const pids = () => [...[...deployments.values()].flatMap((d) => [...d.pids]), ...monitors.map((m) => m.proc.pid)];

  try {
    opts.signal?.throwIfAborted();
    await Promise.all([...deployments.values()].map((d) => d.start()));
    log(`functions up: ${names.join(', ')}`);
    opts.signal?.throwIfAborted();
    gateway = await startGateway({ deployments, basicAuth: opts.basicAuth, port: opts.gatewayPort });
    log(`gateway on ${gateway.url}${opts.basicAuth ? ' (basic auth on /system/*)' : ''}`);
    const nodeExporter = await startNodeExporter(nodeExporterBin, logDir, opts.signal);
    monitors.push(nodeExporter);
    log(`node-exporter on ${nodeExporter.url}`);
    const prometheus = await startPrometheus({
      bin: prometheusBin,
      dir,
      logDir,
      nodeExporterPort: nodeExporter.port,
      gatewayPort: gateway.port,
      signal: opts.signal,
    });
    monitors.push(prometheus);
    log(`prometheus on ${prometheus.url}`);
    opts.signal?.throwIfAborted();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    return {
      gatewayUrl: gateway.url,
      prometheusUrl: prometheus.url,
      nodeExporterUrl: nodeExporter.url,
      functionNames: names,
      pids,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
