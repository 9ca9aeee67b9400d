// One operation at a time: callers arriving while it runs share its promise instead of
// starting a second one (two provisionings of the same hosts would fight over them).
import 'server-only';

export class SingleFlight<T> {
  #running: Promise<T> | undefined;

  run(work: () => Promise<T>): Promise<T> {
    this.#running ??= work().finally(() => (this.#running = undefined));
    return this.#running;
  }
}
