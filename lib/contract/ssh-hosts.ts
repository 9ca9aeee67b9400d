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

export const SshPairSchema = z.object({
  runner: SshTargetSchema,
  cluster: ExistingClusterSchema,
});
export type SshPair = z.infer<typeof SshPairSchema>;
export type SshPairInput = z.input<typeof SshPairSchema>;
