// Links into the explorer for other pages (run page, runs list): `/explore?src=<artifact URL>`,
// optionally `&compare=<artifact URL>` for a baseline run. The memory file of a run lives at
// <run_dir>/memory/<runner_host>/peva_faas.duckdb (contracts §5), served by the artifact route.

import { artifactHref } from '@/components/ui/links';

/** URL of a run's artifact, each path segment encoded (the shared builder in ui/links). */
export function artifactUrl(runId: string, relativePath: string): string {
  return artifactHref(runId, relativePath);
}

export function memoryFileUrl(runId: string, runnerHost: string, fileName = 'peva_faas.duckdb'): string {
  return artifactUrl(runId, `memory/${runnerHost}/${fileName}`);
}

/** The explorer opened on a run's memory file, optionally compared with another run's. */
export function exploreHref(src: string, compare?: string): string {
  const q = new URLSearchParams({ src });
  if (compare) q.set('compare', compare);
  return `/explore?${q.toString()}`;
}
