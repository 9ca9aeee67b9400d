// Where the two hosts come from: `local` (the embedded default, both roles on this machine) or
// `multipass` (two VMs). The New-run and Hosts pages, the tRPC routers and the CLI all accept
// exactly these names.
import { z } from 'zod';

export const PROVIDER_KINDS = ['local', 'multipass'] as const;
export const DEFAULT_PROVIDER: ProviderKind = 'local';

export const ProviderKindSchema = z.enum(PROVIDER_KINDS, {
  error: `provider must be ${PROVIDER_KINDS.join(' or ')}`,
});
export type ProviderKind = z.infer<typeof ProviderKindSchema>;
