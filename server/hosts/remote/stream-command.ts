// A long-running command on a remote host, through a local transport process (`multipass exec`,
// `ssh`): its lines to the caller, an optional deadline, and a stop that ends the transport.
import 'server-only';
import type { StreamHandle, StreamOptions } from '@/server/hosts/host';
import { spawnOwned } from '@/server/process/owned-process';

export function streamCommand(
  argv: readonly string[],
  opts: Omit<StreamOptions, 'env' | 'cwd'> & { name: string; transportEnv?: NodeJS.ProcessEnv; missingHint: string },
): StreamHandle {
  const proc = spawnOwned(argv, {
    name: opts.name,
    env: opts.transportEnv,
    signal: opts.signal,
    stdio: ['ignore', 'pipe', 'pipe'],
    onStdoutLine: opts.onStdoutLine ?? (() => {}),
    onStderrLine: opts.onStderrLine ?? (() => {}),
  });
  // A missing binary would otherwise end the stream silently with code null.
  proc.child.once('error', (err) => opts.onStderrLine?.(`${argv[0]}: ${err.message} — ${opts.missingHint}`));
  const timer = opts.timeoutMs ? setTimeout(() => void proc.stop(), opts.timeoutMs) : undefined;
  const exited = proc.exited.then(({ code }) => {
    if (timer) clearTimeout(timer);
    return { code };
  });
  return { exited, pid: proc.pid > 0 ? proc.pid : undefined, stop: async () => void (await proc.stop()) };
}
