import type { HostsStatus } from '@/components/ui/api-types';

export function HostTable({ status }: { status: HostsStatus }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="host-table">
        <thead>
          <tr>
            <th>Role</th>
            <th>Host</th>
            <th>State</th>
            <th>Address</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {status.hosts.map((h) => (
            <tr key={h.name} data-role={h.role} data-state={h.state}>
              <td>{h.role === 'k3s' ? 'k3s (gateway, Prometheus)' : 'runner (agent, load driver)'}</td>
              <td>{h.name}</td>
              <td>
                <span
                  className={`badge badge-${h.state === 'running' ? 'ok' : h.state === 'error' ? 'bad' : h.state === 'starting' ? 'busy' : 'idle'}`}
                >
                  {h.state}
                </span>
              </td>
              <td>{h.address ?? '—'}</td>
              <td className="wrap">{h.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(status.gatewayUrl || status.prometheusUrl) && (
        <p className="muted">
          Gateway <code>{status.gatewayUrl ?? '—'}</code> · Prometheus <code>{status.prometheusUrl ?? '—'}</code>
        </p>
      )}
    </div>
  );
}
