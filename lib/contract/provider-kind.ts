// Where the two hosts come from: `local` (the embedded default, both roles on this machine),
// `multipass` (two VMs) or `ssh` (your own runner over SSH and an existing cluster). The
// New-run and Hosts pages, the tRPC routers and the CLI all accept exactly these names.
import { z } from 'zod';

export const PROVIDER_KINDS = ['local', 'multipass', 'ssh'] as const;
export const DEFAULT_PROVIDER: ProviderKind = 'local';

export const ProviderKindSchema = z.enum(PROVIDER_KINDS, {
  error: `provider must be one of ${PROVIDER_KINDS.join(', ')}`,
});
export type ProviderKind = z.infer<typeof ProviderKindSchema>;
