// Verification checks grouped by role, so a failure says which role broke; each check
// shows what was run and its output on demand.
import { PassBadge } from '@/components/ui/pass-badge';
import type { HostOperationView } from '@/components/ui/api-types';

type Check = HostOperationView['checks'][number];

export function CheckList({ checks }: { checks: readonly Check[] }) {
  const roles = [...new Set(checks.map((c) => c.role))];
  return (
    <div className="checks" data-testid="checks">
      {roles.map((role) => {
        const mine = checks.filter((c) => c.role === role);
        const failed = mine.filter((c) => !c.ok).length;
        return (
          <section key={role} className="check-role" data-role={role}>
            <h3>
              {role} role <small className="muted">({mine[0]?.host})</small> <PassBadge ok={failed === 0} />{' '}
              <small className="muted">
                {failed === 0 ? `${mine.length} checks passed` : `${failed} of ${mine.length} failed`}
              </small>
            </h3>
            <ul className="check-items">
              {mine.map((c) => (
                <li key={`${c.host}:${c.name}`} data-testid="check" data-ok={String(c.ok)} data-role={c.role}>
                  <details>
                    <summary>
                      <PassBadge ok={c.ok} /> <strong>{c.name}</strong> <code>{c.command}</code>{' '}
                      <small className="muted">{c.durationMs} ms</small> <span className="output-toggle">output</span>
                    </summary>
                    <pre className="output">{c.output || '(no output)'}</pre>
                  </details>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
