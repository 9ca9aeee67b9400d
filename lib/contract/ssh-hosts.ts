// The saved SSH pair (the ssh provider): your runner reached with OpenSSH's client and an
// existing cluster given by its gateway and Prometheus URLs. One schema for the Hosts form,
// the tRPC router, `lb-web hosts add ssh` and the file the provider reads.
import { z } from 'zod';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

export const SshHostnameSchema = z
  .string()
  .refine((h) => HOSTNAME.test(h) || (h.includes(':') && IPV6.test(h)), 'a host name or an IP address');
const absolute = (what: string) =>
  z.string().refine((p) => p.startsWith('/') && !/[\n\r\0]/.test(p), `${what} must be an absolute path`);

/** `user@host[:port]` for ProxyJump, each part validated (ssh would read anything else as options). */
export const JumpHostSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]{0,31}@[A-Za-z0-9][A-Za-z0-9.-]*(?::\d{1,5})?$/,
    'user@host or user@host:port (one jump host)',
  );

export const SshTargetSchema = z.object({
  host: SshHostnameSchema,
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().regex(USER, 'a login name (letters, digits, _ . -)'),
  identityFile: absolute('identityFile'),
  /** strict: the host key must already be in knownHostsFile; accept-new: learn it on first use, refuse a change. */
  knownHosts: z.enum(['strict', 'accept-new']).default('accept-new'),
  knownHostsFile: absolute('knownHostsFile').optional(),
  jumpHost: JumpHostSchema.optional(),
  /** lb_workdir on the host (lb's default `~/.lb`): `~/` is the login's home. */
  workdir: z
    .string()
    .regex(/^(~\/|\/)[A-Za-z0-9._/-]*$/, 'an absolute path or one under ~/ (letters, digits, . _ - /)')
    .refine((p) => !p.split('/').includes('..'), 'must not contain ..')
    .default('~/.lb'),
});
export type SshTarget = z.infer<typeof SshTargetSchema>;
export type SshTargetInput = z.input<typeof SshTargetSchema>;

export const describeTarget = (t: Pick<SshTarget, 'user' | 'host' | 'port'>) => `${t.user}@${t.host}:${t.port}`;

const isHttpUrl = (u: string) => {
  try {
    return /^https?:$/.test(new URL(u).protocol);
  } catch {
    return false;
  }
};
const httpUrl = (what: string) =>
  z
    .string()
    .refine(isHttpUrl, `${what} must be an http:// or https:// URL like http://10.0.0.5:31112`)
    .transform((u) => u.replace(/\/+$/, ''));

export const ExistingClusterSchema = z
  .object({
    gatewayUrl: httpUrl('gatewayUrl'),
    prometheusUrl: httpUrl('prometheusUrl'),
    /** Basic auth for the gateway's /system API: the user, and where the password is. */
    gatewayUser: z
      .string()
      .regex(/^[^:\s]{1,64}$/, 'a user name without spaces or colons')
      .default('admin'),
    gatewayPasswordFile: z
      .string()
      .refine((p) => p.startsWith('/'), 'gatewayPasswordFile must be an absolute path')
      .optional(),
    gatewayPasswordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional(),
  })
  .refine((c) => !(c.gatewayPasswordFile && c.gatewayPasswordEnv), {
    message: 'give gatewayPasswordFile or gatewayPasswordEnv, not both',
  });
export type ExistingCluster = z.infer<typeof ExistingClusterSchema>;

/** Where two targets would write the same files (same login on the same host, same workdir). */
const sameWorkdir = (a: SshTarget, b: SshTarget) =>
  a.host === b.host && a.port === b.port && a.user === b.user && a.workdir === b.workdir;

export const SshPairSchema = z
  .object({
    runner: SshTargetSchema,
    /**
     * More runners sharing every configuration's load with `runner` (the lead): each sends its
     * slice of the rates, one result row per configuration is merged from all of them.
     */
    moreRunners: z.array(SshTargetSchema).max(15, 'at most 16 runners in all').default([]),
    cluster: ExistingClusterSchema,
  })
  .superRefine((d, ctx) => {
    const all = [d.runner, ...d.moreRunners];
    all.forEach((t, i) => {
      if (all.slice(0, i).some((o) => sameWorkdir(o, t)))
        ctx.addIssue({
          code: 'custom',
          path: ['moreRunners', i - 1, 'workdir'],
          message: `${describeTarget(t)} with workdir ${t.workdir} is already a runner: give each runner on one login its own workdir`,
        });
    });
  });
export type SshPair = z.infer<typeof SshPairSchema>;
export type SshPairInput = z.input<typeof SshPairSchema>;

/** `user@host[:port]`, `user@[v6]:port` → its parts; null when it is not that shape. */
export function splitUserHost(value: string): { user: string; host: string; port?: number } | null {
  const m = /^([^@\s]+)@(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+))(?::(\d{1,5}))?$/.exec(value);
  if (!m) return null;
  return { user: m[1]!, host: (m[2] ?? m[3])!, ...(m[4] ? { port: Number(m[4]) } : {}) };
}

/**
 * The Hosts form's "more runners": one per line, `user@host[:port] [workdir]`, sharing the lead's
 * key and host-key policy. Lines of another shape come back in `errors`, named by number.
 */
export function runnersFromLines(
  text: string,
  lead: { identityFile?: string; knownHosts?: string; jumpHost?: string },
): { targets: unknown[]; errors: string[] } {
  const targets: unknown[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [where = '', workdir, ...rest] = line.split(/\s+/);
    const at = splitUserHost(where);
    if (!at || rest.length) errors.push(`line ${i + 1}: "${line}" is not user@host[:port] [workdir]`);
    else targets.push({ ...lead, ...at, ...(workdir ? { workdir } : {}) });
  });
  return { targets, errors };
}

/** The lines `runnersFromLines` reads back. */
export function runnersToLines(targets: readonly Pick<SshTarget, 'user' | 'host' | 'port' | 'workdir'>[]): string {
  return targets
    .map((t) => `${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port} ${t.workdir}`)
    .join('\n');
}
