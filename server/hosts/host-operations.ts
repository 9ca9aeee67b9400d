// Long host operations (provision, verify, destroy) run in the background so the page can
// show progress lines while they work; one at a time per provider, the latest kept.
import 'server-only';
import type { VerificationCheck } from './host';
import type { HostProvider } from './provider';

export type HostOperationKind = 'provision' | 'verify' | 'destroy';

export interface HostOperation {
  id: number;
  kind: HostOperationKind;
  provider: string;
  startedAt: number;
  endedAt: number | null;
  ok: boolean | null;
  error: string | null;
  lines: { t: number; host: string; step: string; message: string; level: 'info' | 'error' }[];
  checks: VerificationCheck[];
}

const MAX_LINES = 500;

export class HostOperations {
  private current: HostOperation | null = null;
  private running: Promise<void> | null = null;
  private nextId = 1;

  latest(): HostOperation | null {
    return this.current;
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  /** Starts `kind` unless another operation is still running (then that one is returned). */
  start(kind: HostOperationKind, provider: HostProvider): HostOperation {
    if (this.running && this.current) return this.current;
    const op: HostOperation = {
      id: this.nextId++,
      kind,
      provider: provider.kind,
      startedAt: Date.now(),
      endedAt: null,
      ok: null,
      error: null,
      lines: [],
      checks: [],
    };
    this.current = op;
    const onProgress = (p: { host: string; step: string; message: string; level?: 'info' | 'error' }) => {
      op.lines.push({ t: Date.now(), host: p.host, step: p.step, message: p.message, level: p.level ?? 'info' });
      if (op.lines.length > MAX_LINES) op.lines.splice(0, op.lines.length - MAX_LINES);
    };
    const work = async () => {
      if (kind === 'provision') {
        await provider.provision({ onProgress });
        onProgress({ host: 'all', step: 'verify', message: 'verifying both roles' });
        op.checks = await provider.verify({ onProgress });
      } else if (kind === 'verify') op.checks = await provider.verify({ onProgress });
      else await provider.destroy({ onProgress });
    };
    this.running = work()
      .then(
        () => {
          op.ok = op.checks.every((c) => c.ok);
          if (!op.ok) op.error = `${op.checks.filter((c) => !c.ok).length} verification check(s) failed`;
        },
        (err: Error) => {
          op.ok = false;
          op.error = err.message;
          onProgress({ host: 'all', step: 'error', message: err.message, level: 'error' });
        },
      )
      .finally(() => {
        op.endedAt = Date.now();
        this.running = null;
      });
    return op;
  }

  /** Resolves when the running operation (if any) has ended. */
  async settled(): Promise<HostOperation | null> {
    await this.running;
    return this.current;
  }
}

const KEY = Symbol.for('lb-web.host-operations');
const g = globalThis as typeof globalThis & { [KEY]?: Map<string, HostOperations> };

export function hostOperations(provider: string): HostOperations {
  const map = (g[KEY] ??= new Map());
  let ops = map.get(provider);
  if (!ops) map.set(provider, (ops = new HostOperations()));
  return ops;
}
