'use client';
// The Hosts page: choose a provider, see each role's host, and run provision / verify /
// destroy. Those run in the background on the server; the page polls the operation every
// 700 ms while it runs so progress lines and checks appear live.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { HostTable } from './host-table';
import { OperationView } from './operation-view';
import { SshPairForm } from './ssh-pair-form';
import { DEFAULT_PROVIDER, type ProviderKind } from '@/lib/contract/provider-kind';

const POLL_MS = 700;

export function HostsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [provider, setProvider] = useState<ProviderKind>(DEFAULT_PROVIDER);
  // Multipass is offered only where it can be used (binary present, settings valid).
  const providersQ = useQuery({ ...trpc.hosts.providers.queryOptions(), refetchInterval: false });
  const mp = providersQ.data?.find((p) => p.kind === 'multipass');
  const multipass = {
    isPending: providersQ.isPending,
    data: mp?.available ? mp : null,
    error: mp && !mp.available ? { message: mp.reason ?? 'not available' } : null,
  };
  const opQ = useQuery({
    ...trpc.hosts.operation.queryOptions({ provider }),
    refetchInterval: (q) => (q.state.data && q.state.data.endedAt === null ? POLL_MS : false),
  });
  const running = Boolean(opQ.data && opQ.data.endedAt === null);
  const statusQ = useQuery({
    ...trpc.hosts.status.queryOptions({ provider }),
    refetchInterval: running ? POLL_MS * 2 : 10_000,
  });

  // The provider comes from the mutation's own input, not this render's closure: a click right
  // after switching provider can run before the mutation observer sees the new options.
  // The started operation is shown at once from the mutation's answer; an operation query
  // already in flight (sent before the start) is cancelled so its stale "none" cannot win.
  const onStarted = async (op: unknown, vars: { provider?: ProviderKind }) => {
    const p = vars.provider ?? DEFAULT_PROVIDER;
    const opKey = trpc.hosts.operation.queryKey({ provider: p });
    await queryClient.cancelQueries({ queryKey: opKey });
    queryClient.setQueryData(opKey, op as never);
    void queryClient.invalidateQueries({ queryKey: trpc.hosts.status.queryKey({ provider: p }) });
  };
  const provision = useMutation(trpc.hosts.provision.mutationOptions({ onSuccess: onStarted }));
  const verify = useMutation(trpc.hosts.verify.mutationOptions({ onSuccess: onStarted }));
  const destroy = useMutation(trpc.hosts.destroy.mutationOptions({ onSuccess: onStarted }));
  const mutationError = provision.error ?? verify.error ?? destroy.error;
  const busy = running || provision.isPending || verify.isPending || destroy.isPending;

  return (
    <div className="hosts-panel">
      <div className="toolbar">
        <label>
          Provider{' '}
          <select
            value={provider}
            onChange={(e) => setProvider(e.target.value as ProviderKind)}
            data-testid="provider-select"
          >
            <option value="local">local (this machine)</option>
            <option value="multipass" disabled={!multipass.data}>
              multipass{multipass.isPending ? ' (checking…)' : multipass.error ? ' — not available here' : ''}
            </option>
            {/* Always selectable: this is where an SSH pair is first saved. */}
            <option value="ssh">ssh (your runner + an existing cluster)</option>
          </select>
        </label>
        {multipass.error && (
          <small className="muted" data-testid="multipass-unavailable" title={multipass.error.message}>
            Multipass not available here: {multipass.error.message}
          </small>
        )}
      </div>

      {provider === 'ssh' && <SshPairForm />}

      {statusQ.error ? (
        <p className="error-box" role="alert">
          Status of {provider} hosts failed: {statusQ.error.message}
        </p>
      ) : statusQ.data ? (
        <HostTable status={statusQ.data} />
      ) : (
        <p className="muted">Loading host status…</p>
      )}

      <div className="actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => provision.mutate({ provider })}>
          Provision
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => verify.mutate({ provider })}>
          Verify
        </button>
        <ConfirmButton
          label="Destroy"
          question={`Destroy both ${provider} hosts and stop every process they run?`}
          confirmLabel="Confirm destroy"
          disabled={busy}
          onConfirm={() => destroy.mutate({ provider })}
        />
      </div>
      {mutationError && (
        <p className="error-box" role="alert">
          {mutationError.message}
        </p>
      )}
      {opQ.data ? (
        <OperationView op={opQ.data} />
      ) : (
        <p className="muted">No host operation yet in this server session.</p>
      )}
    </div>
  );
}
