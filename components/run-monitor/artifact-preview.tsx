'use client';
// An artifact shown in the page: a CSV as a table (rows windowed in a scrolling box, so a
// 256 KiB preview of thousands of rows stays light), JSON and text as they are. Bounded by the
// server to the file's first 256 KiB; the download link gives the whole file.
import { useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { formatBytes } from '@/components/ui/format';
import { artifactHref } from '@/components/ui/links';
import { useWindowedRows } from '@/components/ui/use-windowed-rows';
import { PREVIEW_BYTES } from '@/lib/contract/artifact-preview';

const ROW_HEIGHT = 28;

function CsvTable({ header, rows }: { header: string[]; rows: string[][] }) {
  const box = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const w = useWindowedRows(body, rows.length, ROW_HEIGHT, rows.length > 60, box);
  return (
    <div className="preview-box" ref={box} tabIndex={0} role="region" aria-label="CSV preview">
      <table
        className="table preview-table"
        data-testid="csv-preview"
        data-rows={rows.length}
        style={{ '--preview-row-h': `${ROW_HEIGHT}px` } as React.CSSProperties}
      >
        <thead>
          <tr>
            {header.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {w.padTop > 0 && (
            <tr className="spacer" aria-hidden="true" style={{ height: w.padTop }}>
              <td colSpan={header.length} />
            </tr>
          )}
          {rows.slice(w.start, w.end).map((r, i) => (
            <tr key={w.start + i}>
              {header.map((_, c) => (
                <td key={c} title={r[c]}>
                  {r[c] ?? ''}
                </td>
              ))}
            </tr>
          ))}
          {w.padBottom > 0 && (
            <tr className="spacer" aria-hidden="true" style={{ height: w.padBottom }}>
              <td colSpan={header.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export function ArtifactPreview({ runId, path, onClose }: { runId: string; path: string; onClose: () => void }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.runs.artifactPreview.queryOptions({ runId, path }));
  return (
    <div className="artifact-preview" data-testid="artifact-preview" data-path={path}>
      <div className="panel-head">
        <h3>{path}</h3>
        <span className="row-actions">
          <a href={artifactHref(runId, path, true)} download>
            Download
          </a>
          <button type="button" className="button small" onClick={onClose}>
            Close preview
          </button>
        </span>
      </div>
      {q.isPending && <p className="muted">Loading preview…</p>}
      {q.error && (
        <p className="error-box" role="alert">
          Could not preview {path}: {q.error.message}
        </p>
      )}
      {q.data && (
        <>
          {q.data.truncated && (
            <p className="notice">
              The first {formatBytes(PREVIEW_BYTES)} of {formatBytes(q.data.size)}: download the file for the rest.
            </p>
          )}
          {q.data.kind === 'csv' ? (
            <CsvTable header={q.data.header} rows={q.data.rows} />
          ) : (
            <pre className="preview-text" tabIndex={0} data-testid="text-preview">
              {q.data.text}
            </pre>
          )}
        </>
      )}
    </div>
  );
}
