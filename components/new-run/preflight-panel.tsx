// What a Start would do, asked of the server before anything starts (runs.preflight): the
// configurations with their config ids, how many the runner's memory already holds (lb leaves
// those out), load and cooldown time, functions the gateway does not list. Warnings must be
// confirmed with "Start anyway".
import { formatRuntime } from '@/lib/contract/rate-plan';
import { CAPACITY_SEARCH_ENTRYPOINT } from '@/lib/contract/policy-settings';
import type { RouterOutputs } from '@/components/ui/api-types';

export type PreflightResult = RouterOutputs['runs']['preflight'];

const SHOWN = 50;

function memoryLine(p: PreflightResult): string {
  const where = p.memory.path ? ` (${p.memory.path})` : '';
  if (p.inMemory === null) return `Runner memory not read${where}: ${p.memory.detail ?? p.memory.state}.`;
  if (p.memory.state === 'absent') return `Runner memory${where}: no file yet — every configuration runs.`;
  if (p.memory.state === 'fresh')
    return `Runner memory${where}: started fresh (memory.fresh) — every configuration runs.`;
  return `Runner memory${where}: ${p.inMemory} of ${p.configurations} already there (left out, as lb does).`;
}

function functionsLine(p: PreflightResult): string {
  const f = p.functions;
  if (f.deployed === null) return `Functions not checked: ${f.detail ?? 'unknown'}.`;
  if (f.missing.length === 0) return 'Every function is deployed.';
  return `Not deployed: ${f.missing.join(', ')}${f.willDeploy ? ' (deployed at setup)' : ''}.`;
}

export function PreflightPanel({
  result,
  onStartAnyway,
  starting,
}: {
  result: PreflightResult;
  onStartAnyway: () => void;
  starting: boolean;
}) {
  const p = result;
  return (
    <section className="panel" data-testid="preflight" data-to-run={p.toRun} data-in-memory={p.inMemory ?? ''}>
      <div className="panel-head">
        <h2>Pre-flight</h2>
        <span className="muted">
          {p.toRun} of {p.configurations} configuration{p.configurations === 1 ? '' : 's'} would run · load ≈{' '}
          {formatRuntime(p.loadSeconds * (p.toRun / Math.max(1, p.configurations)))}, cooldowns up to{' '}
          {formatRuntime(p.cooldownMaxSeconds * (p.toRun / Math.max(1, p.configurations)))}
        </span>
      </div>
      {p.policy.search && (
        <p data-testid="preflight-search">
          Capacity search{p.policy.entrypoint === CAPACITY_SEARCH_ENTRYPOINT ? ' (this run)' : ''}: at most{' '}
          {p.policy.search.configurations} configuration{p.policy.search.configurations === 1 ? '' : 's'} · load ≈{' '}
          {formatRuntime(p.policy.search.loadSeconds)}, cooldowns up to{' '}
          {formatRuntime(p.policy.search.cooldownMaxSeconds)}
        </p>
      )}
      <p data-testid="preflight-memory">{memoryLine(p)}</p>
      <p data-testid="preflight-functions">{functionsLine(p)}</p>
      {p.warnings.length > 0 && (
        <div className="warn-box" role="alert" data-testid="preflight-warnings">
          <ul>
            {p.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <button
            type="button"
            className="button"
            onClick={onStartAnyway}
            disabled={starting}
            data-testid="start-anyway"
          >
            Start anyway
          </button>
        </div>
      )}
      {p.listed.length > 0 && (
        <details>
          <summary>Configurations{p.configurations > SHOWN ? ` (first ${SHOWN} of ${p.configurations})` : ''}</summary>
          <table className="table compact" data-testid="preflight-configs">
            <thead>
              <tr>
                <th>config id</th>
                <th>functions × rates</th>
                <th>in memory</th>
              </tr>
            </thead>
            <tbody>
              {p.listed.slice(0, SHOWN).map((c) => (
                <tr key={c.id}>
                  <td>
                    <code>{c.id}</code>
                  </td>
                  <td>{c.label}</td>
                  <td>{c.inMemory ? 'yes — left out' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
