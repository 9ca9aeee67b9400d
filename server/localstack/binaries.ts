// Finds the Debian-packaged monitoring binaries, with an error that says what to install.
import 'server-only';
import { findExecutable, isExecutableFile } from '@/server/process/find-executable';

export interface BinarySpec {
  /** What the error calls it, e.g. "prometheus". */
  label: string;
  /** Executable names to look for on PATH and in /usr/bin, /usr/sbin. */
  names: readonly string[];
  debianPackage: string;
}

export const PROMETHEUS: BinarySpec = { label: 'prometheus', names: ['prometheus'], debianPackage: 'prometheus' };
export const NODE_EXPORTER: BinarySpec = {
  label: 'prometheus-node-exporter',
  names: ['prometheus-node-exporter', 'node_exporter'],
  debianPackage: 'prometheus-node-exporter',
};

export class BinaryNotFoundError extends Error {
  constructor(spec: BinarySpec, where?: string) {
    super(
      `${spec.label} not found${where ? ` at ${where}` : ''}: install the Debian package "${spec.debianPackage}" ` +
        `(apt-get install -y ${spec.debianPackage})`,
    );
    this.name = 'BinaryNotFoundError';
  }
}

/** The executable to run: `override` when given (it must exist), else the first match. */
export function findBinary(spec: BinarySpec, override?: string): string {
  if (override) {
    if (isExecutableFile(override)) return override;
    throw new BinaryNotFoundError(spec, override);
  }
  const found = findExecutable(spec.names, { extraDirs: ['/usr/bin', '/usr/sbin'] });
  if (found) return found;
  throw new BinaryNotFoundError(spec);
}
