'use client';
// Which hosts run the workload: the embedded local pair, or the Multipass VMs when this
// machine has Multipass (the option says why it is unavailable otherwise).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';

export type ProviderKind = 'local' | 'multipass';

export function ProviderField({ value, onChange }: { value: ProviderKind; onChange: (p: ProviderKind) => void }) {
  const trpc = useTRPC();
  const multipass = useQuery({ ...trpc.hosts.status.queryOptions({ provider: 'multipass' }), retry: false, staleTime: 30_000 });
  const unavailable = multipass.isError ? multipass.error.message : null;
  return (
    <label className="field">
      <span>Hosts</span>
      <select name="provider" value={value} onChange={(e) => onChange(e.target.value as ProviderKind)} data-testid="provider">
        {/* Same wording as the Hosts page; the longer text was cut off in the 16rem field. */}
        <option value="local">local (this machine)</option>
        <option value="multipass" disabled={Boolean(unavailable) || multipass.isPending}>
          multipass VMs{unavailable ? ` — not available: ${unavailable.slice(0, 80)}` : ''}
        </option>
      </select>
    </label>
  );
}
