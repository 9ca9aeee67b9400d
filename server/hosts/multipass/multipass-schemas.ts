// zod schemas for `multipass … --format json` (FORMATS.md §11). Multipass prints most
// numbers as strings (cpu_count, snapshot_count, disk sizes) but memory as numbers; a
// stopped instance has an empty cpu_count, empty memory and `disks: {"sda1": {}}`; builds
// differ in optional fields (`snapshot_count`, `zone` on HEAD, `update` in version). Every
// schema is loose so an upgrade never breaks parsing; test/fixtures/multipass/recorded/
// holds Multipass's own formatter test data, which these must accept.
import 'server-only';
import { z } from 'zod';

export const INSTANCE_STATES = [
  'Running',
  'Stopped',
  'Deleted',
  'Starting',
  'Restarting',
  'Delayed Shutdown',
  'Suspending',
  'Suspended',
  'Unknown',
  // format_utils.cpp on HEAD (not v1.16.3): an instance whose availability zone is disabled.
  'Unavailable',
] as const;

/** Known states are listed for the UI; an unknown future state is kept as text, not rejected. */
export const InstanceStateSchema = z.string();
export type InstanceState = (typeof INSTANCE_STATES)[number] | (string & {});

/** "4", 4, "" or missing → number | null. */
const looseInt = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
  });

const UsedTotalSchema = z.looseObject({ used: looseInt.optional(), total: looseInt.optional() });

export const ListEntrySchema = z.looseObject({
  name: z.string(),
  state: InstanceStateSchema,
  ipv4: z.array(z.string()).default([]),
  release: z.string().default(''),
});
export const ListSchema = z.looseObject({ list: z.array(ListEntrySchema) });
export type ListEntry = z.infer<typeof ListEntrySchema>;

export const InstanceInfoSchema = z.looseObject({
  state: InstanceStateSchema,
  image_hash: z.string().default(''),
  image_release: z.string().default(''),
  release: z.string().default(''),
  cpu_count: looseInt,
  snapshot_count: looseInt,
  load: z.array(z.number()).default([]),
  disks: z.record(z.string(), UsedTotalSchema).default({}),
  memory: UsedTotalSchema.default({}),
  ipv4: z.array(z.string()).default([]),
  mounts: z.record(z.string(), z.unknown()).default({}),
  zone: z.looseObject({ name: z.string().optional(), available: z.boolean().optional() }).optional(),
});
export type InstanceInfo = z.infer<typeof InstanceInfoSchema>;

export const InfoSchema = z.looseObject({
  errors: z.array(z.unknown()).default([]),
  info: z.record(z.string(), InstanceInfoSchema),
});

export const VersionSchema = z.looseObject({
  multipass: z.string(),
  /** Missing when the daemon does not answer. */
  multipassd: z.string().optional(),
  /** Present when the daemon knows of a newer release (version_daemon_update_reply.json). */
  update: z.looseObject({ title: z.string(), description: z.string(), url: z.string() }).partial().optional(),
});
export type MultipassVersion = z.infer<typeof VersionSchema>;

/** Parses CLI JSON with a message that names the command, not just zod's path. */
export function parseCliJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${what}: multipass did not print JSON (got ${JSON.stringify(text.slice(0, 120))})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${what}: unexpected JSON shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * The primary address is `ipv4[0]`: Multipass lists it first and k3s adds flannel/cni
 * addresses (10.42.x) after it. Placeholders such as "N/A" while booting are skipped.
 */
export function primaryIpv4(ipv4: readonly string[]): string | undefined {
  const first = ipv4[0]?.trim();
  return first && IPV4_RE.test(first) ? first : undefined;
}
