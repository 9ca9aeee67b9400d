// Where a custom policy's module lives on the runner and lb's message when it is not there,
// shared by the agent's loader (which imports it) and the controller's check before a run
// starts (which only asks the runner host whether the file exists). Built-in entrypoints and
// lb's NoOpPolicy need no file.
import 'server-only';
import { join } from 'node:path/posix';
import { CUSTOM_POLICY_MODULE, isCustomEntrypoint } from '@/lib/contract/policy-settings';
import type { Host } from '@/server/hosts/host';

/** lb's ModuleNotFoundError text, raised by import_module. */
export const noModule = (module: string): string => `No module named '${module}'`;

/** The files `policies.<name>` may be, in the order they are tried: <workdir>/policies/<name>.mjs, then .js. */
export function customPolicyFiles(moduleName: string, workdir: string): string[] {
  const name = moduleName.slice('policies.'.length);
  return ['.mjs', '.js'].map((ext) => join(workdir, 'policies', `${name}${ext}`));
}

/** lb's message for a `policies.<name>` module that is in neither file, with where lb-web looked. */
export function missingModuleMessage(moduleName: string, workdir: string): string {
  const base = join(workdir, 'policies', moduleName.slice('policies.'.length));
  return `${noModule(moduleName)} (looked for ${base}.mjs or .js)`;
}

/**
 * Before a run starts: lb's message when the entrypoint names a custom module the runner does
 * not have, else null (no entrypoint, a built-in one, or the file is there). A module outside
 * `policies.` or a malformed entrypoint is the API's and the loader's to refuse, not this check's.
 */
export async function missingPolicyModule(
  entrypoint: string | null,
  runner: Pick<Host, 'fileExists' | 'lbWorkdir'>,
): Promise<string | null> {
  if (!isCustomEntrypoint(entrypoint)) return null;
  const sep = entrypoint!.indexOf(':');
  if (sep < 0) return null;
  const moduleName = entrypoint!.slice(0, sep);
  if (!CUSTOM_POLICY_MODULE.test(moduleName)) return null;
  for (const file of customPolicyFiles(moduleName, runner.lbWorkdir)) {
    if (await runner.fileExists(file)) return null;
  }
  return missingModuleMessage(moduleName, runner.lbWorkdir);
}
