// A config rejected before anything starts: every invalid field with its path.
import 'server-only';
export class ConfigValidationError extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(`invalid PEVA-FAAS config: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

export class RunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} not found`);
    this.name = 'RunNotFoundError';
  }
}
