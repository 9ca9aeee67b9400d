// Which process drives a run: recorded in its journal when the run starts or is re-attached,
// so that another process can tell a run whose controller is alive (not its business) from
// one whose controller died (to re-attach or close).
import 'server-only';
import { isProcessAlive, thisProcess, type ProcessIdentity } from '@/server/process/process-identity';

export type ControllerKind = 'server' | 'cli';

export interface ControllerIdentity extends ProcessIdentity {
  kind: ControllerKind | string;
}

export function thisController(kind: ControllerKind): ControllerIdentity {
  return { ...thisProcess(), kind };
}

export const isControllerAlive = (c: ControllerIdentity | null | undefined): boolean => isProcessAlive(c);
