// `k6 run` argv (FORMATS.md §7) plus the trend stats we keep (p99 too) and a JSON sample
// stream for live figures. The JSON --out goes last so user outputs keep their order.
import 'server-only';
import { join } from 'node:path';
import { k6Argv, SUMMARY_TREND_STATS, type K6ArgvInput } from '@/server/peva/k6-script';

export { SUMMARY_TREND_STATS };

export type K6RunArgvInput = K6ArgvInput;

/** lb's launch command (peva/k6-script `k6Argv`) with our JSON sample output before the script. */
export function k6RunArgv(i: K6RunArgvInput): string[] {
  for (const k of Object.keys(i.tags ?? {})) {
    if (k === '' || k.includes('='))
      throw new Error(`k6 tag name "${k}" is invalid: it must be non-empty and contain no "="`);
  }
  const argv = k6Argv(i);
  const script = argv.pop()!;
  return [...argv, '--out', `json=${join(i.workspace, 'samples.json')}`, script];
}
