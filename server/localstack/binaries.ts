// Finds the Debian-packaged monitoring binaries, with an error that says what to install.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable to run: `override` when given (it must exist), else the first match. */
export function findBinary(spec: BinarySpec, override?: string): string {
  if (override) {
    if (isExecutable(override)) return override;
    throw new BinaryNotFoundError(spec, override);
  }
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'];
  for (const name of spec.names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new BinaryNotFoundError(spec);
}
