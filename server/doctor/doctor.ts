// `lb-web doctor` and the /doctor page: what this machine has for lb-web, and the fix for
// each missing piece. Required items break the default (local provider) workflow; the rest
// are needed only for Multipass, real k6 or the browser tests.
import 'server-only';
import {
  binaryCheck,
  duckdbCheck,
  esbuildCheck,
  EXTRA_DIRS,
  multipassDaemonCheck,
  nodeCheck,
  type CheckEnv,
  type DoctorItem,
} from './doctor-checks';

export type { DoctorItem } from './doctor-checks';

export interface DoctorReport {
  items: DoctorItem[];
  /** Every required item is present. */
  ok: boolean;
  checkedAt: string;
}

export async function runDoctor(opts: Partial<CheckEnv> = {}): Promise<DoctorReport> {
  const env: CheckEnv = {
    path: opts.path ?? process.env.PATH ?? '',
    extraDirs: opts.extraDirs ?? EXTRA_DIRS,
    multipassBinary: opts.multipassBinary ?? process.env.LBWEB_MULTIPASS_BIN ?? 'multipass',
  };
  const items = await Promise.all([
    nodeCheck(),
    duckdbCheck(),
    binaryCheck(
      {
        id: 'prometheus',
        name: 'Prometheus',
        required: true,
        fix: 'apt-get install -y prometheus',
        neededFor: 'the local provider (k3s role: metrics)',
      },
      ['prometheus'],
      ['--version'],
      env,
    ),
    binaryCheck(
      {
        id: 'node-exporter',
        name: 'Prometheus node exporter',
        required: true,
        fix: 'apt-get install -y prometheus-node-exporter',
        neededFor: 'the local provider (k3s role: node metrics)',
      },
      ['prometheus-node-exporter', 'node_exporter'],
      ['--version'],
      env,
    ),
    binaryCheck(
      {
        id: 'k6',
        name: 'k6',
        required: false,
        fix: "install k6 from Grafana's apt repository (https://grafana.com/docs/k6/latest/set-up/install-k6/); without it the built-in load driver is used",
        neededFor: 'real k6 load on the local runner',
      },
      ['k6'],
      ['version'],
      env,
      /k6/,
    ),
    binaryCheck(
      {
        id: 'multipass',
        name: 'Multipass',
        required: false,
        fix: 'sudo snap install multipass',
        neededFor: 'the multipass provider',
      },
      [env.multipassBinary],
      ['version'],
      env,
    ),
    multipassDaemonCheck(env),
    binaryCheck(
      {
        id: 'chromium',
        name: 'Chromium',
        required: false,
        fix: 'apt-get install -y chromium',
        neededFor: 'the end-to-end browser tests',
      },
      ['chromium', 'chromium-browser'],
      ['--version'],
      env,
    ),
    esbuildCheck(),
  ]);
  return { items, ok: items.every((i) => i.ok || !i.required), checkedAt: new Date().toISOString() };
}

/** The report as text lines (the CLI prints them; tests read them). */
export function formatDoctor(report: DoctorReport): string[] {
  const width = Math.max(...report.items.map((i) => i.name.length));
  const lines: string[] = [];
  for (const i of report.items) {
    const mark = i.ok ? 'ok      ' : i.required ? 'MISSING ' : 'missing ';
    lines.push(`${mark}${i.name.padEnd(width)}  ${i.detail}`);
    if (!i.ok)
      lines.push(
        `${' '.repeat(8 + width + 2)}fix: ${i.fix}  (needed for ${i.neededFor}${i.required ? '' : '; optional'})`,
      );
  }
  const missing = report.items.filter((i) => !i.ok);
  lines.push(
    report.ok
      ? `ready for the local provider${missing.length ? `; ${missing.length} optional item(s) missing` : ''}`
      : `${missing.filter((i) => i.required).length} required item(s) missing: see the fixes above`,
  );
  return lines;
}
