// The config hash of lb's journal metadata and of run_sessions.config_hash: sha256 of a
// JSON dump with object keys sorted at every level, so equal configs hash equally.
// Kept apart from the config schema so the browser form does not pull in node:crypto.
import 'server-only';
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as Record<string, unknown>)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** sha256 hex of the sorted-keys JSON dump. */
export function configHash(config: unknown): string {
  return createHash('sha256')
    .update(stableStringify(config ?? null))
    .digest('hex');
}
