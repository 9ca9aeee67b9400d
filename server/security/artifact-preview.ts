// The in-page preview of a run artifact: its first PREVIEW_BYTES, read through the same guard
// as downloads (inside the run directory, no symlink escape), parsed as lb writes CSV.
import 'server-only';
import { PREVIEW_BYTES, previewKind, type ArtifactPreview } from '@/lib/contract/artifact-preview';
import { readCsvRows } from '@/server/peva/csv';
import { openRunFile, NotAFileError } from './run-files';

/** Only whole lines of a cut file: the last, partial one is left out. */
function wholeLines(text: string, truncated: boolean): string {
  if (!truncated) return text;
  const end = text.lastIndexOf('\n');
  return end < 0 ? '' : text.slice(0, end + 1);
}

export async function previewArtifact(outputRoot: string, runId: string, path: string): Promise<ArtifactPreview> {
  const kind = previewKind(path);
  if (!kind) throw new NotAFileError(`${path} (no preview for this kind of file: download it)`);
  const file = await openRunFile(outputRoot, runId, path);
  let text: string;
  try {
    const buf = Buffer.alloc(Math.min(file.size, PREVIEW_BYTES));
    const { bytesRead } = await file.handle.read(buf, 0, buf.length, 0);
    text = buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.handle.close();
  }
  const truncated = file.size > PREVIEW_BYTES;
  if (kind === 'csv') {
    // lb's index.csv (and ours beside it) is ';'-delimited; every other CSV it writes uses ','.
    const body = wholeLines(text, truncated);
    const delimiter = /(^|\/)index(-lbweb)?\.csv$/.test(path) ? ';' : ',';
    let rows: string[][];
    try {
      rows = readCsvRows(body, { delimiter });
    } catch {
      return { kind: 'text', text: body, truncated, size: file.size };
    }
    const [header = [], ...rest] = rows;
    return { kind: 'csv', header, rows: rest.filter((r) => r.length > 0), truncated, size: file.size };
  }
  if (kind === 'json' && !truncated) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2), truncated, size: file.size };
    } catch {
      // Not valid JSON (lb writes NaN bare): shown as it is.
    }
  }
  return { kind: kind === 'json' ? 'json' : 'text', text: wholeLines(text, truncated), truncated, size: file.size };
}
