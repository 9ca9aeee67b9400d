// Builds the Multipass provider the server and CLI use, from the environment.
import 'server-only';
import path from 'node:path';
import { MultipassCli } from './multipass-cli';
import { multipassSettingsFromEnv, requireMultipassBinary } from './multipass-env';
import { MultipassPairProvider } from './multipass-pair-provider';
import { MultipassProvider } from './multipass-provider';

/** `root` holds the project's SSH keys and the agent bundle (e.g. data/hosts/multipass). */
export function createMultipassPairProvider(
  root: string,
  env: Record<string, string | undefined> = process.env,
): MultipassPairProvider {
  const settings = multipassSettingsFromEnv(env);
  const binary = requireMultipassBinary(settings.binary, env.PATH);
  // The multipass child sees this environment (the server's, or a test's stand-in knobs).
  const cliEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const cli = new MultipassCli({ binary, env: cliEnv });
  const lifecycle = new MultipassProvider({ cli, keyRoot: path.join(root, 'keys') });
  return new MultipassPairProvider({
    lifecycle,
    spec: settings.spec,
    workDir: path.join(root, settings.spec.project),
    functions: settings.functions,
    scriptsDir: settings.scriptsDir,
    urls: settings.urls,
  });
}
