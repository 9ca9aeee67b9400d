'use client';
// Which hosts run the workload: the embedded local pair, the Multipass VMs when this machine
// has Multipass, or the saved SSH pair (each option says why it is unavailable otherwise).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import type { ProviderKind } from '@/lib/contract/provider-kind';

export function ProviderField({ value, onChange }: { value: ProviderKind; onChange: (p: ProviderKind) => void }) {
  const trpc = useTRPC();
  const providers = useQuery({ ...trpc.hosts.providers.queryOptions(), staleTime: 30_000 });
  const mp = providers.data?.find((p) => p.kind === 'multipass');
  const ssh = providers.data?.find((p) => p.kind === 'ssh');
  const unavailable = mp && !mp.available ? (mp.reason ?? 'not available') : null;
  return (
    <label className="field">
      <span>Hosts</span>
      <select
        name="provider"
        value={value}
        onChange={(e) => onChange(e.target.value as ProviderKind)}
        data-testid="provider"
      >
        {/* Same wording as the Hosts page; the longer text was cut off in the 16rem field. */}
        <option value="local">local (this machine)</option>
        <option value="multipass" disabled={!mp?.available}>
          multipass VMs{unavailable ? ` — not available: ${unavailable.slice(0, 80)}` : ''}
        </option>
        <option value="ssh" disabled={!ssh?.available}>
          ssh hosts{ssh && !ssh.available ? ' — none saved (Hosts page)' : ''}
        </option>
      </select>
    </label>
  );
}
