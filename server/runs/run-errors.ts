// Errors of the run domain that callers act on (the API maps them to status codes by name).
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

export class RunExistsError extends Error {
  constructor(
    readonly runId: string,
    outputRoot: string,
  ) {
    super(`run ${runId} already exists in ${outputRoot}; choose another run id`);
    this.name = 'RunExistsError';
  }
}

/** The runner already runs a run: two agents would share its STOP file and its load. */
export class RunnerBusyError extends Error {
  constructor(
    readonly activeRunId: string,
    detail: string,
  ) {
    super(
      `the runner is busy with run ${activeRunId} (${detail}); stop it first (lb-web stop ${activeRunId}) or wait for it to end`,
    );
    this.name = 'RunnerBusyError';
  }
}

/** A run still going cannot be deleted (its agent writes into it). */
export class RunActiveError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} is still active: stop it before deleting it`);
    this.name = 'RunActiveError';
  }
}
