// lb's `load_policy_algorithm` (services/algorithm_loader.py): no entrypoint → NoOpPolicy;
// "module:Class" → an instance of Class, checked against the contract, with lb's messages.
// Loading a module runs its code on the runner, so lb-web narrows what may be named: the
// built-in policies, or `policies.<name>:<Class>` — the file <lb_workdir>/policies/<name>.mjs
// (or .js). Never an arbitrary path or package. The controller's API refuses custom ones unless
// the server was started with LBWEB_ALLOW_CUSTOM_POLICIES=1 (refuseCustomPolicy, server/api/routers/runs.ts),
// and the controller refuses a module the runner does not have before the run starts (policy-module.ts).
import 'server-only';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CAPACITY_SEARCH_ENTRYPOINT, CUSTOM_POLICY_MODULE, LB_NOOP_ENTRYPOINT } from '@/lib/contract/policy-settings';
import type { Thresholds } from '@/lib/contract/thresholds';
import { CapacitySearchPolicy } from './capacity-search';
import { implementsPolicy, NoOpPolicy, type PolicyAlgorithm } from './policy-contract';
import { customPolicyFiles, missingModuleMessage, noModule } from './policy-module';

/** What a built-in policy may need from the run (custom ones are built with no argument, as lb does). */
export interface PolicyContext {
  /** lb's runner workdir: custom policies live in its `policies` folder. */
  workdir: string;
  thresholds?: Thresholds;
}

export async function loadPolicyAlgorithm(entrypoint: string | null, ctx: PolicyContext): Promise<PolicyAlgorithm> {
  if (!entrypoint || entrypoint === LB_NOOP_ENTRYPOINT) return new NoOpPolicy();
  const sep = entrypoint.indexOf(':');
  if (sep < 0) throw new Error("algorithm_entrypoint must use 'module:Class' format");
  const moduleName = entrypoint.slice(0, sep);
  const className = entrypoint.slice(sep + 1);
  if (entrypoint === CAPACITY_SEARCH_ENTRYPOINT) {
    return new CapacitySearchPolicy({ thresholds: ctx.thresholds });
  }
  const loaded = await importCustomModule(moduleName, ctx.workdir);
  const cls = loaded[className];
  if (typeof cls !== 'function') throw new Error(`Policy class '${className}' not found in '${moduleName}'`);
  const instance: unknown = new (cls as new () => unknown)();
  if (!implementsPolicy(instance)) {
    throw new TypeError(`Loaded policy '${entrypoint}' does not implement PolicyAlgorithm contract`);
  }
  return instance;
}

/** `policies.<name>` → <workdir>/policies/<name>.mjs or .js; anything else is refused. */
async function importCustomModule(moduleName: string, workdir: string): Promise<Record<string, unknown>> {
  if (!CUSTOM_POLICY_MODULE.test(moduleName)) {
    throw new Error(
      `${noModule(moduleName)} (lb-web loads custom policies only as 'policies.<name>:<Class>', ` +
        `from the policies folder of the runner's workdir; built in: ${CAPACITY_SEARCH_ENTRYPOINT})`,
    );
  }
  const file = customPolicyFiles(moduleName, workdir).find((f) => existsSync(f));
  if (!file) throw new Error(missingModuleMessage(moduleName, workdir));
  return (await import(/* webpackIgnore: true */ pathToFileURL(file).href)) as Record<string, unknown>;
}
