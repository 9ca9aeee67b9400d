// `k6 run` argv (FORMATS.md §7): lb's command (peva/k6-script `k6Argv`: summary export, user
// outputs, run tags) plus one output of ours, a JSON sample stream for the live per-second
// figures. It goes last so user outputs keep their order. Like lb we pass no
// --summary-trend-stats, so k6's summary has its default trend statistics (no p(99)).
import 'server-only';
import { join } from 'node:path';
import { k6Argv, SUMMARY_TREND_STATS, type K6ArgvInput } from '@/server/peva/k6-script';

export { SUMMARY_TREND_STATS };

export type K6RunArgvInput = K6ArgvInput;

/** The live sample output lb-web adds to lb's command, just before the script. */
export const k6SamplesOut = (workspace: string): string[] => ['--out', `json=${join(workspace, 'samples.json')}`];

/** lb's launch command (peva/k6-script `k6Argv`) with our JSON sample output before the script. */
export function k6RunArgv(i: K6RunArgvInput): string[] {
  for (const k of Object.keys(i.tags ?? {})) {
    if (k === '' || k.includes('='))
      throw new Error(`k6 tag name "${k}" is invalid: it must be non-empty and contain no "="`);
  }
  const argv = k6Argv(i);
  const script = argv.pop()!;
  return [...argv, ...k6SamplesOut(i.workspace), script];
}
