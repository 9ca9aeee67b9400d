// lb's policy settings (DfaasConfig: selection_mode, micro_batch_size, micro_batch_window_s,
// algorithm_entrypoint), read from a raw config the way lb reads them, plus which entrypoints
// lb-web has built in. Browser-safe: the New-run form, the API guard and the agent share it.
import { z } from 'zod';
import { parsePevaConfig } from './peva-config';

export type SelectionMode = 'online' | 'micro_batch';

export interface PolicySettings {
  selectionMode: SelectionMode;
  microBatchSize: number;
  microBatchWindowS: number;
  /** lb's `algorithm_entrypoint` ("module:Class"); null → lb's NoOpPolicy. */
  entrypoint: string | null;
}

/** lb's defaults (DfaasConfig). */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  selectionMode: 'online',
  microBatchSize: 8,
  microBatchWindowS: 30,
  entrypoint: null,
};

/** lb-web's capacity search (server/peva/policy/capacity-search.ts). lb cannot import it. */
export const CAPACITY_SEARCH_ENTRYPOINT = 'lb_web.policies:CapacitySearch';
/** lb's own default, named explicitly: the same as no entrypoint. */
export const LB_NOOP_ENTRYPOINT = 'lb_plugins.plugins.peva_faas.services.algorithm_loader:NoOpPolicy';
export const BUILTIN_ENTRYPOINTS = [CAPACITY_SEARCH_ENTRYPOINT, LB_NOOP_ENTRYPOINT] as const;

/** The Python-like module a custom policy may name: `policies.<name>` (a file in <workdir>/policies). */
export const CUSTOM_POLICY_MODULE = /^policies\.[A-Za-z_][A-Za-z0-9_]*$/;

/** Custom: an entrypoint that is neither absent nor built in (it runs code from the runner's workdir). */
export const isCustomEntrypoint = (entrypoint: string | null): boolean =>
  entrypoint !== null && entrypoint !== '' && !(BUILTIN_ENTRYPOINTS as readonly string[]).includes(entrypoint);

/**
 * Why a run may not start with this entrypoint, or null: lb's format message (lb raises it when
 * the run starts), a custom policy while they are not allowed, a module the runner cannot load.
 */
export function entrypointProblem(entrypoint: string | null, customAllowed: boolean): string | null {
  if (!isCustomEntrypoint(entrypoint)) return null;
  const sep = entrypoint!.indexOf(':');
  if (sep < 0) return "algorithm_entrypoint must use 'module:Class' format";
  if (!customAllowed) {
    return (
      `custom policy ${JSON.stringify(entrypoint)} refused: this server runs custom policies only when started ` +
      `with LBWEB_ALLOW_CUSTOM_POLICIES=1 (built in: ${CAPACITY_SEARCH_ENTRYPOINT})`
    );
  }
  const module = entrypoint!.slice(0, sep);
  if (!CUSTOM_POLICY_MODULE.test(module)) {
    return `No module named '${module}' (lb-web loads custom policies only as 'policies.<name>:<Class>', from the policies folder of the runner's workdir)`;
  }
  return null;
}

/** The policy settings of a raw config (bare or plugin_settings); lb's defaults when it does not parse. */
export function policySettingsOf(raw: unknown): PolicySettings {
  const parsed = parsePevaConfig(raw);
  if (!parsed.ok) return DEFAULT_POLICY_SETTINGS;
  const c = parsed.config;
  return {
    selectionMode: c.selection_mode,
    microBatchSize: c.micro_batch_size,
    microBatchWindowS: c.micro_batch_window_s,
    entrypoint: c.algorithm_entrypoint || null,
  };
}

export const PolicySettingsSchema = z.object({
  selectionMode: z.enum(['online', 'micro_batch']),
  microBatchSize: z.number().int().min(1),
  microBatchWindowS: z.number().int().min(1),
  entrypoint: z.string().nullable(),
}) satisfies z.ZodType<PolicySettings>;
