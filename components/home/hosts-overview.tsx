'use client';
// The hosts of every provider that can be used here: each host's state and the provider's last
// provision or verify (when, and how many checks passed), with a link to act on them.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { formatDateTime } from '@/components/ui/format';
import type { ProviderKind } from '@/lib/contract/provider-kind';

function ProviderHosts({ provider }: { provider: ProviderKind }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.hosts.status.queryOptions({ provider }), refetchInterval: 10_000 });
  if (q.error)
    return (
      <li data-provider={provider}>
        <strong>{provider}</strong>: <span className="error-text">{q.error.message}</span>
      </li>
    );
  if (!q.data) return <li className="muted">{provider}: checking…</li>;
  if (q.data.hosts.length === 0 && provider !== 'local') return null;
  const op = q.data.operation;
  const up = q.data.hosts.filter((h) => h.state === 'running').length;
  const passed = op?.checks.filter((c) => c.ok).length ?? 0;
  return (
    <li data-provider={provider} data-testid="provider-hosts">
      <strong>{provider}</strong>:{' '}
      <span className={up === q.data.hosts.length && up > 0 ? 'ok-text' : 'warn-text'}>
        {q.data.hosts.length === 0
          ? 'no hosts'
          : q.data.hosts.map((h) => `${h.name} (${h.role}) ${h.state}`).join(', ')}
      </span>
      {op ? (
        <span className="muted">
          {' '}
          · last {op.kind} {op.endedAt ? formatDateTime(op.endedAt) : 'running'}
          {op.checks.length > 0 ? `: ${passed}/${op.checks.length} checks passed` : ''}
          {op.error ? ` — ${op.error}` : ''}
        </span>
      ) : (
        <span className="muted"> · not verified since the server started</span>
      )}
    </li>
  );
}

export function HostsOverview() {
  const trpc = useTRPC();
  const providers = useQuery({ ...trpc.hosts.providers.queryOptions(), refetchInterval: false });
  const usable = (providers.data ?? []).filter((p) => p.available).map((p) => p.kind);
  return (
    <section aria-labelledby="hosts-h" className="overview-section">
      <h2 id="hosts-h">
        Hosts{' '}
        <Link href="/hosts" className="small-link">
          manage
        </Link>
      </h2>
      <ul className="plain-list" data-testid="hosts-overview">
        {(usable.length ? usable : (['local'] as const)).map((p) => (
          <ProviderHosts key={p} provider={p} />
        ))}
      </ul>
    </section>
  );
}
