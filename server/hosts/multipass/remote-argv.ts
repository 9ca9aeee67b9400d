// `multipass exec N -- argv…` does not pass argv as an array: it joins it into one SSH
// command line for the VM's shell. Builds up to ~1.13 wrap each word in '…' (or "…" when
// it holds a '), later builds backslash-escape it. We only send words that mean the same
// under every scheme, and wrap cwd/env with `env` instead of `exec --working-directory`
// (which, with `sudo` first, joins the words into `sh -c` without quoting).
import 'server-only';

export class UnsafeRemoteArgError extends Error {
  constructor(
    readonly arg: string,
    reason: string,
  ) {
    super(
      `argument ${JSON.stringify(arg.slice(0, 80))} cannot be passed through \`multipass exec\`: ${reason}; put it in a file and transfer it instead`,
    );
    this.name = 'UnsafeRemoteArgError';
  }
}

const DOUBLE_QUOTE_SPECIALS = /["$`\\]/;

export function assertPortableRemoteArg(arg: string): void {
  if (/[\n\r\0]/.test(arg)) throw new UnsafeRemoteArgError(arg, 'it contains a newline or NUL');
  if (arg.includes("'") && DOUBLE_QUOTE_SPECIALS.test(arg)) {
    throw new UnsafeRemoteArgError(arg, 'it mixes a single quote with one of " $ ` \\');
  }
}

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** argv for the VM: `env [-C cwd] [K=V…] argv…` when cwd/env are given, validated word by word. */
export function remoteArgv(
  argv: readonly string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): string[] {
  if (argv.length === 0) throw new Error('remote command: empty argv');
  const prefix: string[] = [];
  const envEntries = Object.entries(opts.env ?? {});
  if (opts.cwd !== undefined || envEntries.length > 0) {
    prefix.push('env');
    if (opts.cwd !== undefined) prefix.push('-C', opts.cwd);
    for (const [k, v] of envEntries) {
      if (!ENV_NAME_RE.test(k))
        throw new Error(`remote command: invalid environment variable name ${JSON.stringify(k)}`);
      prefix.push(`${k}=${v}`);
    }
    // `env` would read a first word containing '=' as one more assignment.
    if (argv[0]?.includes('=')) throw new Error(`remote command: program name ${JSON.stringify(argv[0])} contains '='`);
  }
  const out = [...prefix, ...argv];
  out.forEach(assertPortableRemoteArg);
  return out;
}
