// `k6 run` argv (contracts §7) plus the trend stats we keep (p99 too) and a JSON sample
// stream for live figures. The JSON --out goes last so user outputs keep their order.
import { join } from 'node:path';
import { SUMMARY_TREND_STATS } from '@/server/peva/k6-script';

export { SUMMARY_TREND_STATS };

export interface K6RunArgvInput {
  k6Path: string;
  workspace: string;
  outputs?: readonly string[];
  tags?: Readonly<Record<string, string>>;
}

export function k6RunArgv(i: K6RunArgvInput): string[] {
  const argv = [i.k6Path, 'run', '--summary-export', join(i.workspace, 'summary.json'), '--summary-trend-stats', SUMMARY_TREND_STATS];
  for (const out of i.outputs ?? []) argv.push('--out', out);
  for (const [k, v] of Object.entries(i.tags ?? {})) {
    if (k === '' || k.includes('=')) throw new Error(`k6 tag name "${k}" is invalid: it must be non-empty and contain no "="`);
    argv.push('--tag', `${k}=${v}`);
  }
  argv.push('--out', `json=${join(i.workspace, 'samples.json')}`, join(i.workspace, 'script.js'));
  return argv;
}
