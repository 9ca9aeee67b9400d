// URLs of a run's artifacts and of the explorer opened on one of them. The artifact route
// takes the path as URL segments, so each segment is encoded on its own ("/" must stay).

export function artifactHref(runId: string, relPath: string, download = false): string {
  const segments = relPath.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  return `/api/artifacts/${encodeURIComponent(runId)}/${segments}${download ? '?download=1' : ''}`;
}

/**
 * `/explore?src=<url-encoded artifact URL>`, the explorer's documented entry point, optionally
 * `&compare=<artifact URL>` to open a second run's file beside it.
 */
export function exploreHref(runId: string, relPath: string, compare?: string): string {
  const src = `/explore?src=${encodeURIComponent(artifactHref(runId, relPath))}`;
  return compare ? `${src}&compare=${encodeURIComponent(compare)}` : src;
}

export function runHref(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

/** `/compare?a=<ref>&b=<ref>`: B against A; without A, against the baseline of B's workload. */
export function compareHref(b: string, a?: string, tolerancePct?: number): string {
  const q = new URLSearchParams();
  if (a) q.set('a', a);
  q.set('b', b);
  if (tolerancePct !== undefined) q.set('tol', String(tolerancePct));
  return `/compare?${q.toString()}`;
}

/** The self-contained HTML report of a run (or file), optionally compared with another. */
export function reportHref(ref: string, compare?: string): string {
  const q = new URLSearchParams({ ref });
  if (compare) q.set('compare', compare);
  return `/api/report?${q.toString()}`;
}
