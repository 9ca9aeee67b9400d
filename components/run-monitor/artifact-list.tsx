import Link from 'next/link';
import { artifactHref, exploreHref } from '@/components/ui/links';
import { formatBytes, formatDateTime } from '@/components/ui/format';
import type { ArtifactFile, RunDetail } from '@/components/ui/api-types';
import { MemoryStatus } from './memory-status';

export function ArtifactList({
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
                    <a href={artifactHref(runId, f.path, true)} download aria-label={`Download ${f.path}`}>
                      Download
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
