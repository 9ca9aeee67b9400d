'use client';
// The saved SSH pair on the Hosts page: your runner (user@host, port, key, host-key policy,
// workdir) and the existing cluster (gateway and Prometheus URLs, where the gateway password
// is). Validated here with the router's own schema; saved on the server as a 0600 file.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { Field } from '@/components/ui/field';
import { runnersFromLines, runnersToLines, SshPairSchema } from '@/lib/contract/ssh-hosts';

type Values = Record<(typeof FIELDS)[number]['path'], string>;

const FIELDS = [
  { path: 'runner.user', label: 'Runner user', placeholder: 'ubuntu' },
  { path: 'runner.host', label: 'Runner host', placeholder: '10.0.0.7' },
  { path: 'runner.port', label: 'SSH port', placeholder: '22' },
  {
    path: 'runner.identityFile',
    label: 'Identity file (on the lb-web machine)',
    placeholder: '/home/me/.ssh/id_ed25519',
  },
  { path: 'runner.knownHosts', label: 'Host key policy', placeholder: 'accept-new' },
  { path: 'runner.workdir', label: 'Workdir on the runner', placeholder: '~/.lb' },
  { path: 'cluster.gatewayUrl', label: 'OpenFaaS gateway URL', placeholder: 'http://10.0.0.5:31112' },
  { path: 'cluster.prometheusUrl', label: 'Prometheus URL', placeholder: 'http://10.0.0.5:30411' },
  {
    path: 'cluster.gatewayPasswordFile',
    label: 'Gateway password file (optional)',
    placeholder: '/etc/lb-web/gateway-password',
  },
] as const;

const blank = (s: string) => (s.trim() === '' ? undefined : s.trim());

function toInput(v: Values, moreRunners: string) {
  const runner = {
    user: v['runner.user'].trim(),
    host: v['runner.host'].trim(),
    port: blank(v['runner.port']) === undefined ? undefined : Number(v['runner.port']),
    identityFile: v['runner.identityFile'].trim(),
    knownHosts: blank(v['runner.knownHosts']),
    workdir: blank(v['runner.workdir']),
  };
  return {
    runner,
    moreRunners: runnersFromLines(moreRunners, runner).targets,
    cluster: {
      gatewayUrl: v['cluster.gatewayUrl'].trim(),
      prometheusUrl: v['cluster.prometheusUrl'].trim(),
      gatewayPasswordFile: blank(v['cluster.gatewayPasswordFile']),
    },
  };
}

function fromSaved(saved: unknown): Values {
  const get = (path: string) =>
    String(path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], saved) ?? '');
  return Object.fromEntries(FIELDS.map((f) => [f.path, get(f.path)])) as Values;
}

/** Every error under moreRunners.<i>…, named by its line. */
function moreRunnerErrors(errors: Record<string, string[]>): string[] | undefined {
  const found = Object.entries(errors)
    .filter(([path]) => path === 'moreRunners' || path.startsWith('moreRunners.'))
    .flatMap(([path, messages]) => {
      const line = /^moreRunners\.(\d+)/.exec(path)?.[1];
      return messages.map((m) => (line === undefined ? m : `line ${Number(line) + 1}: ${m}`));
    });
  return found.length ? found : undefined;
}

export function SshPairForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = useQuery(trpc.hosts.sshPair.queryOptions());
  const [edited, setEdited] = useState<Values | null>(null);
  const values = edited ?? fromSaved(saved.data ?? {});
  const [editedRunners, setEditedRunners] = useState<string | null>(null);
  const moreRunners = editedRunners ?? runnersToLines(saved.data?.moreRunners ?? []);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const save = useMutation(
    trpc.hosts.saveSshPair.mutationOptions({
      onSuccess: () => {
        setEdited(null);
        setEditedRunners(null);
        void queryClient.invalidateQueries({ queryKey: trpc.hosts.pathKey() });
      },
    }),
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = SshPairSchema.safeParse(toInput(values, moreRunners));
    const lineErrors = runnersFromLines(moreRunners, {}).errors;
    if (!parsed.success || lineErrors.length) {
      const byPath: Record<string, string[]> = lineErrors.length ? { moreRunners: lineErrors } : {};
      if (parsed.success) return setErrors(byPath);
      for (const i of parsed.error.issues) (byPath[i.path.join('.')] ??= []).push(i.message);
      setErrors(byPath);
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };

  return (
    <form className="ssh-pair-form" onSubmit={onSubmit} data-testid="ssh-pair-form" noValidate>
      <p className="muted">
        Your runner is reached with <code>ssh</code> (key authentication, no password prompts); the cluster is used
        through its URLs. Nothing secret is stored: the gateway password stays in its file.
      </p>
      <div className="form-grid">
        {FIELDS.map((f) => (
          <Field key={f.path} path={f.path} label={f.label} errors={errors[f.path]}>
            {(p) => (
              <input
                {...p}
                type="text"
                name={f.path}
                placeholder={f.placeholder}
                value={values[f.path]}
                onChange={(e) => setEdited({ ...values, [f.path]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <Field path="moreRunners" label="More runners (optional)" errors={moreRunnerErrors(errors)}>
          {(p) => (
            <textarea
              {...p}
              name="moreRunners"
              rows={2}
              placeholder="user@10.0.0.8:22 ~/.lb — one per line; they share the load (same key)"
              value={moreRunners}
              onChange={(e) => setEditedRunners(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {saved.data ? 'Save SSH hosts' : 'Add SSH hosts'}
        </button>
        {save.isSuccess && !edited && <span className="muted">saved: {save.data.runner}</span>}
      </div>
      {(save.error ?? saved.error) && (
        <p className="error-box" role="alert">
          {(save.error ?? saved.error)?.message}
        </p>
      )}
    </form>
  );
}
