// Starts Debian's node-exporter and Prometheus on free loopback ports, logging to files,
// and waits until Prometheus is ready and has node samples (the k3s role's own check).
import 'server-only';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { waitFor } from '@/server/process/wait-for';
import { AddressInUseError, withFreePort } from './free-port';
import { prometheusConfig, type ScrapeJob } from './prometheus-config';

export interface MonitorProcess {
  proc: OwnedProcess;
  url: string;
  port: number;
}

// Only what the PEVA-FAAS queries and a node dashboard need: fewer collectors keep a 1 s
// scrape cheap, and the defaults include ones (systemd, …) that log errors every scrape
// on hosts without them.
const NODE_COLLECTORS = [
  'cpu',
  'meminfo',
  'loadavg',
  'stat',
  'vmstat',
  'netdev',
  'diskstats',
  'filesystem',
  'uname',
  'time',
  'pressure',
];

function logTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

async function startLogged(
  argv: string[],
  name: string,
  logPath: string,
  port: number,
  ready: () => Promise<boolean>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<MonitorProcess> {
  const fd = openSync(logPath, 'a');
  let proc: OwnedProcess;
  try {
    // In the stack's own group: a SIGKILL of the stack's group ends Prometheus too.
    proc = spawnOwned(argv, { name, stdio: ['ignore', fd, fd], signal, processGroup: 'parent' });
  } finally {
    closeSync(fd); // the child holds its own copy
  }
  try {
    await waitFor(ready, { what: `${name} ready on 127.0.0.1:${port}`, timeoutMs, exited: proc.exited, signal });
  } catch (err) {
    await proc.stop(2000);
    const tail = logTail(logPath);
    if (/address already in use/i.test(tail)) throw new AddressInUseError(port, name);
    throw new Error(`${err instanceof Error ? err.message : String(err)}; last lines of ${logPath}:\n${tail}`, {
      cause: err,
    });
  }
  return { proc, port, url: `http://127.0.0.1:${port}` };
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.ok;
}

export function startNodeExporter(bin: string, logDir: string, signal?: AbortSignal): Promise<MonitorProcess> {
  return withFreePort((port) => {
    const argv = [
      bin,
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      ...NODE_COLLECTORS.map((c) => `--collector.${c}`),
    ];
    return startLogged(
      argv,
      'node-exporter',
      join(logDir, 'node-exporter.log'),
      port,
      () => httpOk(`http://127.0.0.1:${port}/metrics`),
      20_000,
      signal,
    );
  });
}

async function hasNodeSamples(url: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/query?query=node_cpu_seconds_total`, { signal: AbortSignal.timeout(2000) });
  const body = (await res.json()) as { data?: { result?: unknown[] } };
  return res.ok && (body.data?.result?.length ?? 0) > 0;
}

export interface StartPrometheusOptions {
  bin: string;
  dir: string;
  logDir: string;
  nodeExporterPort: number;
  gatewayPort: number;
  extraJobs?: readonly ScrapeJob[];
  signal?: AbortSignal;
}

export function startPrometheus(o: StartPrometheusOptions): Promise<MonitorProcess> {
  const promDir = join(o.dir, 'prometheus');
  mkdirSync(join(promDir, 'data'), { recursive: true });
  return withFreePort((port) => {
    const configFile = join(promDir, 'prometheus.yml');
    writeFileSync(
      configFile,
      prometheusConfig({
        prometheusPort: port,
        nodeExporterPort: o.nodeExporterPort,
        gatewayPort: o.gatewayPort,
        extraJobs: o.extraJobs,
      }),
    );
    const url = `http://127.0.0.1:${port}`;
    const argv = [
      o.bin,
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(promDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ];
    const ready = async () => (await httpOk(`${url}/-/ready`)) && (await hasNodeSamples(url));
    return startLogged(argv, 'prometheus', join(o.logDir, 'prometheus.log'), port, ready, 60_000, o.signal);
  });
}
