// k6 metric names allow only [A-Za-z0-9_] and must not start with a digit (contracts §7).
// Private twin of server/peva/k6-script's k6MetricId so this folder has no ordering dependency on it.
export function metricId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? `fn_${id}` : id;
}

/** Throws when two function names collide on one metric id (their k6 metrics would merge). */
export function assertDistinctMetricIds(names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const id = metricId(name);
    const other = seen.get(id);
    if (other !== undefined && other !== name) {
      throw new Error(`functions "${other}" and "${name}" both map to k6 metric id "${id}": rename one of them`);
    }
    seen.set(id, name);
  }
}
