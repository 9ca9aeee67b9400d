// What the run page previews of an artifact in place: a CSV as a table, JSON pretty-printed,
// text as is — always the first PREVIEW_BYTES of the file (download for the rest).
import { z } from 'zod';
import { RunIdSchema } from './run-tree';

export const PREVIEW_BYTES = 256 * 1024;

export const ArtifactPreviewInputSchema = z.object({
  runId: RunIdSchema,
  path: z.string().min(1).max(1024),
});

export type ArtifactPreview =
  | { kind: 'csv'; header: string[]; rows: string[][]; truncated: boolean; size: number }
  | { kind: 'json' | 'text'; text: string; truncated: boolean; size: number };

/** How a file is previewed, by its name; null: not previewable (DuckDB, binaries). */
export function previewKind(path: string): 'csv' | 'json' | 'text' | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(jsonl|log|txt|stream|js|yaml|yml)$/.test(lower)) return 'text';
  return null;
}
