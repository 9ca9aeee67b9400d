'use client';
// A file that cannot be opened: what it is, and what to do. The rest of the page stays usable.
import type { SourceProblem } from './source-loader';
import s from '@/components/explorer/explorer.module.css';

export default function FileMessage({ problem, slot }: { problem: SourceProblem; slot: string }) {
  return (
    <div className={s.message} role="alert" data-testid={`file-message-${slot}`}>
      <h3>{problem.title}</h3>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.hint && <p className={s.hint}>{problem.hint}</p>}
    </div>
  );
}
