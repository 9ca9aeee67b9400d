'use client';
// One line on the overview page: are the local hosts up?
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';

export function HostsSummary() {
  const trpc = useTRPC();
  const q = useQuery(trpc.hosts.status.queryOptions({ provider: 'local' }));
  if (!q.data) return null;
  const up = q.data.hosts.filter((h) => h.state === 'running').length;
  return (
    <p className={up === q.data.hosts.length ? 'ok-box' : 'notice'} data-testid="hosts-summary">
      Hosts (local): {q.data.hosts.map((h) => `${h.role} ${h.state}`).join(', ')}.{' '}
      {up < q.data.hosts.length && <a href="/hosts">Provision them</a>}
    </p>
  );
}
