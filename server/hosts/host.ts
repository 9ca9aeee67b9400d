// The seam between the controller and the machines it drives. A Host runs argv commands,
// streams long-running ones, moves files and tells its address. Providers: local (the
// embedded default, a directory per host on this machine) and multipass (VMs); ssh later.
import 'server-only';
import { z } from 'zod';
import type { ProviderKind } from '@/lib/contract/provider-kind';

export const HostRoleSchema = z.enum(['k3s', 'runner']);
export type HostRole = z.infer<typeof HostRoleSchema>;

/** VM / host names: Multipass rules (letters, digits, hyphens; start with a letter, end alphanumeric). */
export const HostNameSchema = z
  .string()
  .min(2)
  .max(40)
  .regex(
    /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    'letters, digits and hyphens; start with a letter, end with a letter or digit',
  );

export interface ExecOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
}

export interface ExecResult {
  argv: readonly string[];
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface StreamHandle {
  /** Resolves with the exit code when the remote command ends. */
  exited: Promise<{ code: number | null }>;
  /** Ends the command (and, for remote hosts, the local transport process). */
  stop(): Promise<void>;
  /** Host-local pid of the command when known (local provider), for diagnostics. */
  pid?: number;
}

export interface StreamOptions extends ExecOptions {
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export interface Host {
  readonly name: string;
  readonly role: HostRole;
  readonly provider: ProviderKind;
  /** lb_workdir on the host: the agent's working directory and where STOP lives. */
  readonly lbWorkdir: string;
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  stream(argv: readonly string[], opts?: StreamOptions): StreamHandle;
  push(localPath: string, remotePath: string, opts?: { recursive?: boolean }): Promise<void>;
  pull(remotePath: string, localPath: string, opts?: { recursive?: boolean }): Promise<void>;
  /** Creates a file on the host with the given content (used for STOP and run specs). */
  writeFile(remotePath: string, content: string): Promise<void>;
  fileExists(remotePath: string): Promise<boolean>;
  /** A small text file's content, or null when it does not exist. */
  readText(remotePath: string): Promise<string | null>;
  /** Whether process `pid` runs on the host (a zombie does not count). */
  isAlive(pid: number): Promise<boolean>;
  /** Signals the process group led by `pgid` on the host; false when it is gone. */
  signalGroup(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<boolean>;
  address(): Promise<string>;
}

export interface VerificationCheck {
  role: HostRole;
  host: string;
  name: string;
  /** What was run, for the user (argv joined, or a URL). */
  command: string;
  ok: boolean;
  output: string;
  durationMs: number;
}

export type ProgressListener = (p: {
  host: string;
  role: HostRole | 'all';
  step: string;
  message: string;
  level?: 'info' | 'error';
}) => void;
