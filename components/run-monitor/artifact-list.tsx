'use client';
import Link from 'next/link';
import { memo, useState } from 'react';
import { previewKind } from '@/lib/contract/artifact-preview';
import { ArtifactPreview } from './artifact-preview';
import { artifactHref, exploreHref } from '@/components/ui/links';
import { formatBytes, formatDateTime } from '@/components/ui/format';
import type { ArtifactFile, RunDetail } from '@/components/ui/api-types';
import { MemoryStatus } from './memory-status';

function ArtifactListImpl({
  runId,
  files,
  memoryFile,
  memoryCollect,
}: {
  runId: string;
  files: readonly ArtifactFile[] | undefined;
  memoryFile: string | null;
  memoryCollect: RunDetail['memoryCollect'] | undefined;
}) {
  const [preview, setPreview] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="artifacts-h">
      <div className="panel-head">
        <h2 id="artifacts-h">Artifacts</h2>
        {memoryFile && (
          <Link className="button primary" href={exploreHref(runId, memoryFile)} data-testid="explore-duckdb">
            Explore DuckDB
          </Link>
        )}
      </div>
      <MemoryStatus item={memoryCollect ?? null} />
      {!files ? (
        <p className="muted">Loading…</p>
      ) : files.length === 0 ? (
        <p className="muted">No files yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="artifact-list">
            <thead>
              <tr>
                <th>Path</th>
                <th className="num">Size</th>
                <th>Modified</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.path} data-path={f.path} className={f.path === memoryFile ? 'highlight' : undefined}>
                  <td>
                    <a href={artifactHref(runId, f.path)} target="_blank" rel="noreferrer">
                      {f.path}
                    </a>
                  </td>
                  <td className="num">{formatBytes(f.size)}</td>
                  <td>{formatDateTime(Date.parse(f.mtime))}</td>
                  <td>
                    <span className="row-actions">
                      {previewKind(f.path) && (
                        <button
                          type="button"
                          className="link-like"
                          onClick={() => setPreview(preview === f.path ? null : f.path)}
                          aria-expanded={preview === f.path}
                          aria-label={`Preview ${f.path}`}
                          data-testid="preview-artifact"
                        >
                          Preview
                        </button>
                      )}
                      <a href={artifactHref(runId, f.path, true)} download aria-label={`Download ${f.path}`}>
                        Download
                      </a>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview && <ArtifactPreview runId={runId} path={preview} onClose={() => setPreview(null)} />}
    </section>
  );
}

// Memoised: the run page re-renders once per animation frame while events stream in, and
// these props change only with a result, a throttled findings update or a poll.
export const ArtifactList = memo(ArtifactListImpl);
