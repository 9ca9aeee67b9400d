// What a user asks for when provisioning the VM pair. Validated in full before any VM is
// touched, so a bad name or size fails with a field-named error and nothing half-started.
//
// Minimums are Multipass's own (`multipass launch --help`, include/multipass/constants.h):
// 1 CPU, 128M memory, 512M disk. Sizes use its syntax: an integer in bytes or with a
// K/M/G suffix (binary units, optional `B`/`iB`; a decimal only before a unit, e.g. 1.5G).
import 'server-only';
import { z } from 'zod';
import { HostNameSchema, type HostRole } from '@/server/hosts/host';

export const MULTIPASS_MIN_CPUS = 1;
export const MULTIPASS_MIN_MEMORY = '128M';
export const MULTIPASS_MIN_DISK = '512M';

const SIZE_RE = /^(\d+)(?:\.(\d+)(?=[KMG]))?(?:([KMG])(?:i?B)?|B)?$/i;

/** Bytes for a Multipass size string, or null when Multipass would reject its syntax. */
export function parseMultipassSize(text: string): number | null {
  const m = SIZE_RE.exec(text.trim());
  if (!m) return null;
  const unit = (m[3] ?? '').toUpperCase();
  const mult = unit === 'G' ? 1024 ** 3 : unit === 'M' ? 1024 ** 2 : unit === 'K' ? 1024 : 1;
  return Math.floor(Number(`${m[1]}.${m[2] ?? '0'}`) * mult);
}

function sizeSchema(what: 'memory' | 'disk', min: string) {
  const minBytes = parseMultipassSize(min) ?? 0;
  return z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const bytes = parseMultipassSize(v);
      if (bytes === null)
        ctx.addIssue({
          code: 'custom',
          message: `${what} "${v}" is not a Multipass size: use e.g. 4G, 512M or a number of bytes`,
        });
      else if (bytes < minBytes)
        ctx.addIssue({ code: 'custom', message: `${what} "${v}" is below Multipass's minimum of ${min}` });
    });
}

/** Project slugs become part of VM names, so they follow the (lower-case) name rules. */
export const ProjectSlugSchema = z
  .string()
  .min(1)
  .max(24)
  .regex(
    /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
    'lower-case letters, digits and hyphens; start with a letter, end with a letter or digit',
  );

export const VM_NAME_PREFIX = 'lbweb';
export const vmNameFor = (project: string, role: HostRole) => `${VM_NAME_PREFIX}-${project}-${role}`;

export const VmSpecSchema = z.object({
  name: HostNameSchema.optional(),
  cpus: z.number().int().min(MULTIPASS_MIN_CPUS, `cpus must be at least ${MULTIPASS_MIN_CPUS} (Multipass's minimum)`),
  memory: sizeSchema('memory', MULTIPASS_MIN_MEMORY),
  disk: sizeSchema('disk', MULTIPASS_MIN_DISK),
  image: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.:_-]*$/, 'image: a release (24.04, noble, lts) or alias')
    .default('24.04'),
  /**
   * Tried in order when the image cannot be found. `noble`, not `lts`: the role scripts are
   * written for 24.04 and `lts` moves (26.04 resolute since May 2026, multipass
   * docs/reference/command-line-interface/find.md).
   */
  fallbackImages: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:_-]*$/)).default(['noble']),
});

/** lb's specs: k3s 4 CPU / 8G / 20G, runner 2 CPU / 4G / 10G, image 24.04 → noble. */
export const DEFAULT_VM_SPECS: Record<HostRole, { cpus: number; memory: string; disk: string }> = {
  k3s: { cpus: 4, memory: '8G', disk: '20G' },
  runner: { cpus: 2, memory: '4G', disk: '10G' },
};

type VmSpecOut = Omit<z.output<typeof VmSpecSchema>, 'name'> & { name?: string };

const vmInput = (role: HostRole) =>
  VmSpecSchema.partial({ cpus: true, memory: true, disk: true })
    .prefault({})
    .transform((v): VmSpecOut => ({
      ...v,
      cpus: v.cpus ?? DEFAULT_VM_SPECS[role].cpus,
      memory: v.memory ?? DEFAULT_VM_SPECS[role].memory,
      disk: v.disk ?? DEFAULT_VM_SPECS[role].disk,
    }));

export const MultipassPairSpecSchema = z
  .object({
    project: ProjectSlugSchema,
    k3s: vmInput('k3s'),
    runner: vmInput('runner'),
    /** Passed to `launch --timeout`; cloud images on a slow disk can take minutes. */
    launchTimeoutS: z.number().int().min(60).max(3600).default(900),
  })
  .transform((s) => ({
    ...s,
    k3s: { ...s.k3s, name: s.k3s.name ?? vmNameFor(s.project, 'k3s') },
    runner: { ...s.runner, name: s.runner.name ?? vmNameFor(s.project, 'runner') },
  }))
  .superRefine((s, ctx) => {
    // Our VMs carry the project prefix so adopt/stop/destroy never reach a user's other VMs.
    const prefix = `${VM_NAME_PREFIX}-${s.project}-`;
    for (const role of ['k3s', 'runner'] as const) {
      if (!s[role].name.startsWith(prefix))
        ctx.addIssue({
          code: 'custom',
          path: [role, 'name'],
          message: `${role} VM name "${s[role].name}" must start with "${prefix}"`,
        });
      if (s[role].name.length > 40)
        ctx.addIssue({
          code: 'custom',
          path: [role, 'name'],
          message: `${role} VM name "${s[role].name}" is longer than 40 characters`,
        });
    }
    if (s.k3s.name === s.runner.name)
      ctx.addIssue({
        code: 'custom',
        path: ['runner', 'name'],
        message: 'the k3s and runner VMs need different names',
      });
  });

export type MultipassPairSpecInput = z.input<typeof MultipassPairSpecSchema>;
export type MultipassPairSpec = z.output<typeof MultipassPairSpecSchema>;
export type MultipassVmSpec = MultipassPairSpec['k3s'];

export class PairSpecError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid Multipass VM spec: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'PairSpecError';
  }
}

/** Parses a pair spec, reporting every invalid field at once. */
export function parsePairSpec(input: unknown): MultipassPairSpec {
  const r = MultipassPairSpecSchema.safeParse(input);
  if (r.success) return r.data;
  throw new PairSpecError(r.error.issues.map((i) => ({ path: i.path.join('.') || '(spec)', message: i.message })));
}

/** Below these the VM launches but the role will not fit (k3s + OpenFaaS + Prometheus). */
export function specWarnings(spec: MultipassPairSpec): string[] {
  const w: string[] = [];
  const gb = (s: string) => (parseMultipassSize(s) ?? 0) / 1024 ** 3;
  if (spec.k3s.cpus < 2 || gb(spec.k3s.memory) < 2)
    w.push(`k3s VM ${spec.k3s.name}: k3s with OpenFaaS and Prometheus needs at least 2 CPUs and 2G memory`);
  for (const role of ['k3s', 'runner'] as const) {
    if (/^(lts|ubuntu|26\.04|resolute)$/.test(spec[role].image))
      w.push(
        `${role} VM ${spec[role].name}: image ${spec[role].image} is Ubuntu 26.04, the role scripts are written and tested for 24.04 (noble)`,
      );
    if (gb(spec[role].disk) < 5)
      w.push(`${role} VM ${spec[role].name}: Ubuntu cloud images need about 5G of disk (Multipass's default)`);
  }
  return w;
}
